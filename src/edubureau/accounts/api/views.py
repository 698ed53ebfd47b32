"""Issuing API tokens for username and password, under the same lock as the login page."""

from django.contrib.auth import authenticate
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, serializers
from rest_framework.authtoken.models import Token
from rest_framework.response import Response
from rest_framework.views import APIView

from edubureau.accounts import services
from edubureau.accounts.api.serializers import TokenRequestSerializer, TokenSerializer
from edubureau.accounts.models import User
from edubureau.core import audit


def _refusal(message: str, code: str) -> serializers.ValidationError:
    return serializers.ValidationError({"non_field_errors": [message]}, code=code)


@method_decorator(sensitive_post_parameters("password"), name="dispatch")
class TokenIssueView(APIView):
    """``POST {username, password}`` → the user's API token.

    A locked account gets no token even with the right password; every wrong password counts toward
    the lock (``accounts.services.login_failed``), exactly as on the login page.
    """

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    serializer_class = TokenRequestSerializer

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: TokenSerializer, 400: OpenApiResponse(description="wrong credentials or locked")},
        auth=[],
    )
    def post(self, request):
        given = TokenRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        username, password = given.validated_data["username"], given.validated_data["password"]
        account = User.objects.filter(username=username).first()
        if account and services.login_locked(account):
            raise _refusal(
                _(
                    "Too many failed attempts: this account is locked for a while. "
                    "Try again later or ask the system administrator."
                ),
                "locked",
            )
        user = authenticate(request._request, username=username, password=password)
        if user is None:
            if account:
                services.login_failed(account)
            raise _refusal(_("Wrong username or password."), "invalid_login")
        services.login_succeeded(user)
        token, created = Token.objects.get_or_create(user=user)
        # Recorded on the user, never on the token: its primary key is the secret.
        audit.record(actor=user, action="accounts.user.token_issue", obj=user, after={"new": created})
        return Response(TokenSerializer({"token": token.key}).data)
