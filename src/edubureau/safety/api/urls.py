from rest_framework.routers import DefaultRouter

from edubureau.safety.api import views

app_name = "safety-api"
router = DefaultRouter()
router.register("hazards", views.HazardViewSet)
router.register("centres", views.TrainingCentreViewSet)
router.register("inspections", views.CentreInspectionViewSet)
urlpatterns = router.urls
