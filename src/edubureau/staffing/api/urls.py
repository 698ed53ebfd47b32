from rest_framework.routers import DefaultRouter

from edubureau.staffing.api import views

app_name = "staffing-api"
router = DefaultRouter()
router.register("competitions", views.CompetitionViewSet)
router.register("rounds", views.RoundViewSet)
router.register("entries", views.EntryViewSet)
router.register("round-results", views.RoundResultViewSet)
urlpatterns = router.urls
