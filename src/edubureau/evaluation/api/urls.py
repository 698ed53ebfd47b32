from rest_framework.routers import DefaultRouter

from edubureau.evaluation.api import views

app_name = "evaluation-api"
router = DefaultRouter()
router.register("rounds", views.RoundViewSet)
router.register("sheets", views.RoundSchoolViewSet)
router.register("scores", views.ScoreViewSet)
urlpatterns = router.urls
