"""Supervision pages: the oversight dashboard, the phone visit record (with an offline draft), visit and
rectification pages with their actions, the schedule, the organisation with its checks, the printable
挂牌 sign, the 三年一轮 planner, and the .docx / .xlsx exports.

Reads go through ``selectors`` and ``get_scoped_or_404`` (out of scope answers 404 like missing); every
write is a ``services`` call. A person who may see an object but not act on it gets 403 for the action.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.views import View

from edubureau.core import clock, pagecache
from edubureau.core.documents import render_docx
from edubureau.core.export import attachment, xlsx_response
from edubureau.core.scoping import get_scoped_or_404, user_can
from edubureau.core.views import ObjectDetailView
from edubureau.registry.models import School
from edubureau.supervision import checks, documents, forms, selectors, services, workflow
from edubureau.supervision.choices import STATUS_CSS, UNFINISHED, Item, RectificationStatus
from edubureau.supervision.models import (
    CycleSlot,
    EvaluationCycle,
    PlannedVisit,
    Rectification,
    RectificationFile,
    Visit,
    VisitFile,
)
from edubureau.supervision.templatetags.supervision_tags import heatmap_cells

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _flash(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _issuer(school: School | None = None) -> str:
    county = school.county.name if school is not None else ""
    return f"{county}教育局督导室" if county else "教育督导室"


# --- oversight -----------------------------------------------------------------------------------------


class OversightView(LoginRequiredMixin, View):
    """督导 oversight: coverage heatmap, visits per supervisor, rectification counts, median days to close,
    schools without a visit this month, organisation checks. The heatmap pages (a row per school), and the
    lists of checks and of schools without a visit show their first 30 beside their count."""

    heatmap_rows = 100

    def get(self, request):
        if not user_can(request.user, "view", Visit):
            raise Http404
        today, user = clock.today(), request.user

        def compute() -> dict:
            figures = selectors.oversight(user=user, today=today)
            for row in figures["heatmap"]:
                row["cells_html"] = heatmap_cells(row["cells"])
            figures["problems"] = selectors.organisation_problems(user=user, today=today)
            return figures

        # The figures depend on the user's scope and the day only: kept per data version (core.pagecache).
        context = pagecache.fragment("supervision.oversight", request=request, compute=compute)
        page = Paginator(context["heatmap"], self.heatmap_rows).get_page(request.GET.get("page"))
        context.update(heatmap=page.object_list, page_obj=page)
        context["can_record"] = services.supervisor_of(user) is not None
        context["can_export"] = user_can(user, "export", Visit)
        return render(request, "supervision/oversight.html", context)


# --- visits --------------------------------------------------------------------------------------------


class VisitListView(LoginRequiredMixin, View):
    """督导记录: the visit records the user may see, newest first; ``export`` gives the ledger."""

    export = False
    page_size = 50

    def get(self, request):
        action = "export" if self.export else "view"
        if not user_can(request.user, action, Visit):
            raise Http404
        visits = selectors.visit_list(user=request.user, action=action)
        if request.GET.get("school"):
            visits = visits.filter(school_id=request.GET["school"])
        if self.export:
            columns = [
                (_("school"), lambda v: v.school.name),
                (_("supervisor"), lambda v: v.supervisor.name),
                (_("visited at"), lambda v: v.visited_at),
                (_("kind"), lambda v: v.get_kind_display()),
                (_("methods"), lambda v: "、".join(v.method_labels())),
                (_("findings"), lambda v: v.finding_count),
                (_("feedback given at"), lambda v: v.feedback_at or ""),
                (_("report submitted at"), lambda v: v.report_submitted_at or ""),
            ]
            return xlsx_response(str(_("visit ledger")), columns, visits.iterator(chunk_size=2000))
        page = Paginator(visits, self.page_size).get_page(request.GET.get("page"))
        return render(
            request,
            "supervision/visit_list.html",
            {
                "visits": page.object_list,
                "page_obj": page,
                "can_export": user_can(request.user, "export", Visit),
            },
        )


class VisitCreateView(LoginRequiredMixin, View):
    """督导记录 on a phone. The page keeps a draft in the browser (localStorage) and sends it when the
    connection is back; a JSON answer (``Accept: application/json``) tells the script where the record is."""

    def schools(self):
        return selectors.my_schools(user=self.request.user)

    def get(self, request):
        if services.supervisor_of(request.user) is None:
            raise Http404
        form = forms.VisitForm(schools=self.schools(), initial={"school": request.GET.get("school")})
        return render(request, "supervision/visit_form.html", {"form": form})

    def post(self, request):
        if services.supervisor_of(request.user) is None:
            raise Http404
        wants_json = "application/json" in request.headers.get("Accept", "")
        form = forms.VisitForm(request.POST, request.FILES, schools=self.schools())
        error = None
        if form.is_valid():
            d = form.cleaned_data
            try:
                visit = services.visit_record(
                    actor=request.user,
                    school=d["school"],
                    visited_at=d["visited_at"],
                    kind=d["kind"],
                    methods=d["methods"],
                    checklist=form.checklist(),
                    summary=d["summary"],
                    feedback_at=d["feedback_at"],
                    feedback_note=d["feedback_note"],
                    submit_report=d["submit_report"],
                    files=d["files"],
                    findings=form.findings(),
                    client_id=d["client_id"] or None,
                )
            except ValidationError as exc:
                error = exc
                by_field = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
                for field, errs in by_field.items():
                    form.add_error(form.field_for(field), errs)
            else:
                url = reverse("supervision:visit_detail", args=[visit.pk])
                if wants_json:
                    return JsonResponse({"ok": True, "url": url, "id": visit.pk})
                messages.success(request, _t("Visit recorded."))
                return redirect(url)
        if wants_json:
            errors = {k: [str(m) for m in v] for k, v in form.errors.items()}
            return JsonResponse({"ok": False, "errors": errors or {"": [str(error)]}}, status=400)
        return render(request, "supervision/visit_form.html", {"form": form}, status=400)


class VisitDetailView(ObjectDetailView):
    """A visit record: facts, the checklist, photos and files, findings with their rectifications."""

    queryset = Visit.objects.select_related("school__county", "supervisor", "recorded_by")
    template_name = "supervision/visit_detail.html"
    tabs = (("record", _("Record")), ("history", _("History")))

    def get_tab_context(self, tab, visit):
        supervising = services.is_supervising(self.request.user, visit.school)
        context = {**selectors.visit_detail(visit=visit), "supervising": supervising}
        if supervising:
            context["finding_form"] = forms.FindingForm()
        return context


class _VisitPostView(LoginRequiredMixin, View):
    queryset = Visit.objects.select_related("school__area", "supervisor")
    http_method_names = ["post"]

    def post(self, request, pk):
        visit = get_scoped_or_404(self.queryset, request.user, "view", pk=pk)
        if not services.is_supervising(request.user, visit.school):
            raise PermissionDenied
        try:
            message = self.act(visit)
        except ValidationError as error:
            _flash(request, error)
        else:
            messages.success(request, message)
        return redirect("supervision:visit_detail", pk=visit.pk)


class VisitFindingView(_VisitPostView):
    """Add a finding (and its rectification) to a visit."""

    def act(self, visit):
        form = forms.FindingForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError([f"{form.fields[k].label}: {' '.join(v)}" for k, v in form.errors.items()])
        services.finding_add(actor=self.request.user, visit=visit, **form.cleaned_data)
        return _t("Finding added.")


class VisitReportView(_VisitPostView):
    """Submit the visit's report to the 督导室."""

    def act(self, visit):
        services.visit_submit_report(actor=self.request.user, visit=visit)
        return _t("Report submitted.")


class VisitDocxView(LoginRequiredMixin, View):
    """督导记录 as a GB/T 9704 .docx."""

    queryset = Visit.objects.select_related("school__county", "supervisor")

    def get(self, request, pk):
        visit = get_scoped_or_404(self.queryset, request.user, "view", pk=pk)
        detail = selectors.visit_detail(visit=visit)
        doc = documents.visit_record_document(
            visit=visit,
            checklist=detail["checklist"],
            findings=detail["findings"],
            files=detail["files"],
            issuer=_issuer(visit.school),
        )
        name = f"督导记录_{visit.school.name}_{visit.visited_at:%Y%m%d}.docx"
        return attachment(render_docx(doc), name, DOCX)


class VisitFileView(LoginRequiredMixin, View):
    """A visit photo or file, to users who may view its visit (media files are never served directly)."""

    queryset = VisitFile.objects.select_related("visit")

    def get(self, request, pk):
        f = get_scoped_or_404(self.queryset, request.user, "view", pk=pk)
        try:
            handle = f.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(handle, as_attachment=not f.is_image, filename=f.name)


# --- rectifications ------------------------------------------------------------------------------------


class RectificationListView(LoginRequiredMixin, View):
    """整改: open ones first (overdue marked), then closed; ``export`` gives the ledger."""

    export = False
    page_size = 50

    def get(self, request):
        action = "export" if self.export else "view"
        if not user_can(request.user, action, Rectification):
            raise Http404
        rects = selectors.rectification_list(user=request.user, action=action)
        state = request.GET.get("status", "")
        if state == "overdue":
            rects = rects.filter(status__in=("open", "returned"), deadline__lt=clock.today())
        elif state in RectificationStatus.values:
            rects = rects.filter(status=state)
        elif state != "all":
            rects = rects.filter(status__in=UNFINISHED)
        if self.export:
            columns = [
                (_("school"), lambda r: r.school.name),
                (_("item"), lambda r: Item(r.finding.item).label),
                (_("finding"), lambda r: r.finding.description),
                (_("what must be done"), lambda r: r.requirement),
                (_("deadline"), lambda r: r.deadline),
                (_("status"), lambda r: r.get_status_display()),
                (_("times returned"), lambda r: r.returned_count),
                (_("urge level"), lambda r: r.urge_level or ""),
                (_("closed at"), lambda r: r.closed_at or ""),
                (_("supervisor"), lambda r: r.finding.visit.supervisor.name),
            ]
            return xlsx_response(str(_("rectification ledger")), columns, rects.iterator(chunk_size=2000))
        today = clock.today()
        page = Paginator(rects, self.page_size).get_page(request.GET.get("page"))
        rows = list(page.object_list)
        for r in rows:
            r.overdue = r.is_overdue(today)
            r.css = STATUS_CSS[r.status]
        return render(
            request,
            "supervision/rectification_list.html",
            {
                "rectifications": rows,
                "page_obj": page,
                "status": state,
                "can_export": user_can(request.user, "export", Rectification),
            },
        )


class RectificationDetailView(ObjectDetailView):
    """A rectification: requirement, deadline, answers with evidence, urge notices, the allowed actions."""

    queryset = Rectification.objects.select_related("school__area", "finding__visit__supervisor", "closed_by")
    template_name = "supervision/rectification_detail.html"
    tabs = (("loop", _("Rectification")), ("history", _("History")))

    def get_tab_context(self, tab, rect):
        roles = services.rectification_roles(self.request.user, rect)
        today = clock.today()
        buttons = workflow.allowed(rect.status, roles=roles)
        return {
            **selectors.rectification_detail(rectification=rect),
            "buttons": [b for b in buttons if b.action != "urge" or rect.is_overdue(today)],
            "overdue": rect.is_overdue(today),
            "status_css": STATUS_CSS[rect.status],
        }


class RectificationActionView(LoginRequiredMixin, View):
    """Answer, close, return or urge (``action`` in the form); the service checks role and state."""

    queryset = Rectification.objects.select_related("school__area", "finding__visit")
    http_method_names = ["post"]

    def post(self, request, pk):
        rect = get_scoped_or_404(self.queryset, request.user, "view", pk=pk)
        url = reverse("supervision:rectification_detail", args=[rect.pk])
        form = forms.RectificationActionForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _t("Choose an action."))
            return redirect(url)
        action, text = form.cleaned_data["action"], form.cleaned_data["text"]
        transition = workflow.TRANSITIONS[action]
        if transition.by not in services.rectification_roles(request.user, rect):
            raise PermissionDenied
        user = request.user
        try:
            if action == "answer":
                services.rectification_answer(
                    actor=user, rectification=rect, actions=text, files=form.cleaned_data["files"]
                )
            elif action == "close":
                services.rectification_close(actor=user, rectification=rect, note=text)
            elif action == "return":
                services.rectification_return(actor=user, rectification=rect, reason=text)
            else:
                notice = services.rectification_urge(actor=user, rectification=rect, reason=text)
                messages.info(request, notice.doc_number)
        except ValidationError as error:
            _flash(request, error)
        else:
            messages.success(request, _t("Done: {action}.").format(action=transition.label))
        return redirect(url)


class RectificationFileView(LoginRequiredMixin, View):
    queryset = RectificationFile.objects.select_related("answer")

    def get(self, request, pk):
        f = get_scoped_or_404(self.queryset, request.user, "view", pk=pk)
        try:
            handle = f.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(handle, as_attachment=True, filename=f.name)


# --- schedule, organisation, sign ----------------------------------------------------------------------


class ScheduleView(LoginRequiredMixin, View):
    """The month's planned visits (``?month=2019-06``); POST generates the missing ones for the county."""

    page_size = 100

    def month(self):
        month = (
            self.request.GET.get("month") or self.request.POST.get("month") or checks.month_of(clock.today())
        )
        try:
            dt.date.fromisoformat(f"{month}-01")
        except ValueError:
            raise Http404 from None
        return month

    def get(self, request):
        if not user_can(request.user, "view", PlannedVisit):
            raise Http404
        month = self.month()
        page = Paginator(selectors.planned_visits(user=request.user, month=month), self.page_size).get_page(
            request.GET.get("page")
        )
        return render(
            request,
            "supervision/schedule.html",
            {
                "month": month,
                "planned": page.object_list,
                "page_obj": page,
                "can_generate": user_can(request.user, "add", PlannedVisit),
            },
        )

    def post(self, request):
        month = self.month()
        counties = {
            s.county for s in School.objects.restrict(request.user, "change").select_related("county")[:1]
        }
        schools = selectors.my_schools(user=request.user)
        if not counties or not any(services.is_supervising(request.user, s) for s in schools[:1]):
            raise PermissionDenied
        created = sum(
            len(services.schedule_generate(actor=request.user, county=c, month=month)) for c in counties
        )
        messages.success(request, _t("{n} visits planned.").format(n=created))
        return redirect(reverse("supervision:schedule") + f"?month={month}")


class PlannedVisitEditView(LoginRequiredMixin, View):
    queryset = PlannedVisit.objects.select_related("school__area", "school__county")
    http_method_names = ["post"]

    def post(self, request, pk):
        planned = get_scoped_or_404(self.queryset, request.user, "change", pk=pk)
        form = forms.PlannedVisitForm(request.POST, supervisors=selectors.supervisor_list(user=request.user))
        if form.is_valid():
            try:
                services.planned_visit_update(actor=request.user, planned=planned, **form.cleaned_data)
            except ValidationError as error:
                _flash(request, error)
        else:
            messages.error(request, _t("Enter a date."))
        return redirect(reverse("supervision:schedule") + f"?month={planned.month}")


class OrganisationView(LoginRequiredMixin, View):
    """Supervisors, zones, current assignments, and the organisation checks. The schools page: a district's
    ~200 schools beside its supervisors and zones would pass ``MAX_ROWS_PER_PAGE`` on one page."""

    schools_per_page = 100

    def get(self, request):
        if not user_can(request.user, "view", Visit):
            raise Http404
        schools = (
            School.objects.restrict(request.user)
            .filter(is_active=True)
            .select_related("area")
            .order_by("code", "pk")
        )
        page = Paginator(schools, self.schools_per_page).get_page(request.GET.get("page"))
        current = selectors.current_supervisors(schools=list(page.object_list))
        return render(
            request,
            "supervision/organisation.html",
            {
                "supervisors": selectors.supervisor_list(user=request.user),
                "zones": selectors.zone_list(user=request.user),
                "schools": [(s, current.get(s.pk)) for s in page.object_list],
                "page_obj": page,
                "problems": selectors.organisation_problems(user=request.user),
            },
        )


class SchoolSignView(LoginRequiredMixin, View):
    """挂牌: the printable sign at the school gate — the supervisor's name, photo, contact and the items."""

    queryset = School.objects.select_related("county")

    def get(self, request, pk):
        school = get_scoped_or_404(self.queryset, request.user, "view", pk=pk)
        assignment = selectors.current_supervisors(schools=[school]).get(school.pk)
        return render(
            request,
            "supervision/sign.html",
            {"school": school, "assignment": assignment, "items": list(Item), "issuer": _issuer(school)},
        )


class SupervisorPhotoView(LoginRequiredMixin, View):
    """A supervisor's photo for the sign (shown to anyone who may see one of the supervisor's schools)."""

    queryset = School.objects.all()

    def get(self, request, pk):
        school = get_scoped_or_404(self.queryset, request.user, "view", pk=pk)
        assignment = selectors.current_supervisors(schools=[school]).get(school.pk)
        if assignment is None or not assignment.supervisor.photo:
            raise Http404
        try:
            return FileResponse(assignment.supervisor.photo.open("rb"))
        except FileNotFoundError:
            raise Http404 from None


# --- 三年一轮 --------------------------------------------------------------------------------------------


class CycleListView(LoginRequiredMixin, View):
    def get(self, request):
        if not user_can(request.user, "view", EvaluationCycle):
            raise Http404
        return render(
            request,
            "supervision/cycle_list.html",
            {
                "cycles": selectors.cycle_list(user=request.user),
                "form": forms.CycleForm(initial={"first_year": clock.today().year}),
            },
        )

    def post(self, request):
        counties = list(
            School.objects.restrict(request.user, "change").values_list("county", flat=True).distinct()[:2]
        )
        if len(counties) != 1 or not user_can(request.user, "add", EvaluationCycle):
            raise PermissionDenied
        form = forms.CycleForm(request.POST)
        if not form.is_valid():
            messages.error(request, _t("Enter the name, the first year and 3–5 years."))
            return redirect("supervision:cycle_list")
        county = School.objects.filter(county_id=counties[0]).select_related("county").first().county
        try:
            cycle = services.cycle_create(actor=request.user, county=county, **form.cleaned_data)
        except ValidationError as error:
            _flash(request, error)
            return redirect("supervision:cycle_list")
        return redirect("supervision:cycle_detail", pk=cycle.pk)


class CycleDetailView(ObjectDetailView):
    """The planner: every school once in the cycle, by year, with counts; a school can be moved."""

    queryset = EvaluationCycle.objects.select_related("county")
    template_name = "supervision/cycle_detail.html"
    tabs = (("plan", _("Plan")), ("history", _("History")))

    def get_tab_context(self, tab, cycle):
        if tab != "plan":
            return {}
        return {
            **selectors.cycle_grid(cycle=cycle, user=self.request.user, page=self.request.GET.get("page")),
            "years": cycle.year_range,
            "can_change": user_can(self.request.user, "change", CycleSlot),
        }


class CycleSlotMoveView(LoginRequiredMixin, View):
    queryset = CycleSlot.objects.select_related("cycle", "school")
    http_method_names = ["post"]

    def post(self, request, pk):
        slot = get_scoped_or_404(self.queryset, request.user, "change", pk=pk)
        form = forms.SlotMoveForm(request.POST)
        if form.is_valid():
            try:
                services.cycle_slot_move(actor=request.user, slot=slot, year=form.cleaned_data["year"])
            except ValidationError as error:
                _flash(request, error)
        return redirect("supervision:cycle_detail", pk=slot.cycle_id)


# --- monthly report ------------------------------------------------------------------------------------


class MonthlyReportView(LoginRequiredMixin, View):
    """督导月报 (``?month=2019-06``) as a GB/T 9704 .docx."""

    def get(self, request):
        if not user_can(request.user, "export", Visit):
            raise Http404
        month = request.GET.get("month") or checks.month_of(clock.today())
        try:
            dt.date.fromisoformat(f"{month}-01")
        except ValueError:
            raise Http404 from None
        data = selectors.monthly_report_data(user=request.user, month=month)
        school = School.objects.restrict(request.user).select_related("county").first()
        doc = documents.monthly_report_document(data=data, issuer=_issuer(school), date=clock.today())
        return attachment(render_docx(doc), f"督导月报_{month}.docx", DOCX)
