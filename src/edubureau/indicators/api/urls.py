from rest_framework.routers import DefaultRouter

from edubureau.indicators.api import views

router = DefaultRouter()
router.register("definitions", views.DefinitionViewSet, basename="indicator-definition")
router.register("values", views.IndicatorValueViewSet, basename="indicator-value")
urlpatterns = router.urls
