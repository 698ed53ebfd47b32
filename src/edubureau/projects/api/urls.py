from rest_framework.routers import DefaultRouter

from edubureau.projects.api import views

app_name = "projects-api"
router = DefaultRouter()
router.register("projects", views.CapitalProjectViewSet)
router.register("fundings", views.ProjectFundingViewSet)
router.register("payments", views.ProjectPaymentViewSet)
router.register("milestones", views.ProjectMilestoneViewSet)
urlpatterns = router.urls
