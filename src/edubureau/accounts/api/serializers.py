from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label=_("Username"), max_length=150)
    password = serializers.CharField(
        label=_("Password"), write_only=True, trim_whitespace=False, style={"input_type": "password"}
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True, help_text=_("Send as the header `Authorization: Token …`."))
