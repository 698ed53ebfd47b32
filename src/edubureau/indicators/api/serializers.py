from rest_framework import serializers

from edubureau.indicators.models import IndicatorValue


class DefinitionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    group = serializers.CharField()
    definition = serializers.CharField()
    formula = serializers.CharField()
    unit = serializers.CharField()
    direction = serializers.CharField()
    period = serializers.CharField()
    scopes = serializers.ListField(child=serializers.CharField())
    threshold = serializers.FloatField(allow_null=True)
    comparator = serializers.CharField()


class IndicatorValueSerializer(serializers.ModelSerializer):
    value = serializers.FloatField(allow_null=True)
    numerator = serializers.FloatField(allow_null=True)
    denominator = serializers.FloatField(allow_null=True)

    class Meta:
        model = IndicatorValue
        fields = [
            "indicator",
            "period",
            "scope_type",
            "scope_code",
            "value",
            "numerator",
            "denominator",
            "computed_at",
        ]
