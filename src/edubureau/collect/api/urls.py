from rest_framework.routers import DefaultRouter

from edubureau.collect.api import views

app_name = "collect-api"
router = DefaultRouter()
router.register("forms", views.FormViewSet)
router.register("assignments", views.AssignmentViewSet)
router.register("submissions", views.SubmissionViewSet)
urlpatterns = router.urls
