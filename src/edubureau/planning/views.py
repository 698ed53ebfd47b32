"""Work-plan pages: import and review, plan dashboard, task page with its workflow forms, department page,
"my tasks", the leaders' escalation view with printable urge notices, notifications, and the task ledger.

Reads go through ``selectors`` and ``get_scoped_or_404`` (out of scope answers 404 like missing); every
write is a ``services`` call, which decides whether the user is a lead unit or on the supervising side
(404 otherwise) and records the event. A service's ValidationError is shown to the person as it is.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.views import View

from edubureau.core import clock, pagecache
from edubureau.core.export import xlsx_response
from edubureau.core.models import Job, Notification
from edubureau.core.scoping import get_scoped_or_404, user_can
from edubureau.core.views import ObjectDetailView, ObjectListView
from edubureau.planning import (
    extensions,
    filters,
    forms,
    schedule,
    scoring,
    selectors,
    services,
    tasks,
    workflow,
)
from edubureau.planning.choices import FINISHED_STATUSES, UrgeLevel
from edubureau.planning.choices import TARGET_LIGHT_LABELS as LIGHT_LABELS
from edubureau.planning.models import (
    Evidence,
    ExtensionRequest,
    Milestone,
    Plan,
    ProgressReport,
    Target,
    Task,
    UrgeNotice,
)
from edubureau.planning.parser import ParsedPlan, parse_plan
from edubureau.registry.models import Department


def _errors(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def _flash(request, error: ValidationError) -> None:
    for message in _errors(error):
        messages.error(request, message)


def _form_messages(form) -> list[str]:
    """A bound form's errors as sentences naming their field."""
    return [
        f"{form.fields[name].label}: {' '.join(errors)}" if name in form.fields else " ".join(errors)
        for name, errors in form.errors.items()
    ]


def _task_url(task, tab: str = "") -> str:
    url = reverse("planning:task_detail", args=[task.pk])
    return f"{url}?tab={tab}" if tab else url


# --- plans ---------------------------------------------------------------------------------------------


class PlanListView(ObjectListView):
    """Published work plans with their task tallies."""

    filterset_class = filters.PlanFilterSet
    template_name = "planning/plan_list.html"

    def get_queryset(self, action):
        return selectors.plan_list(user=self.request.user, action=action)

    def rows(self, queryset):
        """A county publishes a plan a year: the filtered list, tallies included, is kept per data version
        of the plan tables (``core.pagecache``) for each scope and query."""
        query = tuple(sorted((k, v) for k, v in self.request.GET.lists() if k != "page"))
        return pagecache.fragment(
            "planning.plans", request=self.request, parts=query, compute=lambda: list(queryset)
        )

    def get_extra_context(self):
        can_import = pagecache.fragment(
            "planning.can_import",
            request=self.request,
            compute=lambda: selectors.plan_counties(user=self.request.user).exists(),
        )
        return {"can_import": can_import}


class PlanImportView(LoginRequiredMixin, View):
    """Import a plan: upload or paste it (step ``source``), review the parse beside the source text with
    everything editable, unknown lead units flagged and creatable on the spot (step ``review``), publish.

    Nothing is stored until publishing: the review form carries the source text along.
    """

    def counties(self):
        counties = selectors.plan_counties(user=self.request.user)
        if not counties.exists():
            raise Http404
        return counties

    def get(self, request):
        return render(
            request, "planning/plan_import.html", {"form": forms.PlanSourceForm(counties=self.counties())}
        )

    def post(self, request):
        counties = self.counties()
        if request.POST.get("step") != "review":
            form = forms.PlanSourceForm(request.POST, request.FILES, counties=counties)
            if not form.is_valid():
                return render(request, "planning/plan_import.html", {"form": form})
            return self.parse(form.cleaned_data["source_text"], county=form.cleaned_data["county"])
        review = forms.ReviewForms(counties=counties, data=request.POST)
        source_text = request.POST.get("plan-source_text", "")
        if request.POST.get("remap") and (county := _bound_county(review)):
            return self.parse(source_text, county=county, column_roles=forms.column_roles(request.POST))
        if not review.is_valid():
            return self.render_review(review, source_text=source_text)
        parsed = review.reviewed_plan()
        header = review.header.cleaned_data
        errors = [
            _t("Target of task {number}: there is no such task.").format(number=n)
            for n in review.orphan_targets(parsed)
        ]
        if request.POST.get("publish") and not errors:
            try:
                plan = services.plan_publish(
                    actor=request.user,
                    county=header["county"],
                    parsed=parsed,
                    source_text=source_text,
                    year=header["year"],
                    create_units=request.POST.getlist("create_unit"),
                    supervising_department=header.get("supervising_department"),
                )
            except ValidationError as error:
                errors += _errors(error)
            else:
                messages.success(
                    request,
                    _t("Published: {n} tasks assigned.").format(n=plan.tasks.count()),
                )
                return redirect("planning:plan_detail", pk=plan.pk)
        return self.render_review(review, source_text=source_text, errors=errors, county=header["county"])

    def parse(self, source_text: str, *, county, column_roles=None):
        """Parse and show the review page; a large document is parsed in the background."""
        if len(source_text.encode("utf-8")) > settings.PLAN_BACKGROUND_PARSE_BYTES:
            job = tasks.parse_job_start(
                owner=self.request.user, county=county, source_text=source_text, column_roles=column_roles
            )
            return redirect("planning:plan_import_job", pk=job.pk)
        parsed = parse_plan(source_text, column_roles=column_roles)
        return self.render_parse(parsed, county=county, source_text=source_text)

    def render_parse(self, parsed, *, county, source_text: str):
        """The review page for a fresh parse."""
        review = forms.ReviewForms(
            counties=self.counties(),
            initial=forms.review_initial(parsed, county=county, source_text=source_text),
        )
        return self.render_review(
            review, source_text=source_text, warnings=parsed.warnings, columns=forms.review_columns(parsed)
        )

    def render_review(self, review, *, source_text: str, warnings=(), errors=(), county=None, columns=()):
        county = county or review.header.initial.get("county") or _bound_county(review)
        names = []
        for form in review.tasks.forms:
            form.lead_names = services.split_units(form["lead_units"].value())
            form.co_names = services.split_units(form["co_units"].value())
            names += form.lead_names + form.co_names
        matched = services.department_match(county=county, names=names) if county else {}
        unknown = [n for n in dict.fromkeys(names) if matched.get(n) is None]
        for form in review.tasks.forms:
            form.lead_flags = [(n, n not in unknown) for n in form.lead_names]
            form.co_flags = [(n, n not in unknown) for n in form.co_names]
        context = {
            "review": review,
            "source_text": source_text,
            "warnings": [forms.warning_text(w) for w in warnings],
            "errors": errors,
            "unknown_units": unknown,
            "columns": columns,
            "create_checked": set(self.request.POST.getlist("create_unit")),
        }
        return render(self.request, "planning/plan_review.html", context)


class PlanParseJobView(PlanImportView):
    """A large plan parsed in the background: the job's progress, then the review page (its form posts
    to ``plan_import`` like any other review). Only the job's owner sees it, and only while the county is
    still in their scope."""

    model = Job

    def get(self, request, pk):
        job = get_object_or_404(Job, pk=pk, owner=request.user, kind=tasks.KIND)
        county = get_object_or_404(self.counties(), pk=job.params.get("county"))
        if job.status != Job.Status.DONE:
            return render(request, "planning/plan_parse_job.html", {"job": job})
        parsed = ParsedPlan.from_json(job.result["plan"])
        return self.render_parse(parsed, county=county, source_text=tasks.job_source_text(job))

    def post(self, request, pk):
        raise Http404


def _bound_county(review):
    field = review.header.fields["county"]
    try:
        return field.clean(review.header["county"].value())
    except ValidationError:
        return None


class PlanDetailView(ObjectDetailView):
    """The plan dashboard: tasks by section and by department with lights, share done and overdue;
    department scores; the preamble targets; the document; history."""

    queryset = Plan.objects.select_related("county", "supervising_department", "published_by")
    template_name = "planning/plan_detail.html"
    tabs = (
        ("dashboard", _("Dashboard")),
        ("scores", _("Department scores")),
        ("targets", _("Targets")),
        ("document", _("Document")),
        ("history", _("History")),
    )

    def get_tab_context(self, tab, plan):
        user = self.request.user
        context = {
            "can_export": user_can(user, "export", Task),
            "is_supervisor": services.is_supervisor(user, plan),
        }
        if tab == "dashboard":
            context.update(selectors.plan_dashboard(plan=plan, user=user))
        elif tab == "scores":
            context["scores"] = selectors.department_scores(plan=plan)
            rules = list(plan.score_rules.all())
            context["rules"] = rules
            if context["is_supervisor"]:
                context["rules_form"] = forms.ScoreRulesForm(rules=rules)
        elif tab == "targets":
            context["targets"] = selectors.plan_targets(plan=plan)
            context["values"] = selectors.target_values(plan=plan, user=user, targets=context["targets"])
            context["can_bind"] = context["is_supervisor"]
        return context

    def get(self, request, *args, **kwargs):
        if request.GET.get("tab") == "targets" and request.GET.get("export") == "xlsx":
            plan = get_scoped_or_404(self.queryset, request.user, "view", pk=kwargs["pk"])
            if not user_can(request.user, "export", Task):
                raise Http404
            return _targets_export(plan, request.user)
        return super().get(request, *args, **kwargs)


def _targets_export(plan: Plan, user):
    """目标台账: every target of the plan with its actual, source, gap and light (``target_values``)."""
    targets = selectors.plan_targets(plan=plan)
    values = selectors.target_values(plan=plan, user=user, targets=targets)
    return xlsx_response(_t("plan targets"), target_columns(values), targets, title=str(_("Targets")))


def _decimal(value):
    return None if value is None else float(value)


def target_columns(values: dict) -> list:
    """The columns a target has in every ledger: what it asks, and its value from ``target_values``."""

    def value(attr):
        return lambda t: getattr(values.get(t.pk), attr, None)

    def source(t) -> str:
        v = values.get(t.pk)
        if v is None or v.actual is None:
            return ""
        if v.computed:
            return _t("Computed: {code}, {period}").format(code=v.indicator_code, period=v.period)
        when = clock.written(clock.local(v.reported_at).date()) if v.reported_at else "—"
        return _t("Reported by {who} on {when}").format(who=v.reported_by or "—", when=when)

    return [
        (_("task"), lambda t: t.task.number if t.task else _t("Preamble")),
        (_("Indicator"), lambda t: t.indicator),
        (_("comparator"), lambda t: t.get_comparator_display() if t.comparator else ""),
        (_("Target value"), lambda t: _decimal(t.value)),
        (_("Unit"), lambda t: value("unit")(t) or t.unit),
        (_("Actual"), lambda t: _decimal(value("actual")(t))),
        (_("Source"), source),
        (_("Gap"), lambda t: _decimal(value("gap")(t))),
        (_("Change on the previous year (%)"), lambda t: _decimal(value("change_percent")(t))),
        (_("Light"), lambda t: LIGHT_LABELS.get(value("light")(t) or "grey")),
        (
            _("Reported by hand"),
            lambda t: _decimal(value("reported")(t)) if value("report_note")(t) else None,
        ),
        (_("Text"), lambda t: t.text),
    ]


class PlanRulesView(LoginRequiredMixin, View):
    """Change the points of the plan's scoring table (supervising side)."""

    queryset = Plan.objects.select_related("county")
    http_method_names = ["post"]

    def post(self, request, pk):
        plan = get_scoped_or_404(self.queryset, request.user, "view", pk=pk)
        form = forms.ScoreRulesForm(request.POST, rules=list(plan.score_rules.all()))
        url = reverse("planning:plan_detail", args=[plan.pk]) + "?tab=scores"
        if not form.is_valid():
            messages.error(request, _t("Enter a number of points for every rule."))
            return redirect(url)
        try:
            changed = services.score_rules_update(actor=request.user, plan=plan, points=form.cleaned_data)
        except ValidationError as error:
            _flash(request, error)
        else:
            messages.success(request, _t("{n} rules changed.").format(n=changed))
        return redirect(url)


# --- tasks ---------------------------------------------------------------------------------------------


def _targets_summary(task, values: dict) -> str:
    """The task's targets in one cell: what each asks and, from ``target_values``, its actual and light."""

    def line(t) -> str:
        v = values.get(t.pk)
        goal = " ".join(
            str(p)
            for p in (
                t.indicator,
                t.get_comparator_display() if t.comparator else "",
                _num(t.value),
                t.unit,
                t.period,
            )
            if p
        )
        if v is None or v.actual is None:
            return goal
        return _t("{goal}, actual {actual} ({light})").format(
            goal=goal, actual=f"{_num(v.actual)}{v.unit}", light=LIGHT_LABELS[v.light]
        )

    return "；".join(line(t) for t in task.targets.all())


def _num(value) -> str:
    return "" if value is None else format(value.normalize(), "f")


def _latest_report(task):
    reports = list(task.reports.all())
    return reports[0] if reports else None


class TaskListView(ObjectListView):
    """Every task the user may see, filterable; its export is the task ledger (台账), one row per task."""

    filterset_class = filters.TaskFilterSet
    template_name = "planning/task_list.html"
    export_url_name = "planning:task_export"
    export_filename = _("task ledger")

    def get_queryset(self, action):
        queryset = selectors.task_list(user=self.request.user, action=action)
        if self.export:
            queryset = queryset.prefetch_related(
                "co_units",
                Prefetch("targets", queryset=Target.objects.select_related("actual_by")),
                Prefetch("reports", queryset=ProgressReport.objects.order_by("-created_at", "-id")),
            )
        return queryset

    def export_rows(self, queryset):
        """The tasks, with the values of their targets (``target_values``, once per plan)."""
        tasks = list(queryset)
        self.target_values = {}
        for plan in {t.plan_id: t.plan for t in tasks}.values():
            targets = [target for t in tasks if t.plan_id == plan.pk for target in t.targets.all()]
            self.target_values.update(
                selectors.target_values(plan=plan, user=self.request.user, targets=targets)
            )
        return tasks

    def narrow_choices(self, form):
        super().narrow_choices(form)
        form.fields["department"].queryset = Department.objects.restrict(self.request.user).order_by(
            "sort_order", "name"
        )

    def get_export_columns(self):
        def latest(attr):
            return lambda t: getattr(_latest_report(t), attr, "") if _latest_report(t) else ""

        return [
            (_("plan"), lambda t: t.plan.title),
            (_("number"), lambda t: t.number),
            (_("section"), lambda t: str(t.section) if t.section else ""),
            (_("task"), lambda t: t.title),
            (_("lead units"), lambda t: "、".join(d.name for d in t.lead_units.all())),
            (_("co-units"), lambda t: "、".join(d.name for d in t.co_units.all())),
            (_("targets"), lambda t: _targets_summary(t, self.target_values)),
            (_("status"), lambda t: t.get_status_display()),
            (_("light"), lambda t: t.get_light_display()),
            (_("progress (%)"), lambda t: float(t.progress) if t.progress is not None else ""),
            (_("due date"), lambda t: t.due),
            (_("original due date"), lambda t: t.original_due),
            (_("signed at"), lambda t: timezone.localtime(t.signed_at) if t.signed_at else ""),
            (_("closed at"), lambda t: timezone.localtime(t.closed_at) if t.closed_at else ""),
            (_("reports"), lambda t: len(t.reports.all())),
            (_("latest report period"), latest("period")),
            (_("latest report"), latest("text")),
            (_("times returned"), lambda t: t.returned_count),
            (_("urge level"), lambda t: UrgeLevel(t.urge_level).label if t.urge_level else ""),
        ]


class MyTaskListView(TaskListView):
    """我的任务: the tasks the user's department leads or assists."""

    template_name = "planning/my_tasks.html"
    export_url_name = ""

    def get_queryset(self, action):
        return selectors.my_tasks(user=self.request.user)

    def get_extra_context(self):
        user = self.request.user
        return {
            "department": user.department,
            "notifications": Notification.objects.filter(user=user, read_at__isnull=True)[:10],
        }


class TaskDetailView(ObjectDetailView):
    """A task: body, targets (actual vs target), milestones, the action buttons the user's role allows;
    reports with evidence; extensions and urge notices; history."""

    queryset = Task.objects.select_related("plan__county", "section")
    template_name = "planning/task_detail.html"
    tabs = (
        ("overview", _("Overview")),
        ("reports", _("Progress reports")),
        ("supervision", _("Extensions and urging")),
        ("history", _("History")),
    )

    def get_tab_context(self, tab, task):
        user = self.request.user
        roles = services.task_roles(user, task)
        transitions = workflow.allowed(task.status, roles=roles)
        actions = {t.action: t for t in transitions}
        detail = selectors.task_detail(task=task)
        context = {
            **detail,
            "values": selectors.target_values(plan=task.plan, user=user, targets=detail["targets"]),
            "roles": roles,
            "buttons": [t for t in transitions if t.action in forms.TaskActionForm.ACTIONS],
            "can_report": "report" in actions,
            "can_extend": "extension_request" in actions and clock.today() <= task.due,
            "extension_closed": "extension_request" in actions and clock.today() > task.due,
            "can_decide": "extension_approve" in actions,
            "can_urge": workflow.SUPERVISOR in roles and task.status not in FINISHED_STATUSES,
            "can_complete": workflow.LEAD in roles and task.status not in FINISHED_STATUSES,
            "can_bind": bool(roles),
            "elapsed": round(schedule.elapsed_percent(start=task.start, due=task.due, today=clock.today())),
        }
        if tab == "overview":
            context["panels"] = extensions.task_panels(task=task, user=user)
        if tab == "reports" and context["can_report"]:
            context["report_form"] = forms.ReportForm(task=task)
        if tab == "supervision":
            if context["can_extend"]:
                context["extension_form"] = forms.ExtensionForm()
            if context["can_urge"]:
                open_level = max((u.level for u in context["urges"] if u.resolved_at is None), default=0)
                context["urge_form"] = forms.UrgeForm(initial={"level": min(open_level + 1, 3)})
        return context


class _TaskPostView(LoginRequiredMixin, View):
    """A POST on one task the user may view; the service decides the rest."""

    queryset = Task.objects.select_related("plan__county")
    http_method_names = ["post"]
    tab = ""

    def get_task(self, pk):
        return get_scoped_or_404(self.queryset, self.request.user, "view", pk=pk)

    def post(self, request, pk):
        task = self.get_task(pk)
        try:
            message = self.act(task)
        except ValidationError as error:
            _flash(request, error)
        else:
            if message:
                messages.success(request, message)
        return redirect(_task_url(task, self.tab))

    def act(self, task) -> str:
        raise NotImplementedError


class TaskActionView(_TaskPostView):
    """Sign, submit, close, return or cancel a task (``action`` in the form)."""

    def act(self, task):
        form = forms.TaskActionForm(self.request.POST)
        if not form.is_valid():
            raise Http404
        action, note = form.cleaned_data["action"], form.cleaned_data["note"]
        user = self.request.user
        if action == "sign":
            services.task_sign(actor=user, task=task)
        elif action == "submit":
            services.task_submit(actor=user, task=task, note=note)
        elif action == "close":
            services.task_close(actor=user, task=task, note=note)
        elif action == "return":
            services.task_return(actor=user, task=task, reason=note)
        elif action == "cancel":
            services.task_cancel(actor=user, task=task, reason=note)
        return _t("Done: {action}.").format(action=workflow.TRANSITIONS[action].label)


class TaskReportView(_TaskPostView):
    """File a progress report with evidence files (lead units)."""

    tab = "reports"

    def act(self, task):
        form = forms.ReportForm(self.request.POST, self.request.FILES, task=task)
        if not form.is_valid():
            raise ValidationError(_form_messages(form))
        data = form.cleaned_data
        services.task_report_progress(
            actor=self.request.user,
            task=task,
            text=data["text"],
            problems=data["problems"],
            next_steps=data["next_steps"],
            percent=data["percent"],
            target=data["target"],
            current_value=data["current_value"],
            files=data["files"],
        )
        return _t("Progress reported.")


class TaskExtensionView(_TaskPostView):
    """Request an extension (lead units, before the due date)."""

    tab = "supervision"

    def act(self, task):
        form = forms.ExtensionForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError(_t("Enter the new due date and the reason."))
        services.extension_request(actor=self.request.user, task=task, **form.cleaned_data)
        return _t("Extension requested.")


class TaskUrgeView(_TaskPostView):
    """Issue an urge notice (supervising side)."""

    tab = "supervision"

    def act(self, task):
        form = forms.UrgeForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError(_t("Choose the level of the notice."))
        notice = services.urge_notice_issue(actor=self.request.user, task=task, **form.cleaned_data)
        return _t("{notice} issued.").format(notice=notice.doc_number)


class TargetBindView(LoginRequiredMixin, View):
    """Bind a target to an indicator code (lead units or supervising side)."""

    queryset = Target.objects.select_related("plan__county", "task")
    http_method_names = ["post"]

    def post(self, request, pk):
        target = get_scoped_or_404(self.queryset, request.user, "view", pk=pk)
        form = forms.TargetBindForm(request.POST)
        if form.is_valid():
            try:
                services.target_bind(
                    actor=request.user, target=target, indicator_code=form.cleaned_data["indicator_code"]
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _t("Saved."))
        url = (
            _task_url(target.task) if target.task else reverse("planning:plan_detail", args=[target.plan_id])
        )
        return redirect(url)


class MilestoneDoneView(LoginRequiredMixin, View):
    queryset = Milestone.objects.select_related("task__plan__county")
    http_method_names = ["post"]

    def post(self, request, pk):
        milestone = get_scoped_or_404(self.queryset, request.user, "view", pk=pk)
        try:
            services.milestone_complete(actor=request.user, milestone=milestone)
        except ValidationError as error:
            _flash(request, error)
        return redirect(_task_url(milestone.task))


class ExtensionDecideView(LoginRequiredMixin, View):
    """Approve or reject an extension request (supervising side)."""

    queryset = ExtensionRequest.objects.select_related("task__plan__county")
    http_method_names = ["post"]

    def post(self, request, pk):
        extension = get_scoped_or_404(self.queryset, request.user, "view", pk=pk)
        form = forms.ExtensionDecisionForm(request.POST)
        if not form.is_valid():
            raise Http404
        decide = (
            services.extension_approve
            if form.cleaned_data["decision"] == "approve"
            else services.extension_reject
        )
        try:
            decide(actor=request.user, request=extension, note=form.cleaned_data["note"])
        except ValidationError as error:
            _flash(request, error)
        else:
            messages.success(request, _t("Decision recorded."))
        nxt = request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
            return redirect(nxt)
        return redirect(_task_url(extension.task, "supervision"))


class EvidenceDownloadView(LoginRequiredMixin, View):
    """An evidence file, to users who may view its task (media files are never served directly)."""

    queryset = Evidence.objects.select_related("report__task")

    def get(self, request, pk):
        evidence = get_scoped_or_404(self.queryset, request.user, "view", pk=pk)
        try:
            handle = evidence.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(handle, as_attachment=True, filename=evidence.name)


# --- departments ---------------------------------------------------------------------------------------


class DepartmentDetailView(ObjectDetailView):
    """A department's tasks in a plan (led and assisted) and its score with the breakdown."""

    queryset = Department.objects.select_related("county")
    template_name = "planning/department_detail.html"

    def get_tab_context(self, tab, department):
        user = self.request.user
        plans = list(Plan.objects.restrict(user).filter(county=department.county).order_by("-year", "-id"))
        plan = next(
            (p for p in plans if str(p.pk) == self.request.GET.get("plan")), plans[0] if plans else None
        )
        context = {"plans": plans, "plan": plan}
        context.update(selectors.department_plan_tasks(user=user, department=department, plan=plan))
        if plan is not None:
            facts = selectors.department_facts(plan=plan).get(department.pk, [])
            context["score"] = scoring.department_score(
                facts, rules=selectors.score_rules(plan), today=clock.today()
            )
        return context


# --- escalation ----------------------------------------------------------------------------------------


class EscalationListView(ObjectListView):
    """督办: urge notices (蓝/橙/红) and the extension requests waiting for a decision."""

    filterset_class = filters.UrgeNoticeFilterSet
    template_name = "planning/escalation_list.html"

    def get_queryset(self, action):
        return selectors.urge_notice_list(user=self.request.user, action=action).prefetch_related(
            "task__lead_units"
        )

    def get_extra_context(self):
        user = self.request.user
        pending = list(selectors.extension_pending(user=user))
        plans = {x.task.plan_id: x.task.plan for x in pending}
        supervised = {pk for pk, plan in plans.items() if services.is_supervisor(user, plan)}
        return {"pending": pending, "supervised_plans": supervised, "today": clock.today()}


class UrgeNoticeDetailView(ObjectDetailView):
    """A printable urge notice (督办通知单)."""

    queryset = UrgeNotice.objects.select_related("plan__county", "task", "issued_by")
    template_name = "planning/urge_notice.html"

    def get_tab_context(self, tab, notice):
        return {"lead_units": list(notice.task.lead_units.all())}


# --- notifications -------------------------------------------------------------------------------------


class NotificationListView(LoginRequiredMixin, View):
    """The messages page moved to the home app (one table for every app); old links still work."""

    def get(self, request):
        return redirect("home:notifications")
