from rest_framework.routers import DefaultRouter

from edubureau.supervision.api import views

app_name = "supervision-api"
router = DefaultRouter()
router.register("supervisors", views.SupervisorViewSet)
router.register("visits", views.VisitViewSet)
router.register("findings", views.FindingViewSet)
router.register("rectifications", views.RectificationViewSet)
urlpatterns = router.urls
