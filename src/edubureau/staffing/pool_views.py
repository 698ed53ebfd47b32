"""周转池 and 校际交流 pages. Reads go through ``restrict()`` (``get_scoped_or_404`` for one row); writes are
``pool.services`` / ``pool.rotation`` calls whose ``ValidationError`` comes back as a message naming the field
and the fix. Every view with a ``pk`` names its model (``model``) for the URL walk."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from django.views import View

from edubureau.core import clock
from edubureau.core.export import xlsx_response
from edubureau.core.forms import style_form
from edubureau.core.scoping import get_scoped_or_404, permission_key, user_can
from edubureau.indicators.services import latest_school_year
from edubureau.registry.models import School, Teacher
from edubureau.staffing.pool import choices as pc
from edubureau.staffing.pool import rotation as rot
from edubureau.staffing.pool import services as svc
from edubureau.staffing.pool_models import (
    Dispatch,
    DispatchRun,
    PoolRules,
    PoolTeacher,
    RotationMove,
    RotationPlan,
    Vacancy,
)

LIST_LIMIT = 300


def _flash(request, error: ValidationError, labels: dict | None = None) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            label = (labels or {}).get(field, "")
            for e in errors:
                messages.error(request, _t("{label}: {error}").format(label=label, error=e) if label else e)
    else:
        for e in error.messages:
            messages.error(request, e)


def _form_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for e in errors:
            messages.error(request, _t("{label}: {error}").format(label=label, error=e) if label else e)


def schools_where(user, action: str, model) -> School.objects:
    """The schools where ``user`` may ``action`` rows of ``model`` (a model scoped by its ``school``)."""
    scope = user.get_scope()
    if scope.everything:
        return School.objects.all()
    key = permission_key(model)
    if not scope.allows(action, key):
        return School.objects.none()
    paths, ids = scope.places(action, key)
    q = Q(pk__in=ids)
    for p in paths:
        q |= Q(area__path__startswith=p)
    return School.objects.filter(q)


def _render(request, template: str, context: dict):
    """Render a pool page with the section buttons the user may follow."""
    user = request.user
    nav = {
        "nav_vacancies": user_can(user, "view", Vacancy),
        "nav_teachers": user_can(user, "view", PoolTeacher),
        "nav_runs": user_can(user, "view", DispatchRun),
        "nav_rotation": user_can(user, "view", RotationPlan),
        "nav_rules": user_can(user, "view", PoolRules),
    }
    return render(request, template, {**nav, **context})


def _county_or_404(user):
    county = svc.county_of_user(user)
    if county is None:
        raise Http404
    return county


# --- vacancies -------------------------------------------------------------------------------------


class VacancyForm(forms.Form):
    school = forms.ModelChoiceField(label=_("School"), queryset=School.objects.none())
    reason = forms.ChoiceField(label=_("Reason"), choices=pc.LeaveReason.choices)
    subject = forms.CharField(label=_("Subject"), max_length=20)
    level = forms.ChoiceField(label=_("Level"), choices=list(pc.POOL_LEVELS.items()))
    start = forms.DateField(label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("End date"), widget=forms.DateInput(attrs={"type": "date"}))
    absent_teacher = forms.CharField(label=_("Name of the teacher on leave"), max_length=40, required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        schools = schools_where(user, "add", Vacancy).filter(is_active=True).order_by("code")
        self.fields["school"].queryset = schools
        only = list(schools[:2])
        if len(only) == 1:  # a school's own form: its school chosen, its first level offered first
            self.fields["school"].initial = only[0].pk
            self.fields["level"].initial = next((lv for lv in only[0].levels if lv in pc.POOL_LEVELS), None)
        style_form(self)


class PoolHomeView(LoginRequiredMixin, View):
    """周转池: the vacancies the user sees (a school its own), who covers them, and the centre's entries."""

    def get(self, request):
        user = request.user
        if not user_can(user, "view", Vacancy) and not _own_member(user):
            raise Http404
        if not user_can(user, "view", Vacancy):
            return redirect("staffing:pool_mine")
        status = request.GET.get("status", "")
        qs = (
            Vacancy.objects.restrict(user, "view")
            .select_related("school", "absent_teacher")
            .prefetch_related(
                Prefetch(
                    "dispatches",
                    queryset=Dispatch.objects.filter(
                        status__in=[pc.DispatchStatus.CONFIRMED, pc.DispatchStatus.PROPOSED]
                    ).select_related("pool_teacher__teacher"),
                )
            )
            .order_by("-start", "id")
        )
        if status in pc.VacancyStatus.values:
            qs = qs.filter(status=status)
        counts = dict(
            Vacancy.objects.restrict(user, "view").values_list("status").annotate(n=Count("id")).order_by()
        )
        context = {
            "vacancies": qs[:LIST_LIMIT],
            "status": status,
            "statuses": [(s.value, s.label, counts.get(s.value, 0)) for s in pc.VacancyStatus],
            "can_add": schools_where(user, "add", Vacancy).exists(),
            "form": VacancyForm(user=user, initial={"start": clock.today()}),
            "is_centre": user_can(user, "add", DispatchRun),
            "pool_size": PoolTeacher.objects.restrict(user, "view").filter(is_active=True).count(),
        }
        return _render(request, "staffing/pool/home.html", context)


class VacancyCreateView(LoginRequiredMixin, View):
    def post(self, request):
        user = request.user
        form = VacancyForm(request.POST, user=user)
        if not form.fields["school"].queryset.exists():
            raise Http404
        if not form.is_valid():
            _form_errors(request, form)
            return redirect("staffing:pool_home")
        data = form.cleaned_data
        school = data["school"]
        absent = None
        if data["absent_teacher"]:
            absent = Teacher.objects.filter(school=school, name=data["absent_teacher"].strip()).first()
            if absent is None:
                messages.error(
                    request,
                    _t(
                        "Name of the teacher on leave: {school} has no teacher named “{name}”; check the name "
                        "or leave it empty."
                    ).format(school=school.name, name=data["absent_teacher"]),
                )
                return redirect("staffing:pool_home")
        try:
            vacancy = svc.vacancy_create(
                actor=user,
                school=school,
                reason=data["reason"],
                subject=data["subject"],
                level=data["level"],
                start=data["start"],
                end=data["end"],
                absent_teacher=absent,
                note=data["note"],
            )
        except ValidationError as error:
            _flash(request, error, {k: f.label for k, f in form.fields.items()})
            return redirect("staffing:pool_home")
        messages.success(
            request, _t("The vacancy is entered; the teacher service centre will dispatch cover.")
        )
        return redirect("staffing:pool_vacancy", pk=vacancy.pk)


class EvaluateForm(forms.Form):
    rating = forms.ChoiceField(label=_("Evaluation"), choices=[c for c in pc.ServiceRating.choices if c[0]])
    comment = forms.CharField(label=_("Comment"), max_length=200, required=False)


class VacancyDetailView(LoginRequiredMixin, View):
    model = Vacancy

    def get(self, request, pk):
        user = request.user
        vacancy = get_scoped_or_404(
            Vacancy.objects.select_related("school", "absent_teacher", "created_by"), user, "view", pk=pk
        )
        can_change = Vacancy.objects.restrict(user, "change").filter(pk=pk).exists()
        dispatches = list(
            vacancy.dispatches.exclude(status=pc.DispatchStatus.CANCELLED)
            .select_related("pool_teacher__teacher__school", "rated_by")
            .order_by("start")
        )
        context = {
            "vacancy": vacancy,
            "dispatches": dispatches,
            "can_change": can_change and vacancy.status != pc.VacancyStatus.CANCELLED,
            "can_rate": Dispatch.objects.restrict(user, "change").filter(vacancy=vacancy).exists(),
            "evaluate_form": style_form(EvaluateForm()),
            "can_cancel": user_can(user, "change", DispatchRun),
            "today": clock.today(),
        }
        return _render(request, "staffing/pool/vacancy.html", context)


class VacancyCancelView(LoginRequiredMixin, View):
    model = Vacancy

    def post(self, request, pk):
        vacancy = get_scoped_or_404(Vacancy.objects.all(), request.user, "change", pk=pk)
        try:
            svc.vacancy_cancel(actor=request.user, vacancy=vacancy)
        except ValidationError as error:
            _flash(request, error)
        else:
            messages.success(
                request,
                _t("The vacancy is withdrawn; cover not yet begun is cancelled, cover under way ends today."),
            )
        return redirect("staffing:pool_vacancy", pk=pk)


class DispatchEvaluateView(LoginRequiredMixin, View):
    model = Dispatch

    def post(self, request, pk):
        dispatch = get_scoped_or_404(Dispatch.objects.all(), request.user, "change", pk=pk)
        form = EvaluateForm(request.POST)
        if not form.is_valid():
            _form_errors(request, form)
        else:
            try:
                svc.dispatch_evaluate(
                    actor=request.user,
                    dispatch=dispatch,
                    rating=form.cleaned_data["rating"],
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                _flash(request, error, {"rating": _t("Evaluation")})
            else:
                messages.success(request, _t("The evaluation of the cover is saved."))
        return redirect("staffing:pool_vacancy", pk=dispatch.vacancy_id)


class DispatchCancelView(LoginRequiredMixin, View):
    model = Dispatch

    def post(self, request, pk):
        dispatch = get_scoped_or_404(Dispatch.objects.all(), request.user, "change", pk=pk)
        if not user_can(request.user, "change", DispatchRun):
            # the centre calls a dispatch off; a school withdraws its vacancy instead
            messages.error(
                request,
                _t(
                    "Only the teacher service centre can cancel cover; when the teacher is back early, withdraw the vacancy."
                ),
            )
            return redirect("staffing:pool_vacancy", pk=dispatch.vacancy_id)
        try:
            svc.dispatch_cancel(actor=request.user, dispatch=dispatch)
        except ValidationError as error:
            _flash(request, error)
        else:
            messages.success(request, _t("The cover is cancelled; the vacancy waits for cover again."))
        return redirect("staffing:pool_vacancy", pk=dispatch.vacancy_id)


# --- pool teachers ---------------------------------------------------------------------------------


class PoolTeacherForm(forms.Form):
    teacher = forms.CharField(label=_("Teacher (name or staff number)"), max_length=40)
    school = forms.ModelChoiceField(label=_("Own school"), queryset=School.objects.none())
    subjects = forms.CharField(
        label=_("Subjects they can teach"),
        max_length=100,
        required=False,
        help_text=_("comma separated; empty: the subjects the teacher teaches"),
    )
    levels = forms.MultipleChoiceField(
        label=_("Levels they can teach"),
        choices=list(pc.POOL_LEVELS.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    available_from = forms.DateField(
        label=_("Available from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    available_to = forms.DateField(label=_("Available until"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools_where(user, "add", PoolTeacher).order_by("code")
        style_form(self)


class PoolTeacherListView(LoginRequiredMixin, View):
    def get(self, request):
        user = request.user
        if not user_can(user, "view", PoolTeacher):
            raise Http404
        today = clock.today()
        members = list(
            PoolTeacher.objects.restrict(user, "view")
            .select_related("teacher__school")
            .prefetch_related(
                Prefetch(
                    "dispatches",
                    queryset=Dispatch.objects.filter(status=pc.DispatchStatus.CONFIRMED)
                    .select_related("vacancy__school")
                    .order_by("start"),
                )
            )
            .order_by("teacher__school__code", "teacher__name")[:LIST_LIMIT]
        )
        for m in members:
            ds = list(m.dispatches.all())
            m.current = next((d for d in ds if d.start <= today <= d.busy_until), None)
            m.upcoming = next((d for d in ds if d.start > today), None)
            m.days = svc.service_days(ds, today=today)
        context = {
            "members": members,
            "can_add": user_can(user, "add", PoolTeacher),
            "form": PoolTeacherForm(user=user, initial={"available_from": today}),
        }
        return _render(request, "staffing/pool/teachers.html", context)


class PoolTeacherCreateView(LoginRequiredMixin, View):
    def post(self, request):
        user = request.user
        if not user_can(user, "add", PoolTeacher):
            raise Http404
        form = PoolTeacherForm(request.POST, user=user)
        if not form.is_valid():
            _form_errors(request, form)
            return redirect("staffing:pool_teachers")
        data = form.cleaned_data
        who = data["teacher"].strip()
        teacher = (
            Teacher.objects.restrict(user, "view")
            .filter(Q(name=who) | Q(staff_number=who), school=data["school"])
            .first()
        )
        if teacher is None:
            messages.error(
                request,
                _t(
                    "Teacher: {school} has no teacher with the name or staff number “{who}”; check it."
                ).format(school=data["school"].name, who=who),
            )
            return redirect("staffing:pool_teachers")
        try:
            member = svc.pool_teacher_add(
                actor=user,
                teacher=teacher,
                subjects=data["subjects"],
                levels=data["levels"],
                available_from=data["available_from"],
                available_to=data["available_to"],
            )
        except ValidationError as error:
            _flash(request, error, {k: f.label for k, f in form.fields.items()})
            return redirect("staffing:pool_teachers")
        messages.success(request, _t("{name} is in the pool now.").format(name=teacher.name))
        return redirect("staffing:pool_teacher", pk=member.pk)


def _teacher_page(request, member: PoolTeacher):
    today = clock.today()
    dispatches = list(
        member.dispatches.exclude(status=pc.DispatchStatus.CANCELLED)
        .select_related("vacancy__school")
        .order_by("-start")
    )
    rules = svc.pool_rules_get(county=member.county)
    days = svc.service_days(dispatches, today=today)
    context = {
        "member": member,
        "dispatches": dispatches,
        "days": days,
        "points": svc.service_points(days, rules),
        "rules": rules,
        "today": today,
    }
    return _render(request, "staffing/pool/teacher.html", context)


class PoolTeacherDetailView(LoginRequiredMixin, View):
    model = PoolTeacher

    def get(self, request, pk):
        member = get_scoped_or_404(
            PoolTeacher.objects.select_related("teacher__school"), request.user, "view", pk=pk
        )
        return _teacher_page(request, member)


def _own_member(user) -> PoolTeacher | None:
    """The pool membership of the user herself (her login on the membership, or on her teacher record)."""
    mine = Q(user=user)
    if any(
        f.name == "user" for f in Teacher._meta.concrete_fields
    ):  # Teacher.user, where the registry keeps it
        mine |= Q(teacher__user=user)
    return PoolTeacher.objects.select_related("teacher__school").filter(mine).first()


class MyDispatchesView(LoginRequiredMixin, View):
    """A pool teacher's own page: her dispatches (her own rows, by her login, whatever her school's scope)."""

    def get(self, request):
        member = _own_member(request.user)
        if member is None:
            raise Http404
        return _teacher_page(request, member)


# --- dispatch runs ---------------------------------------------------------------------------------


class RunListView(LoginRequiredMixin, View):
    def get(self, request):
        user = request.user
        if not user_can(user, "view", DispatchRun):
            raise Http404
        runs = DispatchRun.objects.restrict(user, "view").select_related("run_by", "confirmed_by")[:100]
        context = {
            "runs": runs,
            "can_run": user_can(user, "add", DispatchRun),
            "open": Vacancy.objects.restrict(user, "view").filter(status=pc.VacancyStatus.OPEN).count(),
        }
        return _render(request, "staffing/pool/runs.html", context)


class RunCreateView(LoginRequiredMixin, View):
    def post(self, request):
        user = request.user
        if not user_can(user, "add", DispatchRun):
            raise Http404
        county = _county_or_404(user)
        run = svc.dispatch_run(actor=user, county=county)
        messages.success(
            request,
            _t("Computed: {filled} proposed, {unfilled} unfilled; check them, then confirm.").format(
                filled=run.filled, unfilled=run.unfilled
            ),
        )
        return redirect("staffing:pool_run", pk=run.pk)


class RunDetailView(LoginRequiredMixin, View):
    model = DispatchRun

    def get(self, request, pk):
        run = get_scoped_or_404(
            DispatchRun.objects.select_related("run_by", "confirmed_by"), request.user, "view", pk=pk
        )
        dispatches = list(
            run.dispatches.select_related("vacancy__school", "pool_teacher__teacher__school").order_by(
                "vacancy__school__code", "start"
            )
        )
        filled = {f"V{d.vacancy_id}" for d in dispatches}
        vac_ids = [int(v["id"][1:]) for v in run.instance.get("vacancies", []) if v["id"] not in filled]
        vac_ids += [int(k[1:]) for k in run.notes if k[1:].isdigit() and int(k[1:]) not in vac_ids]
        unfilled = list(Vacancy.objects.filter(pk__in=vac_ids).select_related("school").order_by("start"))
        for v in unfilled:
            v.why = run.notes.get(f"V{v.pk}", "")
        context = {
            "run": run,
            "dispatches": dispatches,
            "unfilled": unfilled,
            "can_confirm": run.status == pc.RunStatus.PROPOSED
            and DispatchRun.objects.restrict(request.user, "change").filter(pk=pk).exists(),
            "pool_entries": len(run.instance.get("pool", [])),
        }
        return _render(request, "staffing/pool/run.html", context)


# --- rules -----------------------------------------------------------------------------------------


class RulesForm(forms.ModelForm):
    class Meta:
        model = PoolRules
        fields = [
            "max_days",
            "handover_days",
            "evaluation_days",
            "points_per_30_days",
            "unfilled_cost",
            "rotation_min_years",
            "rotation_share",
            "rotation_backbone_share",
            "rotation_exempt_age",
        ]


class RulesView(LoginRequiredMixin, View):
    """周转池管理办法与交流规则 of the user's county: read by all who see the pool, changed by the centre."""

    def _rules(self, request):
        if not user_can(request.user, "view", PoolRules):
            raise Http404
        county = _county_or_404(request.user)
        return svc.pool_rules_get(county=county)

    def get(self, request):
        rules = self._rules(request)
        can_change = PoolRules.objects.restrict(request.user, "change").filter(pk=rules.pk).exists()
        form = style_form(RulesForm(instance=rules))
        return render(
            request, "staffing/pool/rules.html", {"form": form, "rules": rules, "can_change": can_change}
        )

    def post(self, request):
        rules = self._rules(request)
        if not PoolRules.objects.restrict(request.user, "change").filter(pk=rules.pk).exists():
            raise Http404
        form = style_form(RulesForm(request.POST, instance=PoolRules.objects.get(pk=rules.pk)))
        if form.is_valid():
            try:
                svc.pool_rules_update(actor=request.user, rules=rules, data=form.cleaned_data)
            except ValidationError as error:
                _flash(request, error, {k: f.label for k, f in form.fields.items()})
            else:
                messages.success(request, _t("The rules are saved."))
                return redirect("staffing:pool_rules")
        return _render(
            request, "staffing/pool/rules.html", {"form": form, "rules": rules, "can_change": True}
        )


# --- 校际交流 ----------------------------------------------------------------------------------------


class RotationListView(LoginRequiredMixin, View):
    def get(self, request):
        user = request.user
        if not user_can(user, "view", RotationPlan):
            raise Http404
        plans = (
            RotationPlan.objects.restrict(user, "view")
            .annotate(n=Count("moves"), bb=Count("moves", filter=Q(moves__backbone=True)))
            .order_by("-school_year")
        )
        context = {
            "plans": plans,
            "can_add": user_can(user, "add", RotationPlan),
            "next_year": str(latest_school_year()),
        }
        return _render(request, "staffing/pool/rotation_list.html", context)


class RotationCreateView(LoginRequiredMixin, View):
    def post(self, request):
        user = request.user
        if not user_can(user, "add", RotationPlan):
            raise Http404
        county = _county_or_404(user)
        year = request.POST.get("school_year", "").strip()
        try:
            plan = rot.rotation_propose(actor=user, county=county, school_year=year)
        except ValidationError as error:
            _flash(request, error, {"school_year": _t("School year")})
            return redirect("staffing:rotation_list")
        messages.success(
            request, _t("The rotation plan is proposed; adjust it line by line, then confirm it.")
        )
        return redirect("staffing:rotation_plan", pk=plan.pk)


class RotationDetailView(LoginRequiredMixin, View):
    model = RotationPlan

    def get(self, request, pk):
        user = request.user
        plan = get_scoped_or_404(RotationPlan.objects.select_related("county"), user, "view", pk=pk)
        moves = list(
            plan.moves.select_related("teacher", "from_school", "to_school").order_by(
                "from_school__code", "teacher__name"
            )
        )
        can_change = plan.status == pc.PlanStatus.DRAFT and (
            RotationPlan.objects.restrict(user, "change").filter(pk=pk).exists()
        )
        schools = (
            list(
                School.objects.filter(
                    county=plan.county, kind__in=rot.COMPULSORY_KINDS, is_active=True
                ).order_by("code")
            )
            if can_change
            else []
        )
        context = {
            "plan": plan,
            "moves": moves,
            "check": rot.rotation_check(plan),
            "indicators": rot.rotation_indicators(plan),
            "can_change": can_change,
            "effective_default": plan.effective_on or rot.effective_default(plan),
            "schools": schools,
        }
        return _render(request, "staffing/pool/rotation.html", context)


def _plan_for_change(request, pk) -> RotationPlan:
    return get_scoped_or_404(RotationPlan.objects.all(), request.user, "change", pk=pk)


class RotationAddView(LoginRequiredMixin, View):
    model = RotationPlan

    def post(self, request, pk):
        plan = _plan_for_change(request, pk)
        who = request.POST.get("teacher", "").strip()
        teacher = (
            Teacher.objects.filter(county=plan.county)
            .filter(Q(name=who) | Q(staff_number=who))
            .select_related("school")
        )
        school_from = request.POST.get("from_school")
        if school_from and school_from.isdigit():
            teacher = teacher.filter(school_id=int(school_from))
        found = list(teacher[:2])
        to = (
            School.objects.filter(pk=request.POST.get("to_school") or 0, county=plan.county).first()
            if (request.POST.get("to_school", "").isdigit())
            else None
        )
        if not who or not found:
            messages.error(
                request,
                _t(
                    "Teacher: the county has no teacher with the name or staff number “{who}”; check it."
                ).format(who=who),
            )
        elif len(found) > 1:
            messages.error(
                request,
                _t(
                    "Teacher: the county has more than one “{who}”; enter the staff number or choose her school."
                ).format(who=who),
            )
        elif to is None:
            messages.error(request, _t("To school: choose a school."))
        else:
            line = RotationMove.objects.filter(plan=plan, teacher=found[0]).first()
            try:
                if line is not None:
                    rot.rotation_move_change(actor=request.user, move=line, to_school=to)
                else:
                    rot.rotation_move_add(actor=request.user, plan=plan, teacher=found[0], to_school=to)
            except ValidationError as error:
                _flash(request, error, {"teacher": _t("Teacher"), "to_school": _t("To school")})
            else:
                done = (
                    _t("{name} now goes to {school}.")
                    if line is not None
                    else _t("{name} is added to the rotation list.")
                )
                messages.success(request, done.format(name=found[0].name, school=to.name))
        return redirect("staffing:rotation_plan", pk=pk)


def _move_for_change(request, pk) -> RotationMove:
    return get_scoped_or_404(
        RotationMove.objects.select_related("plan", "teacher__school"), request.user, "change", pk=pk
    )


class RotationMoveChangeView(LoginRequiredMixin, View):
    model = RotationMove

    def post(self, request, pk):
        move = _move_for_change(request, pk)
        to_id = request.POST.get("to_school", "")
        to = (
            School.objects.filter(pk=int(to_id), county=move.plan.county_id).first()
            if to_id.isdigit()
            else None
        )
        if to is None:
            messages.error(request, _t("To school: choose a school."))
        else:
            try:
                rot.rotation_move_change(actor=request.user, move=move, to_school=to)
            except ValidationError as error:
                _flash(request, error, {"to_school": _t("To school"), "teacher": _t("Teacher")})
            else:
                messages.success(
                    request, _t("{name} now goes to {school}.").format(name=move.teacher.name, school=to.name)
                )
        return redirect("staffing:rotation_plan", pk=move.plan_id)


class RotationMoveRemoveView(LoginRequiredMixin, View):
    model = RotationMove

    def post(self, request, pk):
        move = _move_for_change(request, pk)
        plan_id = move.plan_id
        try:
            rot.rotation_move_remove(actor=request.user, move=move)
        except ValidationError as error:
            _flash(request, error)
        else:
            messages.success(
                request, _t("{name} is removed from the rotation list.").format(name=move.teacher.name)
            )
        return redirect("staffing:rotation_plan", pk=plan_id)


# --- confirm / discard --------------------------------------------------------------------------------


class DecideView(LoginRequiredMixin, View):
    """Confirm or discard a proposal — a dispatch run, a rotation plan — through its service: one view, set
    up per URL (``pool_urls``). Out of the user's "change" scope is 404; a refusal comes back as messages."""

    model = None
    service = None  # called as service(actor=user, <arg>=obj, **dates)
    arg = ""
    done = ""  # the success message
    page = ""  # the URL name of the object's page (with its pk): where a refusal comes back to
    after = ""  # the URL name (without pk) to go to once done; the object's page when empty
    dates = ()  # optional date fields of the form (an ISO date from <input type="date">)

    def post(self, request, pk):
        obj = get_scoped_or_404(self.model.objects.all(), request.user, "change", pk=pk)
        extra = {}
        for name in self.dates:
            raw = request.POST.get(name, "").strip()
            if raw:
                try:
                    extra[name] = dt.date.fromisoformat(raw)
                except ValueError:
                    messages.error(
                        request,
                        _t("Date: “{value}” is no date; pick one from the calendar.").format(value=raw),
                    )
                    return redirect(self.page, pk=pk)
        try:
            self.service(actor=request.user, **{self.arg: obj}, **extra)
        except ValidationError as error:
            _flash(request, error, {"effective_on": _t("Effective date")})
            return redirect(self.page, pk=pk)
        messages.success(request, str(self.done))
        return redirect(self.after) if self.after else redirect(self.page, pk=pk)


# --- 台账 downloads ------------------------------------------------------------------------------------


class RunExportView(LoginRequiredMixin, View):
    """顶岗安排表 of one run (.xlsx): the same rows as the run's page."""

    model = DispatchRun

    def get(self, request, pk):
        run = get_scoped_or_404(DispatchRun.objects.all(), request.user, "export", pk=pk)
        rows = run.dispatches.select_related("vacancy__school", "pool_teacher__teacher__school").order_by(
            "vacancy__school__code", "start"
        )
        columns = [
            (pgettext("staffing sheet", "School with the vacancy"), lambda d: d.vacancy.school.name),
            (pgettext("staffing sheet", "Level"), lambda d: d.vacancy.level_name),
            (pgettext("staffing sheet", "Subject"), lambda d: d.vacancy.subject),
            (pgettext("staffing sheet", "Reason"), lambda d: d.vacancy.get_reason_display()),
            (pgettext("staffing sheet", "Start date"), lambda d: d.start),
            (pgettext("staffing sheet", "End date"), lambda d: d.end),
            (pgettext("staffing sheet", "Handover until"), lambda d: d.busy_until),
            (pgettext("staffing sheet", "Substitute teacher"), lambda d: d.pool_teacher.teacher.name),
            (pgettext("staffing sheet", "Teacher's school"), lambda d: d.pool_teacher.teacher.school.name),
            (pgettext("staffing sheet", "Distance (km)"), lambda d: round(d.distance_km, 1)),
            (pgettext("staffing sheet", "Status"), lambda d: d.get_status_display()),
        ]
        return xlsx_response(
            _t("substitute-arrangements_run-{n}").format(n=run.pk),
            columns,
            rows,
            title=_t("Substitute arrangements"),
        )


class RotationExportView(LoginRequiredMixin, View):
    """校际交流名单 (.xlsx), each line with its reason."""

    model = RotationPlan

    def get(self, request, pk):
        plan = get_scoped_or_404(RotationPlan.objects.all(), request.user, "export", pk=pk)
        rows = plan.moves.select_related("teacher", "from_school", "to_school").order_by(
            "from_school__code", "teacher__name"
        )
        columns = [
            (pgettext("staffing sheet", "Name"), lambda m: m.teacher.name),
            (pgettext("staffing sheet", "Staff number"), lambda m: m.teacher.staff_number),
            (pgettext("staffing sheet", "Subject"), lambda m: m.teacher.main_subject),
            (pgettext("staffing sheet", "Backbone teacher"), lambda m: _t("yes") if m.backbone else ""),
            (pgettext("staffing sheet", "Rotates out of"), lambda m: m.from_school.name),
            (pgettext("staffing sheet", "Rotates into"), lambda m: m.to_school.name),
            (
                pgettext("staffing sheet", "Distance (km)"),
                lambda m: m.distance_km if m.distance_km is not None else "",
            ),
            (pgettext("staffing sheet", "Reason for the move"), lambda m: m.reason),
            (pgettext("staffing sheet", "Adjusted by hand"), lambda m: _t("yes") if m.manual else ""),
        ]
        return xlsx_response(
            _t("{year}_rotation-list").format(year=plan.school_year), columns, rows, title=_t("Rotation list")
        )
