"""The base of every REST endpoint: scoped querysets, audited writes, one permission class, pagination.

An app's viewset is a few declarative lines (queryset with its ``select_related``, serializer, filterset,
optionally a domain create service); everything about who may see or touch which row is decided here,
through the one scoping mechanism ``Model.objects.restrict(user, action)`` (``core.scoping``):

* the action follows the HTTP method: view for safe methods, add for POST, change for PUT/PATCH,
  delete for DELETE;
* a user who holds the action on the model nowhere gets 403 (it says nothing about any row);
* a row outside the user's scope does not exist for them: 404, exactly like a missing row;
* related objects a client names in its input are looked up inside the user's view scope, so naming an
  unseen school answers like naming a missing one (400, "object does not exist");
* a write is done by a service (``core.services.object_create``/``object_update``, or a domain service
  such as ``registry.services.student_create``) and so lands in the audit log; afterwards the row must be
  inside the user's scope for that action, else the whole write is rolled back (400);
* an update writes only the fields it changes; a row's answers carry its version as a strong ``ETag``,
  and a PUT/PATCH whose ``If-Match`` names another version is refused with 412 (someone else changed
  the row since the client read it). Without ``If-Match`` the update is made.

Schema and docs views live here too, serving Swagger UI from drf-spectacular-sidecar's static files so
that the docs page loads nothing from outside (the bureau's network has no internet).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.templatetags.static import static
from django.utils.http import parse_etags
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.relations import ManyRelatedField, RelatedField

from edubureau.core.models import BaseModel
from edubureau.core.scoping import user_can
from edubureau.core.services import StaleVersionError, object_create, object_delete, object_update

# The scoping action each HTTP method needs; a method not listed gets no rows and no permission.
ACTION_BY_METHOD = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


def scope_action(request) -> str | None:
    return ACTION_BY_METHOD.get(request.method)


class RestrictedActionPermission(permissions.BasePermission):
    """Authenticated, and holding the method's action on the viewset's model somewhere.

    Row-level scope is not checked here: the viewset's queryset is already restricted, so rows outside the
    scope answer 404. This class only turns away whole actions the user never holds (a bureau leader's
    POST, a teacher listing students) with 403, which reveals nothing about any row.
    """

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if getattr(view, request.method.lower(), None) is None:
            return True  # the view answers 405 for a method it does not offer, whoever asks
        action = scope_action(request)
        return action is not None and user_can(user, action, view.queryset.model)


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("This record has been changed by someone else; reload it and try again.")
    default_code = "stale"


def etag(obj) -> str | None:
    """The strong entity tag of a row: its edit version (``BaseModel.version``)."""
    return f'"{obj.version}"' if isinstance(obj, BaseModel) else None


def if_match_version(request) -> int | None:
    """The version a client's ``If-Match`` names: None when absent or ``*`` (any version will do), and
    0, which no row has, when it names anything else than one version this API gave out."""
    header = request.headers.get("If-Match")
    if header is None:
        return None
    tags = parse_etags(header)
    if tags == ["*"]:
        return None
    if len(tags) == 1 and tags[0].strip('"').isdigit():
        return int(tags[0].strip('"'))
    return 0


class StandardPagination(PageNumberPagination):
    """``?page=N``, 50 rows a page by default, ``?page_size=`` up to 500."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


#: The fields every representation starts with (``core.models.BaseModel``'s).
BASE_FIELDS = ("id", "created_at", "updated_at")


class RestrictedModelSerializer(serializers.ModelSerializer):
    """A model serializer whose related-object inputs only accept objects the user may view.

    Unique constraints over several fields are left to the model (``full_clean`` in the services) rather
    than DRF's own validators, so that one place decides and gives one message.
    """

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for field in fields.values():
            related = field.child_relation if isinstance(field, ManyRelatedField) else field
            if isinstance(related, RelatedField) and not related.read_only:
                queryset = related.queryset
                if hasattr(queryset, "restrict"):
                    related.queryset = queryset.restrict(user, "view")
        return fields

    def get_validators(self):
        return []

    def include_extra_kwargs(self, kwargs, extra_kwargs):
        # DRF drops ``allow_blank`` from fields made read-only, so the schema would promise an enum without
        # the blank value that such a field (a target's comparator) does hold.
        allow_blank = kwargs.get("allow_blank")
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if allow_blank and kwargs.get("read_only"):
            kwargs["allow_blank"] = True
        return kwargs

    def create(self, validated_data):
        raise NotImplementedError("writes go through RestrictedModelViewSet and the services")

    def update(self, instance, validated_data):
        raise NotImplementedError("writes go through RestrictedModelViewSet and the services")


class RestrictedModelViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """List, retrieve, create and update, all inside ``restrict(user, action)``; no delete.

    Nothing that a report may have used is hard-deleted (DESIGN §4), so DELETE is not routed (405) unless
    a viewset derives from ``RestrictedDeletableModelViewSet``.

    ``create_service``: a keyword-only ``(*, actor, **validated_data) -> obj`` domain service; without
    one, the object is built from the validated data and saved by ``core.services.object_create``.
    ``create_serializer_class``: the serializer for POST when creation takes other fields than updates
    (an ID number, the first enrollment).
    """

    permission_classes = [RestrictedActionPermission]
    pagination_class = StandardPagination
    create_serializer_class: type[serializers.Serializer] | None = None
    create_service: Callable | None = None

    def get_queryset(self):
        queryset = super().get_queryset()
        ordering = list(queryset.query.order_by or queryset.model._meta.ordering)
        if not {"pk", "id", "-pk", "-id"} & set(ordering):
            # A total order, so that pages never repeat or skip rows.
            queryset = queryset.order_by(*ordering, "pk")
        return queryset.restrict(self.request.user, scope_action(self.request) or "view")

    def get_serializer_class(self):
        if self.action == "create" and self.create_serializer_class is not None:
            return self.create_serializer_class
        return super().get_serializer_class()

    def perform_create(self, serializer):
        actor = self.request.user
        data = dict(serializer.validated_data)
        with _as_api_errors(), transaction.atomic():
            if self.create_service is not None:
                obj = type(self).create_service(actor=actor, **data)
            else:
                obj = object_create(actor=actor, obj=self.queryset.model(**data))
            self._check_in_scope(obj, "add")
        serializer.instance = self.etag_object = obj

    def get_object(self):
        self.etag_object = obj = super().get_object()
        return obj

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        version = if_match_version(self.request)
        with _as_api_errors(), transaction.atomic():
            obj = object_update(actor=self.request.user, obj=serializer.instance, data=data, version=version)
            self._check_in_scope(obj, "change")
        serializer.instance = self.etag_object = obj

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        tag = etag(getattr(self, "etag_object", None))
        if tag is not None and status.is_success(response.status_code):
            response["ETag"] = tag
        return response

    def _check_in_scope(self, obj, action: str) -> None:
        """After a write the row must still be the user's to ``action``; raising rolls the write back."""
        model = type(obj)
        if not model._default_manager.restrict(self.request.user, action).filter(pk=obj.pk).exists():
            raise serializers.ValidationError(
                {"non_field_errors": [_("You may not place this record outside your own scope.")]},
                code="out_of_scope",
            )


#: The methods of an endpoint that only reads (a viewset with actions adds "post").
READ_METHODS = ["get", "head", "options"]


class RestrictedReadOnlyModelViewSet(RestrictedModelViewSet):
    """List and retrieve only: every write answers 405."""

    http_method_names = READ_METHODS


class RestrictedDeletableModelViewSet(mixins.DestroyModelMixin, RestrictedModelViewSet):
    """For rows no report reads (drafts, notifications): DELETE inside ``restrict(user, "delete")``."""

    def perform_destroy(self, instance):
        object_delete(actor=self.request.user, obj=instance)


@contextmanager
def _as_api_errors():
    """Django ``ValidationError`` from models and services becomes DRF's 400 with the same messages; an
    edit of a stale version, 412."""
    try:
        yield
    except StaleVersionError as exc:
        raise PreconditionFailed from exc
    except DjangoValidationError as exc:
        raise serializers.ValidationError(serializers.as_serializer_error(exc)) from exc


class SchemaView(SpectacularAPIView):
    """The OpenAPI document, for signed-in users (see ``api_urls``)."""

    permission_classes = [permissions.IsAuthenticated]


class DocsView(SpectacularSwaggerView):
    """Swagger UI from drf-spectacular-sidecar's static files, with the online validator switched off."""

    permission_classes = [permissions.IsAuthenticated]
    template_name = "core/swagger_ui.html"

    @staticmethod
    def _swagger_ui_resource(filename):
        return static(f"drf_spectacular_sidecar/swagger-ui-dist/{filename}")

    @staticmethod
    def _swagger_ui_favicon():
        return static("drf_spectacular_sidecar/swagger-ui-dist/favicon-32x32.png")

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        ui_settings = json.loads(response.data["settings"])
        # Swagger UI would otherwise send the schema to validator.swagger.io.
        ui_settings["validatorUrl"] = None
        response.data["settings"] = json.dumps(ui_settings)
        return response
