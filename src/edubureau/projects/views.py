"""Project pages: the ledger (list, filters, .xlsx), a project's tabs (overview, money, milestones,
history), the create/edit form, and the actions (stage advance, budget line, payment, milestone).

Reads go through ``selectors`` and ``get_scoped_or_404``; writes are ``services`` calls whose
``ValidationError`` comes back to the person as a message naming the field and the fix."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.views import View

from edubureau.core import clock
from edubureau.core.scoping import get_scoped_or_404, user_can
from edubureau.core.views import ObjectDetailView, ObjectEditView, ObjectListView
from edubureau.projects import choices as c
from edubureau.projects import filters, forms, selectors, services
from edubureau.projects.models import (
    CapitalProject,
    EarmarkLine,
    EarmarkPayment,
    MilestoneFile,
    ProjectMilestone,
)
from edubureau.registry.choices import AreaKind
from edubureau.registry.models import Area
from edubureau.registry.selectors import area_county


def _flash(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


class ProjectListView(ObjectListView):
    """基建项目台账: every project the user may see, by stage, town and kind, with budget and paid."""

    filterset_class = filters.ProjectFilterSet
    template_name = "projects/project_list.html"
    export_url_name = "projects:project_export"
    export_filename = _("Capital project ledger")

    def get_queryset(self, action):
        return selectors.project_list(user=self.request.user, action=action)

    def narrow_choices(self, form):
        super().narrow_choices(form)
        form.fields["town"].queryset = (
            Area.objects.restrict(self.request.user, "view").filter(kind=AreaKind.TOWN).order_by("code")
        )

    def get_extra_context(self):
        scoped = CapitalProject.objects.restrict(self.request.user, "view")
        return {
            "stages": selectors.stage_counts(scoped),
            "can_add": user_can(self.request.user, "add", CapitalProject),
            "stage_css": c.STAGE_CSS,
        }

    def export_rows(self, queryset):
        """The projects with their last and next milestone (``selectors.milestone_summary``, as the 通报)."""
        rows = list(queryset)
        summary = selectors.milestone_summary(project_ids=[p.pk for p in rows], day=clock.today())
        for p in rows:
            p.milestone_last, p.milestone_next = summary[p.pk]["last"], summary[p.pk]["next"]
        return rows

    def get_export_columns(self):
        def stage_date(s):
            return lambda p: getattr(p, c.STAGE_DATE_FIELD[s]) or ""

        return [
            (_("Project name"), lambda p: p.name),
            (_("Town (subdistrict)"), lambda p: p.town.name),
            (_("School"), lambda p: p.school_label),
            (_("Project kind"), lambda p: p.get_kind_display()),
            (_("Stage"), lambda p: p.get_stage_display()),
            *[(s.label, stage_date(s)) for s in c.Stage],
            (_("Planned delivery"), lambda p: p.planned_delivery or ""),
            (_("Kindergarten places added"), lambda p: p.places_preschool),
            (_("Primary places added"), lambda p: p.places_primary),
            (_("Junior secondary places added"), lambda p: p.places_junior),
            (_("Senior secondary places added"), lambda p: p.places_senior),
            (_("Places added, total"), lambda p: p.places),
            (_("Classrooms added"), lambda p: p.rooms),
            (_("Floor area (m²)"), lambda p: float(p.floor_area)),
            (_("Total investment (10,000 yuan)"), lambda p: float(p.total_investment)),
            (_("Budget total (10,000 yuan)"), lambda p: float(p.budget_total)),
            (_("Paid (10,000 yuan)"), lambda p: float(p.paid_total)),
            (_("Last milestone done"), lambda p: p.milestone_last[0] if p.milestone_last else ""),
            (_("Done on"), lambda p: p.milestone_last[1] if p.milestone_last else ""),
            (_("Next milestone"), lambda p: p.milestone_next[0] if p.milestone_next else ""),
            (_("Due on"), lambda p: p.milestone_next[1] if p.milestone_next else ""),
            (_("Days late"), lambda p: p.milestone_next[2] if p.milestone_next else ""),
            (_("Responsible unit"), lambda p: p.responsible_unit),
        ]


class ProjectDetailView(ObjectDetailView):
    queryset = CapitalProject.objects.select_related("town", "school", "county")
    template_name = "projects/project_detail.html"
    tabs = (
        ("overview", _("Overview")),
        ("money", _("Money")),
        ("milestones", _("Construction milestones")),
        ("history", _("History")),
    )

    def get_tab_context(self, tab, obj):
        user = self.request.user
        today = clock.today()
        can_change = CapitalProject.objects.restrict(user, "change").filter(pk=obj.pk).exists()
        context = {"can_change": can_change, "stage_css": c.STAGE_CSS, "today": today}
        if tab == "overview":
            nxt = c.next_stage(obj.stage)
            if can_change and obj.stage != c.STAGE_ORDER[0] and not obj.capacity_applied:
                context["revert_form"] = forms.styled(forms.RevertForm())
            context["next_stage"] = c.Stage(nxt).label if nxt else None
            if can_change and nxt:
                context["stage_form"] = forms.styled(forms.StageForm(initial={"reached_on": today}))
            context["places"] = [
                (obj._meta.get_field(f).verbose_name, getattr(obj, f)) for f in c.PLACE_FIELDS.values()
            ]
        elif tab == "money":
            context["fundings"] = lines = selectors.project_fundings(project=obj)
            context["budget_total"] = sum(x.budget for x in lines)
            context["paid_total"] = sum(x.paid for x in lines)
            context["payments"] = list(selectors.project_payments(project=obj)[:100])
            if can_change:
                context["funding_form"] = forms.styled(forms.FundingForm())
                if lines:
                    context["payment_form"] = forms.styled(
                        forms.PaymentForm(project=obj, initial={"paid_on": today})
                    )
        elif tab == "milestones":
            context["milestones"] = selectors.project_milestones(project=obj, today=today)
            if can_change:
                context["milestone_form"] = forms.styled(forms.MilestoneForm())
                context["done_form"] = forms.styled(forms.MilestoneDoneForm(initial={"done_on": today}))
                if context["milestones"]:
                    context["file_form"] = forms.styled(forms.MilestoneFileForm(project=obj))
        return context


class SeatsView(LoginRequiredMixin, View):
    """学位供需: projected pupils against places by town and level, with the projects that add places."""

    def get(self, request):
        if not user_can(request.user, "view", CapitalProject):
            raise Http404
        context = selectors.seat_balance(user=request.user)
        return render(request, "projects/seats.html", context)


class ProjectEditView(ObjectEditView):
    queryset = CapitalProject.objects.select_related("town", "school")
    form_class = forms.ProjectForm

    def may_create(self):
        return user_can(self.request.user, "add", CapitalProject)

    def save(self, form, obj):
        data = dict(form.cleaned_data)
        if obj is None:
            town = data.pop("town")
            return services.project_create(
                actor=self.request.user, county=area_county(town), town=town, **data
            )
        return self.update(obj, data)

    def success_url(self, obj):
        return reverse("projects:project_detail", args=[obj.pk])

    def cancel_url(self, obj):
        return self.success_url(obj) if obj is not None else reverse("projects:project_list")


class _ProjectAction(LoginRequiredMixin, View):
    """A POST on a project the user may change; errors come back as messages on the project's tab."""

    queryset = CapitalProject.objects.all()
    tab = "overview"

    def post(self, request, pk):
        project = get_scoped_or_404(self.queryset, request.user, "change", pk=pk)
        form = self.make_form(request.POST, project, request.FILES)
        if not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                for e in errors:
                    messages.error(
                        request, _t("{label}: {error}").format(label=label, error=e) if label else e
                    )
        else:
            try:
                self.act(project, form.cleaned_data)
            except ValidationError as error:
                _flash(request, error)
            else:
                messages.success(request, self.done_message())
        return redirect(f"{reverse('projects:project_detail', args=[project.pk])}?tab={self.tab}")

    def make_form(self, data, project, files=None):
        raise NotImplementedError

    def act(self, project, data):
        raise NotImplementedError

    def done_message(self):
        return _t("Saved.")


class ProjectAdvanceView(_ProjectAction):
    def make_form(self, data, project, files=None):
        return forms.StageForm(data)

    def act(self, project, data):
        self.project = services.project_advance(
            actor=self.request.user, project=project, reached_on=data["reached_on"]
        )

    def done_message(self):
        return _t("The project is now at stage “{stage}”.").format(stage=self.project.get_stage_display())


class ProjectFundingView(_ProjectAction):
    tab = "money"

    def make_form(self, data, project, files=None):
        return forms.FundingForm(data)

    def act(self, project, data):
        services.funding_set(
            actor=self.request.user, project=project, source=data["source"], budget=data["budget"]
        )


class ProjectPaymentView(_ProjectAction):
    tab = "money"

    def make_form(self, data, project, files=None):
        return forms.PaymentForm(data, project=project)

    def act(self, project, data):
        services.payment_record(
            actor=self.request.user,
            funding=data["funding"],
            paid_on=data["paid_on"],
            amount=data["amount"],
            note=data["note"],
        )


class ProjectMilestoneView(_ProjectAction):
    tab = "milestones"

    def make_form(self, data, project, files=None):
        return forms.MilestoneForm(data)

    def act(self, project, data):
        services.milestone_set(actor=self.request.user, project=project, **data)


class ProjectMilestoneDoneView(_ProjectAction):
    """Mark a milestone of the project done; the milestone is named in the POST (``milestone``)."""

    tab = "milestones"

    def make_form(self, data, project, files=None):
        form = forms.MilestoneDoneForm(data)
        form.fields["milestone"] = forms.forms.ModelChoiceField(
            queryset=ProjectMilestone.objects.filter(project=project)
        )
        return form

    def act(self, project, data):
        services.milestone_done(actor=self.request.user, milestone=data["milestone"], done_on=data["done_on"])


class ProjectRevertView(_ProjectAction):
    """Move the project back one stage, with the reason (audited)."""

    def make_form(self, data, project, files=None):
        return forms.RevertForm(data)

    def act(self, project, data):
        self.project = services.project_revert(
            actor=self.request.user, project=project, reason=data["reason"]
        )

    def done_message(self):
        return _t("The project is back at stage “{stage}”.").format(stage=self.project.get_stage_display())


class ProjectMilestoneFileView(_ProjectAction):
    """Attach a photo or document to one of the project's milestones."""

    tab = "milestones"

    def make_form(self, data, project, files=None):
        return forms.MilestoneFileForm(data, files, project=project)

    def act(self, project, data):
        services.milestone_file_add(
            actor=self.request.user, milestone=data["milestone"], kind=data["kind"], upload=data["file"]
        )

    def done_message(self):
        return _t("File added.")


class MilestoneFileDownloadView(LoginRequiredMixin, View):
    """A milestone's photo or document, to users who may view its project (never served directly)."""

    queryset = MilestoneFile.objects.all()

    def get(self, request, pk):
        record = get_scoped_or_404(self.queryset, request.user, "view", pk=pk)
        try:
            handle = record.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(
            handle, as_attachment=record.kind != MilestoneFile.Kind.PHOTO, filename=record.name
        )


# --- earmarked money on the task page -------------------------------------------------------------------


def earmark_panel(*, task, user) -> dict | None:
    """The task page's panel of earmarked money (budgeted, paid, gap), when the task has any."""
    lines = selectors.earmark_lines(task=task, user=user)
    if not lines:
        return None
    can_pay = EarmarkLine.objects.restrict(user, "change").filter(task=task).exists()
    for line in lines:  # one form per line, each with its own element ids
        line.pay_form = (
            forms.styled(
                forms.EarmarkPaymentForm(
                    initial={"paid_on": clock.today()}, auto_id=f"id_earmark{line.pk}_%s"
                )
            )
            if can_pay and line.gap > 0
            else None
        )
    return {
        "template": "projects/_earmark_panel.html",
        "lines": lines,
        "budget_total": sum(x.budget for x in lines),
        "paid_total": sum(x.paid for x in lines),
        "gap_total": sum(x.gap for x in lines),
    }


class EarmarkPaymentView(LoginRequiredMixin, View):
    """Record a payment against an earmarked line; back to the task page with a message."""

    queryset = EarmarkLine.objects.select_related("task")

    def post(self, request, pk):
        line = get_scoped_or_404(self.queryset, request.user, "change", pk=pk)
        form = forms.EarmarkPaymentForm(request.POST, request.FILES)
        if not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                for e in errors:
                    messages.error(
                        request, _t("{label}: {error}").format(label=label, error=e) if label else e
                    )
        else:
            try:
                services.earmark_pay(actor=request.user, line=line, **form.cleaned_data)
            except ValidationError as error:
                _flash(request, error)
            else:
                messages.success(request, _t("Payment recorded."))
        return redirect(reverse("planning:task_detail", args=[line.task_id]))


class EarmarkEvidenceDownloadView(LoginRequiredMixin, View):
    """The evidence file of an earmarked payment, to users who may view its task."""

    queryset = EarmarkPayment.objects.all()

    def get(self, request, pk):
        payment = get_scoped_or_404(self.queryset, request.user, "view", pk=pk)
        if not payment.evidence:
            raise Http404
        try:
            handle = payment.evidence.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(handle, as_attachment=True, filename=payment.evidence_name)


def project_light_panel(*, task, user) -> dict | None:
    """On a task bound to the project indicators: the projects whose next milestone is late, which is why
    its light is yellow (late) or red (two months late)."""
    from edubureau.projects import tracking

    if not task.targets.filter(indicator_code__in=selectors.INDICATOR_CODES).exists():
        return None
    rows = selectors.late_next_milestones(user=user, county_id=task.county_id, today=clock.today())
    for row in rows:
        row["light"] = tracking.milestone_light(row["late"])
    return {"template": "projects/_light_panel.html", "rows": rows, "red_after": tracking.RED_AFTER_DAYS}
