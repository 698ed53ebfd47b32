"""Safety pages: hazards (list, ledger, phone report, the fix loop), bullying cases (their handlers only;
every opening logged), training centres (registry, inspections, complaints, the public list) and 平安校园
grading.

Reads go through ``selectors`` and ``get_scoped_or_404`` (out of scope answers 404 like missing); every
write is a ``services`` call. A person who may see an object but not act on it gets 403 for the action.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from django.views import View

from edubureau.accounts.models import User
from edubureau.core import clock
from edubureau.core.export import attachment, workbook_bytes, xlsx_response
from edubureau.core.scoping import get_scoped_or_404, user_can
from edubureau.core.views import ObjectDetailView
from edubureau.registry.choices import AreaKind
from edubureau.registry.models import Area, School
from edubureau.safety import forms, selectors, services, workflow
from edubureau.safety.choices import (
    BULLYING_STATUS_CSS,
    HAZARD_STATUS_CSS,
    LEVEL_CSS,
    BullyingSeverity,
    CentreStatus,
    HazardLevel,
)
from edubureau.safety.models import (
    BullyingCase,
    CampusScheme,
    CentreInspection,
    Complaint,
    Hazard,
    HazardFile,
    TrainingCentre,
)


def _flash(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _form_errors(form) -> ValidationError:
    return ValidationError(
        [f"{form.fields[k].label or ''}: {' '.join(v)}".lstrip(": ") for k, v in form.errors.items()]
    )


def _onto_form(form, exc: ValidationError) -> None:
    """A service's refusal shown on the form: by field where the form has it, else above the fields."""
    errors = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
    for field, errs in errors.items():
        form.add_error(field if field in form.fields else None, errs)


# --- hazards -------------------------------------------------------------------------------------------


class HazardListView(LoginRequiredMixin, View):
    """隐患台账: unfinished first by deadline (overdue marked), filtered by state and level; paged;
    ``export`` gives the ledger."""

    export = False
    page_size = 50

    def get(self, request):
        action = "export" if self.export else "view"
        if not user_can(request.user, action, Hazard):
            raise Http404
        today = clock.today()
        status, level = request.GET.get("status", ""), request.GET.get("level", "")
        hazards = selectors.hazard_list(
            user=request.user, action=action, status=status, level=level, today=today
        )
        if self.export:
            columns = [
                (_("school"), lambda h: h.school.name),
                (_("hazard"), lambda h: h.title),
                (_("category"), lambda h: h.get_category_display()),
                (_("place"), lambda h: h.place),
                (_("level"), lambda h: h.get_level_display()),
                (_("found by"), lambda h: h.get_source_display()),
                (_("found on"), lambda h: h.found_on),
                (_("deadline"), lambda h: h.deadline),
                (_("person responsible"), lambda h: h.responsible),
                (_("status"), lambda h: h.get_status_display()),
                (_("times returned"), lambda h: h.returned_count),
                (_("urge level"), lambda h: h.urge_level or ""),
                (_("verified at"), lambda h: h.verified_at or ""),
            ]
            return xlsx_response(str(_("hazard ledger")), columns, hazards.iterator(chunk_size=2000))
        page = Paginator(hazards, self.page_size).get_page(request.GET.get("page"))
        rows = list(page.object_list)
        for h in rows:
            h.overdue = h.is_overdue(today)
            h.css = HAZARD_STATUS_CSS[h.status]
            h.level_css = LEVEL_CSS[h.level]
        return render(
            request,
            "safety/hazard_list.html",
            {
                "hazards": rows,
                "page_obj": page,
                "status": status,
                "level": level,
                "levels": HazardLevel.choices,
                "counts": selectors.hazard_counts(user=request.user, today=today),
                "can_export": user_can(request.user, "export", Hazard),
                "can_add": _can_report(request.user, Hazard),
            },
        )


def _reporting_schools(user):
    """Schools the user may report for; none (a colleague of another department): the form is a 404."""
    schools = services.reporting_schools(user)
    if not schools.exists():
        raise Http404
    return schools


def _can_report(user, model) -> bool:
    """Whether a list offers its 登记 button: only to those the form would not answer with a 404."""
    return user_can(user, "add", model) and services.reporting_schools(user).exists()


class HazardCreateView(LoginRequiredMixin, View):
    """隐患登记 on a phone (photos from the camera)."""

    def get(self, request):
        if not user_can(request.user, "add", Hazard):
            raise Http404
        today = clock.today()
        form = forms.HazardForm(
            schools=_reporting_schools(request.user),
            initial={"found_on": today, "school": request.GET.get("school")},
        )
        return render(request, "safety/hazard_form.html", {"form": form})

    def post(self, request):
        if not user_can(request.user, "add", Hazard):
            raise Http404
        form = forms.HazardForm(request.POST, request.FILES, schools=_reporting_schools(request.user))
        if form.is_valid():
            d = form.cleaned_data
            try:
                hazard = services.hazard_report(actor=request.user, **d)
            except ValidationError as exc:
                _onto_form(form, exc)
            else:
                messages.success(request, _t("Hazard reported."))
                return redirect("safety:hazard_detail", pk=hazard.pk)
        return render(request, "safety/hazard_form.html", {"form": form}, status=400)


class HazardDetailView(ObjectDetailView):
    """A hazard: what, where, level, deadline, photos, the fix, urge notices, the allowed actions."""

    queryset = Hazard.objects.select_related("school__area", "reported_by", "verified_by")
    template_name = "safety/hazard_detail.html"
    tabs = (("loop", _("Hazard")), ("history", _("History")))

    def get_tab_context(self, tab, hazard):
        today = clock.today()
        roles = services.hazard_roles(self.request.user, hazard)
        buttons = workflow.allowed(workflow.HAZARD, hazard.status, roles=roles)
        return {
            **(selectors.hazard_detail(hazard=hazard) if tab == "loop" else {}),
            "buttons": [b for b in buttons if b.action != "urge" or hazard.is_overdue(today)],
            "overdue": hazard.is_overdue(today),
            "status_css": HAZARD_STATUS_CSS[hazard.status],
            "level_css": LEVEL_CSS[hazard.level],
        }


class HazardActionView(LoginRequiredMixin, View):
    """Assign, fix, verify, return or urge (``action`` in the form); the service checks role and state."""

    queryset = Hazard.objects.select_related("school__area")
    http_method_names = ["post"]

    def post(self, request, pk):
        hazard = get_scoped_or_404(self.queryset, request.user, "view", pk=pk)
        url = reverse("safety:hazard_detail", args=[hazard.pk])
        form = forms.HazardActionForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _t("Choose an action."))
            return redirect(url)
        action, text = form.cleaned_data["action"], form.cleaned_data["text"]
        transition = workflow.HAZARD[action]
        if not transition.by & services.hazard_roles(request.user, hazard):
            raise PermissionDenied
        user = request.user
        try:
            if action == "assign":
                services.hazard_assign(
                    actor=user, hazard=hazard, responsible=text, deadline=form.cleaned_data["deadline"]
                )
            elif action == "fix":
                services.hazard_fix(actor=user, hazard=hazard, actions=text, files=form.cleaned_data["files"])
            elif action == "verify":
                services.hazard_verify(actor=user, hazard=hazard, note=text)
            elif action == "return":
                services.hazard_return(actor=user, hazard=hazard, reason=text)
            else:
                notice = services.hazard_urge(actor=user, hazard=hazard, reason=text)
                messages.info(request, notice.doc_number)
        except ValidationError as error:
            _flash(request, error)
        else:
            messages.success(request, _t("Done: {action}.").format(action=transition.label))
        return redirect(url)


class HazardFileView(LoginRequiredMixin, View):
    """A hazard photo or evidence file, to users who may view its hazard."""

    queryset = HazardFile.objects.select_related("hazard")

    def get(self, request, pk):
        f = get_scoped_or_404(self.queryset, request.user, "view", pk=pk)
        try:
            handle = f.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(handle, as_attachment=not f.is_image, filename=f.name)


# --- 校园欺凌 -------------------------------------------------------------------------------------------


class BullyingListView(LoginRequiredMixin, View):
    """The cases the user handles: school, date, state and time limit; no pupil's name on this page."""

    page_size = 50

    def get(self, request):
        if not user_can(request.user, "view", BullyingCase):
            raise Http404
        today = clock.today()
        page = Paginator(selectors.bullying_case_list(user=request.user), self.page_size).get_page(
            request.GET.get("page")
        )
        rows = list(page.object_list)
        for case in rows:
            case.overdue = case.is_overdue(today)
            case.css = BULLYING_STATUS_CSS[case.status]
        return render(
            request,
            "safety/bullying_list.html",
            {"cases": rows, "page_obj": page, "can_add": _can_report(request.user, BullyingCase)},
        )


class BullyingCreateView(LoginRequiredMixin, View):
    def schools(self):
        return _reporting_schools(self.request.user)

    def get(self, request):
        if not user_can(request.user, "add", BullyingCase):
            raise Http404
        form = forms.BullyingCaseForm(schools=self.schools(), initial={"reported_on": clock.today()})
        return render(request, "safety/bullying_form.html", {"form": form})

    def post(self, request):
        if not user_can(request.user, "add", BullyingCase):
            raise Http404
        form = forms.BullyingCaseForm(request.POST, schools=self.schools())
        if form.is_valid():
            d = form.cleaned_data
            names = d.pop("handlers").split()
            handlers = list(User.objects.filter(username__in=names, is_active=True))
            missing = sorted(set(names) - {u.username for u in handlers})
            if missing:
                form.add_error(
                    "handlers",
                    _t("No such user: {names}.").format(names=pgettext("list separator", ", ").join(missing)),
                )
            else:
                try:
                    case = services.bullying_case_report(actor=request.user, handlers=handlers, **d)
                except ValidationError as exc:
                    _onto_form(form, exc)
                else:
                    messages.success(request, _t("Case recorded."))
                    return redirect("safety:bullying_detail", pk=case.pk)
        return render(request, "safety/bullying_form.html", {"form": form}, status=400)


class BullyingDetailView(ObjectDetailView):
    """A case, to its handlers only (everyone else: 404); each opening is written to the audit log."""

    queryset = BullyingCase.objects.select_related("school")
    template_name = "safety/bullying_detail.html"
    tabs = (("case", _("Case")), ("history", _("History")))

    def get_tab_context(self, tab, case):
        services.bullying_case_viewed(actor=self.request.user, case=case)
        today = clock.today()
        return {
            "buttons": workflow.allowed(workflow.BULLYING, case.status, roles={workflow.HANDLER}),
            "handlers": list(case.handlers.select_related("user")),
            "overdue": case.is_overdue(today),
            "status_css": BULLYING_STATUS_CSS[case.status],
            "severities": BullyingSeverity.choices,
        }


class _BullyingPostView(LoginRequiredMixin, View):
    queryset = BullyingCase.objects.select_related("school__area")
    http_method_names = ["post"]

    def post(self, request, pk):
        case = get_scoped_or_404(self.queryset, request.user, "view", pk=pk)
        try:
            message = self.act(case)
        except ValidationError as error:
            _flash(request, error)
        else:
            messages.success(request, message)
        return redirect("safety:bullying_detail", pk=case.pk)


class BullyingActionView(_BullyingPostView):
    """A step of the process (``action`` in the form); the service checks the state."""

    def act(self, case):
        form = forms.BullyingActionForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError(_t("Choose an action."))
        d, user = form.cleaned_data, self.request.user
        action = d["action"]
        if action == "investigate":
            services.bullying_investigate(actor=user, case=case)
        elif action == "determine":
            services.bullying_determine(
                actor=user,
                case=case,
                is_bullying=d["is_bullying"],
                severity=d["severity"],
                measures=d["text"],
                police_reported=d["police_reported"],
            )
        elif action == "appeal":
            services.bullying_appeal(actor=user, case=case, note=d["text"])
        elif action == "review":
            services.bullying_review(actor=user, case=case)
        elif action == "conclude":
            services.bullying_conclude(actor=user, case=case, result=d["text"])
        else:
            services.bullying_close(actor=user, case=case, note=d["text"])
        return _t("Done: {action}.").format(action=workflow.BULLYING[action].label)


class BullyingHandlerView(_BullyingPostView):
    """Name another handler by login name."""

    def act(self, case):
        form = forms.HandlerForm(self.request.POST)
        username = form.cleaned_data["username"] if form.is_valid() else ""
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise ValidationError(_t("No such user: {names}.").format(names=username or "—"))
        services.bullying_handler_add(actor=self.request.user, case=case, user=user)
        return _t("Handler added.")


# --- 校外培训机构 ---------------------------------------------------------------------------------------


class CentreListView(LoginRequiredMixin, View):
    """校外培训机构: the registry with open rectifications and complaints; ``public`` gives the 白名单
    workbook the bureau publishes (licensed centres only)."""

    public = False
    page_size = 50

    def get(self, request):
        action = "export" if self.public else "view"
        if not user_can(request.user, action, TrainingCentre):
            raise Http404
        if self.public:
            header = [str(h) for h in (_("Town"), _("Name"), _("Licence number"), _("Address"), _("Organiser"),
                                       _("Subjects"), _("Capacity"), _("Phone"))]  # fmt: skip
            rows = [header] + [
                [
                    c.area.name,
                    c.name,
                    c.licence_number,
                    c.address,
                    c.organiser,
                    c.subjects,
                    c.capacity,
                    c.phone,
                ]
                for c in selectors.public_centres(user=request.user).iterator(chunk_size=2000)
            ]
            widths = {"A": 12, "B": 28, "C": 24, "D": 36, "E": 24, "F": 24, "G": 10, "H": 16}
            content = workbook_bytes([(_t("Licensed training centres"), rows, {"widths": widths})])
            return attachment(content, f"{_t('Licensed training centres')}_{clock.stamp()}.xlsx")
        q, status = request.GET.get("q", "").strip(), request.GET.get("status", "")
        centres = selectors.centre_list(user=request.user, q=q, status=status)
        page = Paginator(centres, self.page_size).get_page(request.GET.get("page"))
        return render(
            request,
            "safety/centre_list.html",
            {
                "centres": page.object_list,
                "page_obj": page,
                "q": q,
                "status": status,
                "statuses": CentreStatus.choices,
                "can_add": user_can(request.user, "add", TrainingCentre),
                "can_export": user_can(request.user, "export", TrainingCentre),
            },
        )


def _towns(user):
    return Area.objects.restrict(user, "view").filter(kind=AreaKind.TOWN).order_by("code", "pk")


class CentreCreateView(LoginRequiredMixin, View):
    def get(self, request):
        if not user_can(request.user, "add", TrainingCentre):
            raise Http404
        return render(
            request, "safety/centre_form.html", {"form": forms.CentreForm(areas=_towns(request.user))}
        )

    def post(self, request):
        if not user_can(request.user, "add", TrainingCentre):
            raise Http404
        form = forms.CentreForm(request.POST, areas=_towns(request.user))
        if form.is_valid():
            try:
                centre = services.centre_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _onto_form(form, exc)
            else:
                messages.success(request, _t("Centre registered."))
                return redirect("safety:centre_detail", pk=centre.pk)
        return render(request, "safety/centre_form.html", {"form": form}, status=400)


class CentreDetailView(ObjectDetailView):
    """A centre: its licence, inspections (with open rectifications) and complaints."""

    queryset = TrainingCentre.objects.select_related("area")
    template_name = "safety/centre_detail.html"
    tabs = (("centre", _("Centre")), ("history", _("History")))

    def get_tab_context(self, tab, centre):
        if tab != "centre":
            return {}
        can_change = (
            TrainingCentre.objects.restrict(self.request.user, "change").filter(pk=centre.pk).exists()
        )
        return {
            **selectors.centre_detail(centre=centre),
            "can_change": can_change,
            "inspection_form": forms.InspectionForm(initial={"inspected_on": clock.today()}),
            "complaint_form": forms.ComplaintForm(initial={"received_on": clock.today()}),
        }


class _ScopedPostView(LoginRequiredMixin, View):
    """A POST on one object the user may change (else 404); ``act`` returns the message and the page."""

    queryset = None
    http_method_names = ["post"]

    def post(self, request, pk):
        obj = get_scoped_or_404(self.queryset, request.user, "change", pk=pk)
        try:
            message, url = self.act(obj)
        except ValidationError as error:
            _flash(request, error)
            url = self.back(obj)
        else:
            messages.success(request, message)
        return redirect(url)


class CentreInspectView(_ScopedPostView):
    queryset = TrainingCentre.objects.all()

    def back(self, centre):
        return reverse("safety:centre_detail", args=[centre.pk])

    def act(self, centre):
        form = forms.InspectionForm(self.request.POST)
        if not form.is_valid():
            raise _form_errors(form)
        services.centre_inspect(actor=self.request.user, centre=centre, **form.cleaned_data)
        return _t("Inspection recorded."), self.back(centre)


class CentreComplaintView(_ScopedPostView):
    queryset = TrainingCentre.objects.all()

    def back(self, centre):
        return reverse("safety:centre_detail", args=[centre.pk])

    def act(self, centre):
        form = forms.ComplaintForm(self.request.POST)
        if not form.is_valid():
            raise _form_errors(form)
        services.complaint_receive(actor=self.request.user, centre=centre, **form.cleaned_data)
        return _t("Complaint recorded."), self.back(centre)


class InspectionCloseView(_ScopedPostView):
    queryset = CentreInspection.objects.select_related("centre")

    def back(self, inspection):
        return reverse("safety:centre_detail", args=[inspection.centre_id])

    def act(self, inspection):
        services.inspection_close(actor=self.request.user, inspection=inspection)
        return _t("Rectification verified."), self.back(inspection)


class ComplaintHandleView(_ScopedPostView):
    queryset = Complaint.objects.select_related("centre")

    def back(self, complaint):
        return reverse("safety:centre_detail", args=[complaint.centre_id])

    def act(self, complaint):
        form = forms.ReplyForm(self.request.POST)
        reply = form.cleaned_data["reply"] if form.is_valid() else ""
        services.complaint_handle(actor=self.request.user, complaint=complaint, reply=reply)
        return _t("Complaint handled."), self.back(complaint)


# --- 平安校园 -------------------------------------------------------------------------------------------


class SchemeListView(LoginRequiredMixin, View):
    """平安校园 schemes, newest cycle first; POST creates one for the user's county."""

    def get(self, request):
        if not user_can(request.user, "view", CampusScheme):
            raise Http404
        return render(
            request,
            "safety/scheme_list.html",
            {
                "schemes": selectors.scheme_list(user=request.user),
                "form": forms.SchemeForm(initial={"cycle": str(clock.today().year)}),
                "can_add": user_can(request.user, "add", CampusScheme),
            },
        )

    def post(self, request):
        counties = list(
            Area.objects.restrict(request.user, "change").filter(kind=AreaKind.COUNTY).order_by("pk")[:2]
        )
        if len(counties) != 1 or not user_can(request.user, "add", CampusScheme):
            raise PermissionDenied
        form = forms.SchemeForm(request.POST)
        if not form.is_valid():
            _flash(request, _form_errors(form))
            return redirect("safety:scheme_list")
        try:
            scheme = services.scheme_create(actor=request.user, county=counties[0], **form.cleaned_data)
        except ValidationError as error:
            _flash(request, error)
            return redirect("safety:scheme_list")
        return redirect("safety:scheme_detail", pk=scheme.pk)


class SchemeDetailView(ObjectDetailView):
    """A scheme: its criteria, the schools graded (paged, best first) and the score entry."""

    queryset = CampusScheme.objects.select_related("county")
    template_name = "safety/scheme_detail.html"
    tabs = (("grades", _("Grades")), ("history", _("History")))
    page_size = 50

    def get_tab_context(self, tab, scheme):
        if tab != "grades":
            return {}
        grades = selectors.scheme_grades(scheme=scheme, user=self.request.user)
        page = Paginator(grades, self.page_size).get_page(self.request.GET.get("page"))
        return {
            "grades": page.object_list,
            "page_obj": page,
            "schools": School.objects.restrict(self.request.user, "change")
            .filter(county=scheme.county, is_active=True)
            .order_by("code")
            if user_can(self.request.user, "add", CampusScheme)
            else [],
        }


class SchemeScoreView(LoginRequiredMixin, View):
    queryset = CampusScheme.objects.select_related("county")
    http_method_names = ["post"]

    def post(self, request, pk):
        scheme = get_scoped_or_404(self.queryset, request.user, "change", pk=pk)
        school = (
            School.objects.restrict(request.user, "change").filter(pk=request.POST.get("school") or 0).first()
        )
        if school is None:
            messages.error(request, _t("Choose a school."))
            return redirect("safety:scheme_detail", pk=scheme.pk)
        scores = [request.POST.get(f"score_{i}", "") for i in range(len(scheme.criteria))]
        try:
            grade = services.grade_score(actor=request.user, scheme=scheme, school=school, scores=scores)
        except ValidationError as error:
            _flash(request, error)
        else:
            messages.success(
                request,
                _t("{school}: {total} points, {grade}.").format(
                    school=school.name, total=grade.total, grade=grade.get_grade_display()
                ),
            )
        return redirect("safety:scheme_detail", pk=scheme.pk)
