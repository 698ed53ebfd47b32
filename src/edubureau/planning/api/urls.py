from rest_framework.routers import DefaultRouter

from edubureau.planning.api import views

app_name = "planning-api"
router = DefaultRouter()
router.register("plans", views.PlanViewSet)
router.register("tasks", views.TaskViewSet)
router.register("targets", views.TargetViewSet)
router.register("reports", views.ReportViewSet)
urlpatterns = router.urls
