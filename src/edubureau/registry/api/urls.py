from rest_framework.routers import DefaultRouter

from edubureau.registry.api import views

app_name = "registry-api"
router = DefaultRouter()
router.register("areas", views.AreaViewSet)
router.register("departments", views.DepartmentViewSet)
router.register("schools", views.SchoolViewSet)
router.register("classes", views.SchoolClassViewSet)
router.register("teachers", views.TeacherViewSet)
router.register("students", views.StudentViewSet)
router.register("enrollments", views.EnrollmentViewSet)
router.register("population", views.PopulationViewSet)
router.register("finance", views.FinanceRecordViewSet)
urlpatterns = router.urls
