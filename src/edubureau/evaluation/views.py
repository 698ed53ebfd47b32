"""Evaluation pages: schemes (tree, weights checked, versions), rounds (scores computed, imported and typed,
reviewed, published, tiers, 通报), a school's sheet explained to the leaf, the experts' entry pages (回避),
exam imports and the value-added page.

Reads go through ``selectors`` and ``restrict``; out of scope is 404. Bureau pages need the view grant on
rounds; a school sees only its own published sheets; an expert only the sheets of rounds they score, their
own school left out."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views import View

from edubureau.accounts.roles import Role
from edubureau.core import clock
from edubureau.core.documents import render_docx
from edubureau.core.export import attachment, xlsx_response
from edubureau.core.scoping import get_scoped_or_404, user_can
from edubureau.evaluation import choices as c
from edubureau.evaluation import documents, forms, imports, scoring, selectors, services
from edubureau.evaluation.models import Criterion, Exam, Round, RoundExpert, RoundSchool, Scheme
from edubureau.registry.choices import AreaKind
from edubureau.registry.models import Area, School, Student

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _flash(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _form_errors(request, form) -> None:
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for e in errors:
            messages.error(request, _("{label}: {error}").format(label=label, error=e) if label else e)


def _bureau(request) -> None:
    if not user_can(request.user, "view", Round):
        raise Http404


def _county(request):
    """The county the user works in: the county at or above their area grant (a bureau works in one)."""
    scope = request.user.get_scope()
    paths, _ = scope.places("add", "evaluation.scheme")
    for county in Area.objects.filter(kind=AreaKind.COUNTY).order_by("code"):
        if scope.everything or any(p.startswith(county.path) for p in paths):
            return county
    raise Http404


class IndexView(LoginRequiredMixin, View):
    """综合评价: the bureau's rounds, schemes and exams; a school's own published sheets; an expert's rounds."""

    def get(self, request):
        user = request.user
        context = {
            "bureau": user_can(user, "view", Round),
            "can_add": user_can(user, "add", Round),
            "my_sheets": list(selectors.my_sheets(user=user)[:50]),
            "expert_rounds": list(
                Round.objects.filter(
                    pk__in=RoundExpert.objects.restrict(user, "view").filter(user=user).values("round_id")
                )
            ),
            "band_labels": c.BAND_LABELS,
        }
        if context["bureau"]:
            context.update(
                rounds=list(selectors.round_list(user=user)[:100]),
                schemes=list(selectors.scheme_list(user=user)[:100]),
                exams=list(selectors.exam_list(user=user)[:100]),
            )
        return render(request, "evaluation/index.html", context)


# --- schemes --------------------------------------------------------------------------------------------


class SchemeCreateView(LoginRequiredMixin, View):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not user_can(request.user, "add", Scheme):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        form = forms.SchemeForm(initial={"year": clock.today().year})
        return render(request, "evaluation/form.html", {"form": form, "title": _("New evaluation scheme")})

    def post(self, request):
        form = forms.SchemeForm(request.POST)
        if form.is_valid():
            try:
                scheme = services.scheme_create(
                    actor=request.user, county=_county(request), **form.cleaned_data
                )
            except ValidationError as error:
                _flash(request, error)
            else:
                return redirect("evaluation:scheme_detail", pk=scheme.pk)
        return render(request, "evaluation/form.html", {"form": form, "title": _("New evaluation scheme")})


class SchemeDetailView(LoginRequiredMixin, View):
    """评价方案: the tree with weights and effective weights, what is wrong with it, the add form."""

    queryset = Scheme.objects.select_related("county")

    def get(self, request, pk):
        scheme = get_scoped_or_404(self.queryset, request.user, "view", pk=pk)
        can_change = Scheme.objects.restrict(request.user, "change").filter(pk=pk).exists()
        exams = Exam.objects.restrict(request.user, "view")
        return render(request, "evaluation/scheme_detail.html", {
            "scheme": scheme,
            "tree": selectors.scheme_tree(scheme),
            "problems": scoring.weight_problems(selectors.scheme_nodes(scheme)),
            "can_change": can_change,
            "locked": scheme.rounds.exclude(status=c.RoundStatus.DRAFT).exists(),
            "form": forms.CriterionForm(scheme=scheme, exams=exams) if can_change else None,
            "copy_form": forms.CopyForm(initial={"year": scheme.year + 1}) if can_change else None,
            "rounds": list(scheme.rounds.all()),
        })  # fmt: skip


class SchemeCriterionAddView(LoginRequiredMixin, View):
    queryset = Scheme.objects.all()

    def post(self, request, pk):
        scheme = get_scoped_or_404(self.queryset, request.user, "change", pk=pk)
        form = forms.CriterionForm(
            request.POST, scheme=scheme, exams=Exam.objects.restrict(request.user, "view")
        )
        if not form.is_valid():
            _form_errors(request, form)
        else:
            data = dict(form.cleaned_data)
            parent = data.pop("parent")
            data = {
                k: (v if v is not None or k in ("prior_exam", "outcome_exam", "best", "worst") else "")
                for k, v in data.items()
            }
            try:
                services.criterion_add(actor=request.user, scheme=scheme, parent=parent, **data)
            except ValidationError as error:
                _flash(request, error)
            else:
                messages.success(request, _("Criterion added."))
        return redirect("evaluation:scheme_detail", pk=scheme.pk)


class CriterionDeleteView(LoginRequiredMixin, View):
    queryset = Criterion.objects.select_related("scheme")

    def post(self, request, pk):
        criterion = get_scoped_or_404(self.queryset, request.user, "change", pk=pk)
        try:
            services.criterion_delete(actor=request.user, criterion=criterion)
        except ValidationError as error:
            _flash(request, error)
        else:
            messages.success(request, _("Criterion deleted."))
        return redirect("evaluation:scheme_detail", pk=criterion.scheme_id)


class SchemeCopyView(LoginRequiredMixin, View):
    queryset = Scheme.objects.all()

    def post(self, request, pk):
        scheme = get_scoped_or_404(self.queryset, request.user, "change", pk=pk)
        form = forms.CopyForm(request.POST)
        if not form.is_valid():
            _form_errors(request, form)
            return redirect("evaluation:scheme_detail", pk=scheme.pk)
        copy = services.scheme_copy(actor=request.user, scheme=scheme, year=form.cleaned_data["year"])
        messages.success(request, _("Copied as {scheme}.").format(scheme=copy))
        return redirect("evaluation:scheme_detail", pk=copy.pk)


# --- rounds ---------------------------------------------------------------------------------------------


class RoundCreateView(LoginRequiredMixin, View):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not user_can(request.user, "add", Round):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def _form(self, request, data=None):
        today = clock.today()
        return forms.RoundForm(
            data, schemes=Scheme.objects.restrict(request.user, "view"),
            initial={"year": today.year, "school_year": f"{today.year - 1}-{today.year}", "kinds": ["junior"]},
        )  # fmt: skip

    def get(self, request):
        return render(
            request, "evaluation/form.html", {"form": self._form(request), "title": _("New evaluation round")}
        )

    def post(self, request):
        form = self._form(request, request.POST)
        if form.is_valid():
            d = form.cleaned_data
            schools = School.objects.restrict(request.user, "view").filter(
                is_active=True, kind__in=d["kinds"], county=d["scheme"].county
            )
            try:
                rnd = services.round_create(actor=request.user, scheme=d["scheme"], name=d["name"], year=d["year"],
                                            school_year=d["school_year"], schools=schools)  # fmt: skip
            except ValidationError as error:
                _flash(request, error)
            else:
                return redirect("evaluation:round_detail", pk=rnd.pk)
        return render(request, "evaluation/form.html", {"form": form, "title": _("New evaluation round")})


class RoundDetailView(LoginRequiredMixin, View):
    """考评轮次: every school's total, completeness, band and tier; the workflow and scoring actions."""

    queryset = Round.objects.select_related("scheme", "scheme__county")

    def get(self, request, pk):
        rnd = get_scoped_or_404(self.queryset, request.user, "view", pk=pk)
        can_change = Round.objects.restrict(request.user, "change").filter(pk=pk).exists()
        context = {"round": rnd, "can_change": can_change, **selectors.round_summary(rnd),
                   "next": sorted(c.TRANSITIONS[c.RoundStatus(rnd.status)]), "status_labels": dict(c.RoundStatus.choices),
                   "band_labels": c.BAND_LABELS, "tier_css": c.TIER_CSS,
                   "experts": list(rnd.experts.select_related("user", "home_school"))}  # fmt: skip
        if can_change:
            evaluators = _evaluators(rnd)
            context.update(
                tier_form=forms.TierForm(initial={"method": rnd.tier_method or c.TierMethod.QUOTA}),
                expert_form=forms.ExpertForm(
                    users=evaluators, schools=School.objects.restrict(request.user, "view")
                ),
                upload_form=forms.UploadForm(),
            )
        return render(request, "evaluation/round_detail.html", context)


def _evaluators(rnd):
    """People who may be named experts of the round: third-party evaluators of its county."""
    return (
        get_user_model()
        .objects.filter(
            role_assignments__role=Role.EVALUATOR,
            role_assignments__area__path__startswith=rnd.scheme.county.path,
        )
        .distinct()
        .order_by("username")
    )


class _RoundAction(LoginRequiredMixin, View):
    queryset = Round.objects.select_related("scheme", "scheme__county")

    def post(self, request, pk):
        rnd = get_scoped_or_404(self.queryset, request.user, "change", pk=pk)
        try:
            message = self.act(request, rnd)
        except ValidationError as error:
            _flash(request, error)
        else:
            if message:
                messages.success(request, message)
        return redirect("evaluation:round_detail", pk=rnd.pk)


class RoundComputeView(_RoundAction):
    def act(self, request, rnd):
        n = services.round_compute(actor=request.user, round=rnd)
        return _("{n} scores computed.").format(n=n)


class RoundStatusView(_RoundAction):
    def act(self, request, rnd):
        form = forms.TransitionForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Choose the status to change to."))
        rnd = services.round_transition(actor=request.user, round=rnd, to=form.cleaned_data["to"])
        return _("The round is now “{status}”.").format(status=rnd.get_status_display())


class RoundTiersView(_RoundAction):
    def act(self, request, rnd):
        form = forms.TierForm(request.POST)
        if not form.is_valid():
            _form_errors(request, form)
            return None
        d = form.cleaned_data
        keys = (
            ("excellent", "good", "improve")
            if d["method"] == c.TierMethod.QUOTA
            else ("excellent", "good", "passing")
        )
        params = {k: float(d[k]) for k in keys if d.get(k) is not None}
        services.round_tiers(actor=request.user, round=rnd, method=d["method"], params=params)
        return _("Tiers assigned.")


class RoundExpertAddView(_RoundAction):
    def act(self, request, rnd):
        evaluators = _evaluators(rnd)
        form = forms.ExpertForm(
            request.POST, users=evaluators, schools=School.objects.restrict(request.user, "view")
        )
        if not form.is_valid():
            _form_errors(request, form)
            return None
        services.expert_add(actor=request.user, round=rnd, **form.cleaned_data)
        return _("Review expert added.")


class RoundImportView(_RoundAction):
    def act(self, request, rnd):
        form = forms.UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            _form_errors(request, form)
            return None
        upload = form.cleaned_data["file"]
        outcome = imports.round_scores_import(actor=request.user, round=rnd, fh=upload, filename=upload.name)
        if not outcome.ok:
            for e in outcome.errors[:20]:
                messages.error(request, _row_text(e))
            messages.error(
                request,
                _("{n} problems found; no score was imported: correct them and upload again.").format(
                    n=len(outcome.errors)
                ),
            )
            return None
        return _("{n} third-party scores imported.").format(n=outcome.written)


def _row_text(e) -> str:
    if e.row and e.column:
        place = _("Row {row}, column “{column}”").format(row=e.row, column=e.column)
    elif e.row:
        place = _("Row {row}").format(row=e.row)
    elif e.column:
        place = _("The file, column “{column}”").format(column=e.column)
    else:
        place = _("The file")
    if e.value:
        place = _("{place} ({value})").format(place=place, value=e.value)
    problem = _("{reason}; {fix}").format(reason=e.reason, fix=e.fix) if e.fix else e.reason
    return _("{place}: {problem}").format(place=place, problem=problem)


class RoundNoticeView(LoginRequiredMixin, View):
    """考评结果通报 (.docx, GB/T 9704)."""

    queryset = Round.objects.select_related("scheme", "scheme__county")

    def get(self, request, pk):
        rnd = get_scoped_or_404(self.queryset, request.user, "view", pk=pk)
        sheets = list(rnd.sheets.select_related("school"))
        criteria = list(Criterion.objects.filter(scheme=rnd.scheme).order_by("order", "code"))
        issuer = f"{rnd.scheme.county.name}教育局"
        with translation.override(
            "zh-hans"
        ):  # an official document of the bureau: in Chinese whatever the UI
            doc = documents.round_notice_document(
                rnd=rnd, sheets=sheets, criteria=criteria, issuer=issuer, date=clock.today()
            )
        return attachment(render_docx(doc), f"{rnd.name}结果通报.docx", DOCX)


class RoundExportView(LoginRequiredMixin, View):
    """The round's sheets as .xlsx (total, band, tier), the same figures as the round page."""

    queryset = Round.objects.all()

    def get(self, request, pk):
        rnd = get_scoped_or_404(self.queryset, request.user, "export", pk=pk)
        sheets = selectors.round_summary(rnd)["sheets"]
        columns = [
            (_("School identification code"), lambda s: s.school.code),
            (_("School"), lambda s: s.school.name),
            (_("Total score"), lambda s: float(round(s.total, 2)) if s.total is not None else ""),
            (_("Position band"), lambda s: str(c.BAND_LABELS.get(s.band, "")) if s.band else ""),
            (_("Tier"), lambda s: s.get_tier_display()),
        ]
        title = _("Evaluation results")
        return xlsx_response(
            _("{round} evaluation results").format(round=rnd.name), columns, sheets, title=title
        )


# --- sheets and experts --------------------------------------------------------------------------------


class SheetDetailView(LoginRequiredMixin, View):
    """考评表: one school's total explained to the leaf, its band and its tier. A school sees only its own,
    once the round is published."""

    queryset = RoundSchool.objects.all()

    def get(self, request, pk):
        sheet = get_scoped_or_404(selectors.sheet_queryset(user=request.user), request.user, "view", pk=pk)
        explained = selectors.sheet_explained(sheet)
        missing_list = pgettext("list separator", ", ").join(
            f"{m.code} {m.name}" for m in explained["missing"]
        )
        return render(request, "evaluation/sheet_detail.html", {
            "sheet": sheet, **explained, "missing_list": missing_list, "band_label": c.BAND_LABELS.get(sheet.band),
            "tier_css": c.TIER_CSS.get(sheet.tier, "secondary"), "bureau": user_can(request.user, "view", Round),
        })  # fmt: skip


def _expert_round(request, round_id):
    if (
        not RoundExpert.objects.restrict(request.user, "view")
        .filter(user=request.user, round_id=round_id)
        .exists()
    ):
        raise Http404
    return Round.objects.select_related("scheme").get(pk=round_id)


class RoundExpertView(LoginRequiredMixin, View):
    """An expert's sheets in a round: every school of the round but their own (回避)."""

    queryset = Round.objects.all()

    def get(self, request, pk):
        rnd = _expert_round(request, pk)
        avoid = selectors.expert_school_ids(rnd, request.user) or set()
        sheets = rnd.sheets.select_related("school").exclude(school_id__in=avoid).order_by("school__code")
        return render(
            request,
            "evaluation/expert_round.html",
            {
                "round": rnd,
                "sheets": sheets,
                "avoided": len(avoid & set(rnd.sheets.values_list("school_id", flat=True))),
            },
        )


class SheetExpertView(LoginRequiredMixin, View):
    """专家评分: the expert-scored leaves of one sheet; 404 on the expert's own school (回避)."""

    queryset = RoundSchool.objects.all()

    def _sheet(self, request, pk):
        sheet = RoundSchool.objects.select_related("round", "round__scheme", "school").filter(pk=pk).first()
        if sheet is None:
            raise Http404
        _expert_round(request, sheet.round_id)
        if sheet.school_id in (selectors.expert_school_ids(sheet.round, request.user) or set()):
            raise Http404
        return sheet

    def _leaves(self, sheet):
        return Criterion.objects.filter(
            scheme=sheet.round.scheme, source=c.Source.EXPERT, children__isnull=True
        )

    def get(self, request, pk):
        sheet = self._sheet(request, pk)
        scores = {s.criterion_id: s for s in sheet.scores.all()}
        leaves = [(cr, scores.get(cr.pk), forms.ExpertScoreForm(criteria=self._leaves(sheet), initial={
            "criterion": cr.pk, "score": scores[cr.pk].score if cr.pk in scores else None,
            "comment": scores[cr.pk].comment if cr.pk in scores else ""}, prefix=f"c{cr.pk}"))
            for cr in self._leaves(sheet)]  # fmt: skip
        return render(
            request,
            "evaluation/sheet_expert.html",
            {"sheet": sheet, "leaves": leaves, "open": sheet.round.status in c.SCORING},
        )

    def post(self, request, pk):
        sheet = self._sheet(request, pk)
        prefix = request.POST.get("prefix", "")
        form = forms.ExpertScoreForm(request.POST, criteria=self._leaves(sheet), prefix=prefix or None)
        if not form.is_valid():
            _form_errors(request, form)
        else:
            try:
                services.expert_score(actor=request.user, sheet=sheet, **form.cleaned_data)
            except ValidationError as error:
                _flash(request, error)
            else:
                messages.success(request, _("Score saved."))
        return redirect("evaluation:sheet_expert", pk=sheet.pk)


# --- exams and value-added -----------------------------------------------------------------------------


class ExamListView(LoginRequiredMixin, View):
    """考试成绩: the exams and the import (all rows or none, with a row-level report)."""

    def get(self, request, errors=None, form=None):
        _bureau(request)
        return render(request, "evaluation/exam_list.html", {
            "exams": selectors.exam_list(user=request.user), "form": form or forms.ExamUploadForm(),
            "errors": errors, "can_add": user_can(request.user, "add", Exam),
        })  # fmt: skip

    def post(self, request):
        _bureau(request)
        if not user_can(request.user, "add", Exam):
            raise Http404
        form = forms.ExamUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            _form_errors(request, form)
            return self.get(request, form=form)
        outcome = imports.exam_import(
            actor=request.user, county=_county(request), fh=form.cleaned_data["file"],
            full_mark=form.cleaned_data["full_mark"], visible_students=Student.objects.restrict(request.user, "view"),
        )  # fmt: skip
        if not outcome.ok:
            messages.error(
                request,
                _(
                    "{n} problems found; no result was imported: correct them as the table says and upload again."
                ).format(n=len(outcome.errors)),
            )
            return self.get(request, errors=outcome.errors[:500], form=form)
        messages.success(
            request,
            _("{n} results imported ({exams}).").format(
                n=outcome.written, exams=pgettext("list separator", ", ").join(outcome.exams)
            ),
        )
        return redirect("evaluation:exam_list")


class ExamDetailView(LoginRequiredMixin, View):
    queryset = Exam.objects.all()

    def get(self, request, pk):
        exam = get_scoped_or_404(self.queryset, request.user, "view", pk=pk)
        from django.db.models import Avg, Count

        by_school = (
            exam.scores.values("school__name", "school__code")
            .annotate(pupils=Count("student", distinct=True), rows=Count("pk"), mean=Avg("score"))
            .order_by("school__code")
        )
        by_subject = (
            exam.scores.values("subject").annotate(n=Count("pk"), mean=Avg("score")).order_by("subject")
        )
        return render(
            request,
            "evaluation/exam_detail.html",
            {"exam": exam, "by_school": by_school, "by_subject": by_subject},
        )


class ValueAddedView(LoginRequiredMixin, View):
    """增值评价: schools ordered by value-added with 95 % intervals (caterpillar), raw mean against value-added
    (scatter), bands, small schools flagged, matched-pupil coverage."""

    def get(self, request):
        _bureau(request)
        exams = Exam.objects.restrict(request.user, "view").order_by("held_on")
        ordered = list(exams)
        initial = {"prior": ordered[0].pk, "outcome": ordered[-1].pk} if len(ordered) >= 2 else {}
        data = request.GET if "prior" in request.GET else None
        outcome_exam = None
        if data and data.get("outcome"):
            outcome_exam = exams.filter(pk=data.get("outcome")).first()
        elif initial:
            outcome_exam = ordered[-1]
        subjects = selectors.exam_subjects(outcome_exam) if outcome_exam else []
        form = forms.ValueAddedForm(data, exams=exams, subjects=subjects, initial=initial)
        result = None
        if data is not None and form.is_valid():
            d = form.cleaned_data
            result = selectors.value_added(prior=d["prior"], outcome=d["outcome"], subject=d["subject"] or "")
        elif data is None and initial:
            result = selectors.value_added(prior=ordered[0], outcome=ordered[-1])
        chart = None
        if result:
            chart = {
                "names": [r["school"] for r in result["schools"]],
                "va": [round(r["va"], 2) for r in result["schools"]],
                "low": [round(r["low"], 2) for r in result["schools"]],
                "high": [round(r["high"], 2) for r in result["schools"]],
                "raw": [round(r["raw_mean"], 1) for r in result["schools"]],
                "small": [r["small"] for r in result["schools"]],
                "labels": {
                    "va_tip": _("Value-added {va} ({low} to {high})"),
                    "schools_axis": _("Schools (by value-added)"),
                    "points": pgettext("chart axis", "points"),
                    "scatter_tip": _("Mean score {raw}, value-added {va}"),
                    "mean": _("Mean score"),
                    "va": _("Value-added"),
                },
            }
        return render(request, "evaluation/value_added.html", {
            "form": form, "result": result, "chart": chart, "small_limit": c.SMALL_SCHOOL,
            "has_exams": len(ordered) >= 2, "chart_json": json.dumps(chart) if chart else "",
        })  # fmt: skip
