"""Data-collection pages: forms and their field editor, assignments with who has and has not submitted,
a school's submissions filled in on a phone, review, and the Excel round trip.

Reads go through ``selectors`` and ``get_scoped_or_404`` (out of scope answers 404 like missing); every
write is a ``services`` call; a ValidationError comes back to the person as the messages it carries.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from django.views import View

from edubureau.collect import definition as defn
from edubureau.collect import selectors, services, workbook
from edubureau.collect.choices import STATUS_CSS, Frequency, SubmissionStatus
from edubureau.collect.models import Assignment, Form, Submission, SubmissionFile
from edubureau.core.export import attachment, xlsx_response
from edubureau.core.scoping import get_scoped_or_404, user_can
from edubureau.core.views import ObjectDetailView, history_url
from edubureau.registry.choices import AreaKind, SchoolKind
from edubureau.registry.models import Area, Department, School

PAGE = 100  # schools a page of an assignment's list
EDITOR_BLANK_ROWS = 4
FIELD_ATTRS = ("key", "label", "type", "required", "min", "max", "options", "help", "table", "row_label")


def _flash(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _editor_rows(post) -> list[dict]:
    count = min(int(post.get("rows") or 0), 200)
    return [{a: post.get(f"f-{i}-{a}", "") for a in FIELD_ATTRS} for i in range(count)]


def _editor_context(rows: list[dict]) -> dict:
    rows = [*rows, *({} for _ in range(EDITOR_BLANK_ROWS))]
    return {"rows": rows, "row_count": len(rows), "types": list(defn.type_labels().items())}


def _county(user) -> Area | None:
    areas = Area.objects.restrict(user, "view").filter(kind=AreaKind.COUNTY).order_by("code")
    return areas.first()


# --- forms ---------------------------------------------------------------------------------------------


class FormListView(LoginRequiredMixin, View):
    """填报表单: the forms of the user's county, with how many periods each was assigned for."""

    def get(self, request):
        if not user_can(request.user, "view", Form):
            raise Http404
        county = _county(request.user)
        page = Paginator(selectors.form_list(user=request.user), PAGE).get_page(request.GET.get("page"))
        return render(
            request,
            "collect/form_list.html",
            {
                "forms": page.object_list,
                "page_obj": page,
                "can_create": county is not None and services.may_create_form(request.user, county),
            },
        )


class FormCreateView(LoginRequiredMixin, View):
    """A new form: title, code, frequency and its fields (one row per field; a table's columns name it)."""

    def county(self):
        county = _county(self.request.user)
        if county is None or not services.may_create_form(self.request.user, county):
            raise Http404
        return county

    def context(self, county, data: dict, rows: list[dict]) -> dict:
        departments = Department.objects.filter(county=county).order_by("sort_order", "name")
        return {
            "frequencies": Frequency.choices,
            "departments": departments,
            "data": data,
            **_editor_context(rows),
        }

    def get(self, request):
        county = self.county()
        return render(request, "collect/form_edit.html", self.context(county, {"frequency": "monthly"}, []))

    def post(self, request):
        county = self.county()
        rows = _editor_rows(request.POST)
        data = {
            k: request.POST.get(k, "").strip() for k in ("code", "title", "description", "frequency", "lead")
        }
        lead = (
            Department.objects.filter(county=county, pk=data["lead"]).first()
            if data["lead"].isdigit()
            else None
        )
        try:
            form = services.form_create(
                lead_department=lead,
                actor=request.user,
                county=county,
                code=data["code"],
                title=data["title"],
                description=data["description"],
                frequency=data["frequency"] or "monthly",
                definition=defn.definition_from_rows(rows),
            )
        except ValidationError as error:
            _flash(request, error)
            return render(request, "collect/form_edit.html", self.context(county, data, rows), status=400)
        messages.success(request, _t("Form created."))
        return redirect("collect:form_detail", pk=form.pk)


class FormDetailView(ObjectDetailView):
    """A form: its current fields, its assignments (periods) with progress, its versions, its history."""

    queryset = Form.objects.select_related("lead_department", "county")
    template_name = "collect/form_detail.html"
    tabs = (("fields", _("Fields")), ("assignments", _("Assignments")), ("history", _("History")))

    def get_tab_context(self, tab, form):
        version = services.current_version(form)
        context = {
            "version": version,
            "fields": defn.fields_of(version.definition),
            "type_labels": defn.type_labels(),
            "can_change": services.is_bureau_side(self.request.user, form),
        }
        if tab == "assignments":
            page = Paginator(selectors.assignment_list(user=self.request.user, form=form), PAGE)
            context["page_obj"] = page.get_page(self.request.GET.get("page"))
            context["assignments"] = context["page_obj"].object_list
            context["kinds"] = SchoolKind.choices
            context["towns"] = Area.objects.filter(parent=form.county).order_by("code")
            context["versions"] = list(form.versions.order_by("-number"))
        return context


class FormDefineView(LoginRequiredMixin, View):
    """Change a form's fields (a new version once schools have filled it in)."""

    queryset = Form.objects.all()

    def form(self, request, pk) -> Form:
        return get_scoped_or_404(self.queryset, request.user, "change", pk=pk)

    def get(self, request, pk):
        form = self.form(request, pk)
        rows = defn.rows_from_definition(services.current_version(form).definition)
        return render(request, "collect/form_define.html", {"object": form, **_editor_context(rows)})

    def post(self, request, pk):
        form = self.form(request, pk)
        rows = _editor_rows(request.POST)
        try:
            version = services.form_define(
                actor=request.user, form=form, definition=defn.definition_from_rows(rows)
            )
        except ValidationError as error:
            _flash(request, error)
            return render(
                request, "collect/form_define.html", {"object": form, **_editor_context(rows)}, status=400
            )
        messages.success(request, _t("Fields saved (version {n}).").format(n=version.number))
        return redirect("collect:form_detail", pk=form.pk)


class FormAssignView(LoginRequiredMixin, View):
    """Send the form to schools (by kind, town or list of school codes) for one period with a due date."""

    queryset = Form.objects.select_related("county")
    http_method_names = ["post"]

    def post(self, request, pk):
        form = get_scoped_or_404(self.queryset, request.user, "change", pk=pk)
        url = reverse("collect:form_detail", args=[form.pk]) + "?tab=assignments"
        try:
            due_on = dt.date.fromisoformat(request.POST.get("due_on", ""))
        except ValueError:
            messages.error(request, _t("Give the due date as 2019-03-31."))
            return redirect(url)
        towns = Area.objects.filter(parent=form.county, pk__in=request.POST.getlist("towns") or [0])
        text = request.POST.get("schools", "")
        for sep in ("，", "、", "\n"):
            text = text.replace(sep, ",")
        codes = [c.strip() for c in text.split(",") if c.strip()]
        schools = list(School.objects.filter(county=form.county, code__in=codes))
        unknown = sorted(set(codes) - {s.code for s in schools})
        if unknown:
            messages.error(
                request,
                _t("No school of the county has the code {codes}; check the list.").format(
                    codes=pgettext("list separator", ", ").join(unknown[:10])
                ),
            )
            return redirect(url)
        try:
            assignment = services.assignment_create(
                actor=request.user,
                form=form,
                period=request.POST.get("period", ""),
                due_on=due_on,
                kinds=[k for k in request.POST.getlist("kinds") if k in SchoolKind.values],
                towns=list(towns),
                schools=schools,
            )
        except ValidationError as error:
            _flash(request, error)
            return redirect(url)
        messages.success(request, _t("Assigned to {n} schools.").format(n=assignment.submissions.count()))
        return redirect("collect:assignment_detail", pk=assignment.pk)


# --- assignments ---------------------------------------------------------------------------------------


class AssignmentDetailView(LoginRequiredMixin, View):
    """Who has and has not submitted: counts by state, late ones, each school's state; upload and export."""

    queryset = Assignment.objects.select_related("form")

    def get(self, request, pk):
        assignment = get_scoped_or_404(self.queryset, request.user, "view", pk=pk)
        progress = selectors.assignment_progress(user=request.user, assignment=assignment)
        status = request.GET.get("status", "")
        rows = [
            r
            for r in progress["rows"]
            if not status or r.status == status or (status == "missing" and not r.submitted_at)
        ]
        for r in rows:
            r.css = STATUS_CSS[r.status]
        return render(
            request,
            "collect/assignment_detail.html",
            {
                "object": assignment,
                "progress": progress,
                "rows": (page := Paginator(rows, PAGE).get_page(request.GET.get("page"))).object_list,
                "page_obj": page,
                "status": status,
                "statuses": SubmissionStatus.choices,
                "can_review": services.is_bureau_side(request.user, assignment.form),
                "reports": request.session.pop(f"collect_upload_{assignment.pk}", None),
            },
        )


class AssignmentExportView(LoginRequiredMixin, View):
    """All submissions of the assignment as .xlsx: one row per school, one column per field (tables as
    their row count); schools that have not sent show their state and empty cells, never zeros."""

    queryset = Assignment.objects.select_related("form")

    def get(self, request, pk):
        assignment = get_scoped_or_404(self.queryset, request.user, "export", pk=pk)
        fields = defn.fields_of(services.current_version(assignment.form).definition)
        columns = [
            (_("school code"), lambda s: s.school.code),
            (_("school"), lambda s: s.school.name),
            (_("status"), lambda s: s.get_status_display()),
            (_("submitted at"), lambda s: s.submitted_at or ""),
            (_("form version"), lambda s: s.form_version.number),
        ]
        for f in fields:
            columns.append((f["label"], lambda s, f=f: export_value(f, s.values.get(f["key"]))))
        qs = selectors.submission_list(user=request.user, action="export").filter(assignment=assignment)
        return xlsx_response(
            f"{assignment.form.title}{assignment.period}", columns, qs.iterator(chunk_size=2000)
        )


def export_value(field: dict, value):
    if value is None:
        return ""
    if field["type"] == defn.TABLE:
        return len(value)
    if field["type"] == defn.FILE:
        return _t("attached")  # the file itself is on the submission's page
    if isinstance(value, bool):
        return _t("Yes") if value else _t("No")
    if isinstance(value, list):
        return pgettext("list separator", ", ").join(value)
    return value


class AssignmentUploadView(LoginRequiredMixin, View):
    """Filled templates in bulk; each file all-or-nothing, the report shown on the assignment page."""

    queryset = Assignment.objects.select_related("form")
    http_method_names = ["post"]

    def post(self, request, pk):
        assignment = get_scoped_or_404(self.queryset, request.user, "view", pk=pk)
        if not user_can(request.user, "change", Submission):
            raise Http404
        files = request.FILES.getlist("files")[:300]
        reports = services.submissions_upload(
            actor=request.user, assignment=assignment, files=[(f.name, f, f.size) for f in files]
        )
        request.session[f"collect_upload_{assignment.pk}"] = [r.__dict__ for r in reports]
        ok = sum(r.ok for r in reports)
        messages.info(request, _t("{ok} of {n} files were read in.").format(ok=ok, n=len(reports)))
        return redirect("collect:assignment_detail", pk=assignment.pk)


# --- submissions ---------------------------------------------------------------------------------------


class MySubmissionsView(LoginRequiredMixin, View):
    """A school's forms to fill in (all it may change), the ones to do first."""

    def get(self, request):
        if not user_can(request.user, "change", Submission):
            raise Http404
        qs = selectors.submission_list(user=request.user, action="change")
        state = request.GET.get("status", "")
        if state == "todo" or not state:
            qs = qs.filter(status__in=("pending", "draft", "returned"))
        elif state in SubmissionStatus.values:
            qs = qs.filter(status=state)
        page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
        for r in page.object_list:
            r.css = STATUS_CSS[r.status]
        context = {"rows": page.object_list, "page_obj": page, "status": state or "todo"}
        return render(request, "collect/my_submissions.html", context)


def _table_rows(field: dict, rows: list[dict]) -> list[dict]:
    return [*rows, *({} for _ in range(3))]


class SubmissionDetailView(LoginRequiredMixin, View):
    """One school's submission: the form to fill in (on a phone) while it is editable, else its values;
    the review buttons for the bureau."""

    queryset = Submission.objects.select_related("assignment__form", "school", "form_version", "reviewed_by")

    def get(self, request, pk, values=None, status=200):
        submission = get_scoped_or_404(self.queryset, request.user, "view", pk=pk)
        roles = services.roles_of(request.user, submission)
        values = submission.values if values is None else values
        files = {f.pk: f for f in submission.files.all()}
        fields = []
        for f in defn.fields_of(submission.form_version.definition):
            item = {**f, "value": values.get(f["key"])}
            if f["type"] == defn.TABLE:
                item["rows"] = _table_rows(f, [r for r in item["value"] or [] if isinstance(r, dict)])
            fields.append(item)
        return render(
            request,
            "collect/submission_detail.html",
            {
                "object": submission,
                "fields": fields,
                "css": STATUS_CSS[submission.status],
                "can_fill": services.SCHOOL in roles and submission.editable,
                "can_review": services.BUREAU in roles and submission.status == SubmissionStatus.SUBMITTED,
                "late": submission.is_late(),
                "type_labels": defn.type_labels(),
                "history_url": history_url(submission),
                "files": files,
                "file_accept": services.FILE_ACCEPT,
            },
            status=status,
        )


def values_from_post(definition: dict, post) -> dict:
    """The values of the fill-in page: ``<key>`` per field (several for multi-choice), ``<table>.<n>.<column>``
    per table cell."""
    values: dict = {}
    for f in defn.fields_of(definition):
        key = f["key"]
        if f["type"] == defn.TABLE:
            count = min(int(post.get(f"{key}.rows") or 0), defn.TABLE_MAX_ROWS)
            values[key] = [{c["key"]: post.get(f"{key}.{i}.{c['key']}", "") for c in f.get("columns", [])}
                           for i in range(count)]  # fmt: skip
        elif f["type"] == defn.MULTI:
            values[key] = post.getlist(key)
        else:
            values[key] = post.get(key, "")
    return values


def files_from_request(files) -> dict:
    """The photos and files of the fill-in page: input ``file:<key>`` or ``file:<table>.<n>.<column>``,
    by the field path they answer."""
    return {name[5:]: upload for name, upload in files.items() if name.startswith("file:")}


class SubmissionFileView(LoginRequiredMixin, View):
    """A submission's photo or file, to who may see the submission (media files are never served
    directly): a photo opens in the browser, a document downloads."""

    queryset = SubmissionFile.objects.select_related("submission")

    def get(self, request, pk):
        f = SubmissionFile.objects.filter(pk=pk).first()
        if f is None:
            raise Http404
        get_scoped_or_404(Submission.objects.all(), request.user, "view", pk=f.submission_id)
        try:
            handle = f.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(handle, as_attachment=not f.is_image, filename=f.name)


class SubmissionActionView(LoginRequiredMixin, View):
    """Save a draft, submit, accept or return (``action`` in the form); the service checks role and state."""

    queryset = Submission.objects.select_related("assignment__form", "form_version", "school")
    http_method_names = ["post"]

    def post(self, request, pk):
        submission = get_scoped_or_404(self.queryset, request.user, "view", pk=pk)
        action = request.POST.get("action", "")
        url = reverse("collect:submission_detail", args=[submission.pk])
        # the phone page's offline draft sends its saved figures with fetch and reads the answer as JSON
        wants_json = "application/json" in request.headers.get("Accept", "")
        try:
            if action in ("save", "submit"):
                values = values_from_post(submission.form_version.definition, request.POST)
                try:
                    service = services.submission_save if action == "save" else services.submission_submit
                    service(
                        actor=request.user,
                        submission=submission,
                        values=values,
                        files=files_from_request(request.FILES),
                    )
                except ValidationError as error:
                    if wants_json:
                        return JsonResponse({"ok": False, "errors": error.messages}, status=400)
                    _flash(request, error)
                    view = SubmissionDetailView()
                    view.setup(request, pk=pk)
                    return view.get(request, pk=pk, values=values, status=400)
            elif action == "accept":
                services.submission_accept(actor=request.user, submission=submission)
            elif action == "return":
                services.submission_return(
                    actor=request.user, submission=submission, reason=request.POST.get("reason", "")
                )
            else:
                messages.error(request, _t("Choose an action."))
                return redirect(url)
        except ValidationError as error:
            if wants_json:
                return JsonResponse({"ok": False, "errors": error.messages}, status=400)
            _flash(request, error)
            return redirect(url)
        messages.success(request, _t("Done: {action}.").format(action=services.ACTION_LABELS()[action]))
        if wants_json:
            return JsonResponse({"ok": True, "url": url})
        return redirect(url)


class SubmissionTemplateView(LoginRequiredMixin, View):
    """The school's .xlsx template for this submission (pre-filled with what it has saved)."""

    queryset = Submission.objects.select_related("assignment__form", "form_version", "school")

    def get(self, request, pk):
        s = get_scoped_or_404(self.queryset, request.user, "view", pk=pk)
        meta = {"form": s.assignment.form.code, "version": s.form_version.number, "school": s.school.code,
                "period": s.assignment.period}  # fmt: skip
        content = workbook.template_bytes(definition=s.form_version.definition, meta=meta, values=s.values)
        return attachment(content, f"{s.assignment.form.title}{s.assignment.period}-{s.school.name}.xlsx")
