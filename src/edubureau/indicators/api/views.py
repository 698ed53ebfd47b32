"""Indicator definitions (the library) and stored values, scoped like the pages."""

from django.http import Http404
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.response import Response

from edubureau.indicators import selectors
from edubureau.indicators.api.serializers import DefinitionSerializer, IndicatorValueSerializer
from edubureau.indicators.library import LIBRARY
from edubureau.indicators.models import IndicatorValue


@extend_schema_view(
    retrieve=extend_schema(parameters=[OpenApiParameter("code", OpenApiTypes.STR, OpenApiParameter.PATH)])
)
class DefinitionViewSet(viewsets.ViewSet):
    """The indicator library."""

    serializer_class = DefinitionSerializer
    lookup_field = "code"

    def list(self, request):
        return Response(DefinitionSerializer(list(LIBRARY.values()), many=True).data)

    def retrieve(self, request, code=None):
        definition = LIBRARY.get(code)
        if definition is None:
            raise Http404
        return Response(DefinitionSerializer(definition).data)


class IndicatorValueFilter(filters.FilterSet):
    class Meta:
        model = IndicatorValue
        fields = ["indicator", "period", "scope_type", "scope_code"]


class IndicatorValueViewSet(viewsets.ReadOnlyModelViewSet):
    """Stored values the user may see (a principal: their school's and classes' values)."""

    queryset = IndicatorValue.objects.all()  # the model, for the router and the schema; rows: get_queryset
    serializer_class = IndicatorValueSerializer
    filterset_class = IndicatorValueFilter

    def get_queryset(self):
        return selectors.values_for(self.request.user).order_by(
            "indicator", "period", "scope_type", "scope_code"
        )
