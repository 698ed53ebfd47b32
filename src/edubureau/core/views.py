"""Core pages (job progress, object history) and the generic views every app's pages derive from.

The generic views follow NetBox (``netbox/views/generic``): an app's page is a few declarative lines — a
selector for the queryset, a FilterSet, a template, export columns. Scoping happens here once: lists start
from ``restrict(user, "view")`` (``"export"`` for their xlsx download), details and edits fetch through
``get_scoped_or_404`` so that an object outside the user's scope answers 404 exactly like a missing one.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.forms import HiddenInput, IntegerField, ModelChoiceField
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _
from django.views import View

from edubureau.core import audit, clock, crypto
from edubureau.core.export import XLSX, Column, download_headers, xlsx_response, xlsx_write
from edubureau.core.forms import style_form
from edubureau.core.jobs import counted
from edubureau.core.models import BaseModel, Job
from edubureau.core.scoping import RestrictedQuerySet, get_scoped_or_404, user_can
from edubureau.core.services import object_update

HISTORY_PAGE_SIZE = 50


@login_required
def job_status(request, pk: int):
    """A background job's progress (polled by the page with htmx); only its owner sees it."""
    job = get_object_or_404(Job, pk=pk, owner=request.user)
    template = "core/_job_progress.html" if request.headers.get("HX-Request") else "core/job.html"
    return render(request, template, {"job": job})


@login_required
def job_file(request, pk: int):
    """The file a finished job made, for its owner only (anyone else: 404), never cached."""
    job = get_object_or_404(Job, pk=pk, owner=request.user, status=Job.Status.DONE)
    if not job.result_file:
        raise Http404
    filename = job.result.get("filename") or f"job-{job.pk}.xlsx"
    content_type = XLSX if filename.endswith(".xlsx") else "application/octet-stream"
    response = FileResponse(job.result_file.open("rb"), content_type=content_type)
    return download_headers(response, filename)


# --- history -----------------------------------------------------------------------------------------


#: An ISO date or timestamp as the log stores dates (``audit`` writes ``isoformat()``).
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(T.+)?")


def _display_date(value) -> str | None:
    """An ISO date or timestamp of the log as the rest of the UI writes it, a moment in the bureau's time
    (2019年7月10日, 2019年7月10日 14:30): no ISO date on a Chinese page."""
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        return None
    parsed = parse_datetime(value) if "T" in value else parse_date(value)
    return clock.written(parsed) if parsed is not None else None


def _display(field, value, related: dict, key: str = "", names: dict | None = None) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return "、".join(_display(field, v, related, key, names) for v in value)
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field is not None and (field.many_to_one or field.one_to_one):
        return str(related.get((field.related_model, value), f"#{value}"))
    if isinstance(value, dict):  # e.g. a checklist: item → rating; a form's values: field → value
        names = {**audit.value_labels().get(f"{key}_keys", {}), **(names or {})}
        return "；".join(
            f"{names.get(k, k)}：{_display(None, v, related, key, names)}" for k, v in value.items()
        )
    labels = audit.value_labels().get(key)
    if labels and value in labels:
        return str(labels[value])
    return _display_date(value) or str(value)


def _field_label(model, name: str, field) -> str:
    if field is not None:
        return str(field.verbose_name)
    label = audit.key_labels().get(name)
    return str(label) if label is not None else name


def _unpersonal(name: str, value, model, personal: bool):
    """A snapshot value as a user may see it (why: ``core.crypto``): masked ID numbers re-masked (entries
    written before the region-only form kept the last four), and the model's ``personal_fields`` (birth
    dates) as their year unless the user holds view_personal on the object."""
    if value is None or value == "":
        return value
    if name == "id_number_masked":
        return crypto.mask_id_number(str(value))
    if name in getattr(model, "personal_fields", ()) and not personal:
        return crypto.mask_birth_date(value)
    return value


def history_rows(
    model, entries: Sequence, *, personal: bool = False, names: dict | None = None
) -> list[dict]:
    """Audit entries as rows for the History partial: who, when, what, and each changed field's
    label with its value before → after (choices shown by label, foreign keys by name, one query per
    related model on the page). Personal fields are masked unless ``personal`` (see ``_unpersonal``).
    ``names`` labels the keys of a JSON value that only the object knows (a form's fields)."""

    def field_of(name):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        return field if field.concrete else None  # a reverse relation is no column of the snapshot

    wanted = defaultdict(set)
    for entry in entries:
        for name, before, after in entry.changes():
            field = field_of(name)
            if field is not None and (field.many_to_one or field.one_to_one):
                wanted[field.related_model].update(v for v in (before, after) if v is not None)
    related = {}
    for related_model, ids in wanted.items():
        for obj in related_model._base_manager.filter(pk__in=ids):
            related[(related_model, obj.pk)] = obj
    rows = []
    for entry in entries:
        changes = []
        for name, before, after in entry.changes():
            field = field_of(name)
            before, after = (_unpersonal(name, v, model, personal) for v in (before, after))
            changes.append(
                {
                    "field": _field_label(model, name, field),
                    "before": _display(field, before, related, name, names),
                    "after": _display(field, after, related, name, names),
                    "created": entry.before is None,
                }
            )
        rows.append(
            {
                "entry": entry,
                "action": audit.action_label(entry.action) or _("Other change"),
                "code": entry.action,
                "changes": changes,
            }
        )
    return rows


def history_page(request, obj):
    """One page (``?page=``) of an object's audit history, ready for ``core/_history.html``."""
    page = Paginator(audit.history(obj), HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    model = type(obj)
    personal = bool(getattr(model, "personal_fields", ())) and (
        model._default_manager.restrict(request.user, "view_personal").filter(pk=obj.pk).exists()
    )
    names = obj.history_key_names() if hasattr(obj, "history_key_names") else None
    page.rows = history_rows(model, page.object_list, personal=personal, names=names)
    return page


def history_url(obj) -> str:
    meta = obj._meta
    return reverse("core:history", args=[meta.app_label, meta.model_name, obj.pk])


@login_required
def object_history(request, app_label: str, model_name: str, pk: str):
    """The audit log of any scoped object the user may view; models without scoping have no such page."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        raise Http404 from None
    queryset = model._default_manager.all()
    if not isinstance(queryset, RestrictedQuerySet):
        raise Http404
    obj = get_scoped_or_404(queryset, request.user, "view", pk=pk)
    context = {"object": obj, "history": history_page(request, obj), "verbose_name": model._meta.verbose_name}
    template = "core/_history.html" if request.headers.get("HX-Request") else "core/history.html"
    return render(request, template, context)


# --- generic list, detail and edit views ---------------------------------------------------------------


class ObjectListView(LoginRequiredMixin, View):
    """A filtered, paginated list of the rows the user may view, and its xlsx export.

    The export is the same view with ``export=True`` (``as_view(export=True)``): it starts from
    ``restrict(user, "export")``, applies the same filters and defaults, and ignores the page.
    """

    filterset_class = None
    template_name = ""
    paginate_by = 50
    export = False
    export_url_name = ""
    export_filename = "export"
    #: A long export (tens of thousands of rows) runs as a background job with progress and a download
    #: link (``core.jobs``) instead of holding the request.
    export_in_background = False

    def get_queryset(self, action: str):
        raise NotImplementedError

    def get_filter_defaults(self) -> dict:
        """Values a filter takes when the query string does not mention it."""
        return {}

    def narrow_choices(self, form) -> None:
        """Offer only related objects the user may view (the FilterSet itself offers the whole table)."""
        for field in form.fields.values():
            if isinstance(field, ModelChoiceField) and isinstance(field.queryset, RestrictedQuerySet):
                field.queryset = field.queryset.restrict(self.request.user, "view")

    def get_export_columns(self) -> Sequence[Column]:
        raise NotImplementedError

    def export_rows(self, queryset):
        return queryset.iterator(chunk_size=2000)

    def get_extra_context(self) -> dict:
        return {}

    def rows(self, queryset):
        """What the page is cut from: the queryset (the paginator counts and reads one page of it). A list
        of few rows may return them all, kept (``core.pagecache``)."""
        return queryset

    def decorate(self, rows: list) -> list:
        """Add per-row display values to one page of rows (after the query, before the template)."""
        return rows

    def get_filterset(self, action: str):
        data = self.request.GET.copy()
        for key, value in self.get_filter_defaults().items():
            data.setdefault(key, value)
        data.pop("page", None)
        filterset = self.filterset_class(data, queryset=self.get_queryset(action))
        self.narrow_choices(filterset.form)
        style_form(filterset.form)
        return filterset

    def may_export(self) -> bool:
        return user_can(self.request.user, "export", self.filterset_class._meta.model)

    def ordered(self, queryset):
        ordering = list(queryset.query.order_by or queryset.model._meta.ordering)
        if not {"pk", "-pk", "id", "-id"} & set(ordering):
            queryset = queryset.order_by(*ordering, "pk")  # a total order: pages never repeat rows
        return queryset

    def export_write(self, fh, progress=None) -> int:
        """Write the export workbook to ``fh`` (a background job), reporting rows done; the row count."""
        self.filterset = self.get_filterset("export")
        queryset = self.ordered(self.filterset.qs)
        total = queryset.count()
        done = [0]

        def report(n: int, of: int) -> None:
            done[0] = n
            if progress:
                progress(n, of)

        rows = counted(self.export_rows(queryset), total, report)
        xlsx_write(fh, self.get_export_columns(), rows, title=str(self.export_filename))
        return done[0]

    def get(self, request, *args, **kwargs):
        action = "export" if self.export else "view"
        if self.export and not self.may_export():
            raise Http404
        if self.export and self.export_in_background:
            from edubureau.core.tasks import export_job_start  # the task module imports the views' callers

            filename = f"{self.export_filename}_{clock.stamp()}.xlsx"
            job = export_job_start(request=request, url_name=self.export_url_name, filename=filename)
            return redirect("core:job", pk=job.pk)
        self.filterset = self.get_filterset(action)
        queryset = self.ordered(self.filterset.qs)
        if self.export:
            return xlsx_response(self.export_filename, self.get_export_columns(), self.export_rows(queryset))
        page = Paginator(self.rows(queryset), self.paginate_by).get_page(request.GET.get("page"))
        page.object_list = self.decorate(list(page.object_list))
        active = sum(1 for name in self.filterset.form.fields if request.GET.get(name))
        context = {
            "filterset": self.filterset,
            "filter_form": self.filterset.form,
            "active_filters": active,
            "page_obj": page,
            "object_list": page.object_list,
            "export_url_name": self.export_url_name,
            "can_export": bool(self.export_url_name)
            and user_can(request.user, "export", self.filterset.queryset.model),
            **self.get_extra_context(),
        }
        return render(request, self.template_name, context)


class ObjectDetailView(LoginRequiredMixin, View):
    """One object the user may view, shown in tabs (``?tab=``); the ``history`` tab is generic.

    ``tabs`` is a sequence of (code, label); ``get_tab_context`` supplies what the chosen tab shows, so
    only the open tab's data is read.
    """

    queryset = None
    template_name = ""
    tabs: Sequence[tuple[str, str]] = ()

    def get_object(self):
        return get_scoped_or_404(self.queryset, self.request.user, "view", pk=self.kwargs["pk"])

    def visible_tabs(self, obj) -> list[tuple[str, str]]:
        return list(self.tabs)

    def get_tab_context(self, tab: str, obj) -> dict:
        return {}

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        tabs = self.visible_tabs(obj)
        codes = [code for code, _ in tabs]
        tab = request.GET.get("tab")
        if tab not in codes:
            tab = codes[0] if codes else ""
        context = {"object": obj, "tabs": tabs, "tab": tab, "history_url": history_url(obj)}
        if tab == "history":
            context["history"] = history_page(request, obj)
        context.update(self.get_tab_context(tab, obj))
        return render(request, self.template_name, context)


class ObjectEditView(LoginRequiredMixin, View):
    """Create (no ``pk``) or change (``pk``) one object through an audited service.

    Changing fetches with ``get_scoped_or_404(..., "change")``; creating asks ``may_create``. Both answer
    404 when refused, like the rest of the scoped pages. A ``ValidationError`` from the service lands on
    the form, so nothing is half-written and the person sees what to fix. ``form_class`` is a ModelForm
    taking the acting user as ``user=`` (to offer only choices inside the user's scope).

    A change form carries, hidden, the version of the row it was read at; ``update`` refuses the save
    ("changed by someone else") if the row has been saved since, rather than undo that other change.
    """

    queryset = None
    form_class = None
    template_name = "core/object_edit.html"
    edit_version: int | None = None

    def may_create(self) -> bool:
        return False

    def get_object(self):
        if "pk" not in self.kwargs:
            if not self.may_create():
                raise Http404
            return None
        return get_scoped_or_404(self.queryset, self.request.user, "change", pk=self.kwargs["pk"])

    def get_form(self, obj, data=None):
        form = self.form_class(data, instance=obj, user=self.request.user)
        if isinstance(obj, BaseModel):
            form.fields["version"] = IntegerField(widget=HiddenInput, required=False, initial=obj.version)
        return style_form(form)

    def save(self, form, obj):
        """Create (``obj`` is None) or change ``obj`` from ``form.cleaned_data``; changes call ``update``."""
        raise NotImplementedError

    def update(self, obj, data: dict):
        """The audited change of ``obj``, refused if the form was read at an older version of the row."""
        return object_update(actor=self.request.user, obj=obj, data=data, version=self.edit_version)

    def success_url(self, obj) -> str:
        raise NotImplementedError

    def cancel_url(self, obj) -> str:
        return self.success_url(obj) if obj is not None else self.request.path

    def render_form(self, form, obj):
        context = {
            "form": form,
            "object": obj,
            "verbose_name": self.queryset.model._meta.verbose_name,
            "cancel_url": self.cancel_url(obj),
        }
        return render(self.request, self.template_name, context)

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        return self.render_form(self.get_form(obj), obj)

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        form = self.get_form(obj, request.POST)
        if form.is_valid():
            self.edit_version = form.cleaned_data.pop("version", None)
            try:
                saved = self.save(form, obj)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect(self.success_url(saved))
        return self.render_form(form, obj)


def add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field where the form has it, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
