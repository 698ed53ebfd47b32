"""Issuing API tokens for username and password, under the same lock as the login page."""

from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import ValidationError
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, serializers
from rest_framework.authtoken.models import Token
from rest_framework.response import Response
from rest_framework.views import APIView

from edubureau.accounts import services
from edubureau.accounts.api.serializers import TokenRequestSerializer, TokenSerializer
from edubureau.core import audit


@method_decorator(sensitive_post_parameters("password"), name="dispatch")
class TokenIssueView(APIView):
    """``POST {username, password}`` → the user's API token.

    A locked username or address gets no token even with the right password; every wrong password counts
    toward the lock (``accounts.services.login_authenticate``), exactly as on the login page.
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
        try:
            user = services.login_authenticate(request=request._request, **given.validated_data)
        except ValidationError as refusal:
            raise serializers.ValidationError(
                {"non_field_errors": refusal.messages}, code=refusal.code
            ) from None
        # Issuing a token is signing in: last_login, and django-axes clears the earlier failures.
        user_logged_in.send(sender=type(user), request=request._request, user=user)
        token, created = Token.objects.get_or_create(user=user)
        # Recorded on the user, never on the token: its primary key is the secret.
        audit.record(actor=user, action="accounts.user.token_issue", obj=user, after={"new": created})
        return Response(TokenSerializer({"token": token.key}).data)
