"""准备 pages of 区管校聘 for 组织人事股: a new competition; the 三考评 schemes with their weights, the rule
of the score shown line by line, the bureau's grade of each school, the scores (typed one by one or
imported from a workbook, with its template) and the button that computes them.

Reads go through ``restrict``; out of scope is 404, as a missing row. Writes are ``preparation`` and
``imports`` calls whose refusals come back on the form or as a row-by-row report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from edubureau.core.export import attachment
from edubureau.core.scoping import get_scoped_or_404, user_can
from edubureau.registry.choices import BackboneLevel, TitleRank
from edubureau.registry.models import Teacher
from edubureau.staffing import choices as c
from edubureau.staffing import imports, preparation, services
from edubureau.staffing.forms import CompetitionForm, SchemeForm, ScoreForm, ScoreUploadForm
from edubureau.staffing.models import Competition, EvaluationScheme, SchoolEvaluation, TeacherScore

PAGE_SIZE = 100


def _county_or_404(user, model):
    counties = preparation.counties_for(user, model)
    if not counties:
        raise Http404
    return counties[0]


def _form_errors(form, error: ValidationError) -> None:
    """A service's refusal on the form: on the field it names, else above the fields."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class CompetitionCreateView(LoginRequiredMixin, View):
    """新建竞聘: a competition of a school year for the user's county, then its page."""

    def _form(self, request, data=None):
        county = _county_or_404(request.user, Competition)
        schemes = EvaluationScheme.objects.restrict(request.user, "view").filter(county=county)
        return county, CompetitionForm(data, schemes=schemes.order_by("-school_year", "name"))

    def get(self, request):
        _county, form = self._form(request)
        return self._page(request, form)

    def _page(self, request, form, status=200):
        return render(request, "staffing/competition_form.html", {"form": form}, status=status)

    def post(self, request):
        county, form = self._form(request, request.POST)
        if form.is_valid():
            try:
                competition = preparation.competition_new(
                    actor=request.user, county=county, **form.cleaned_data
                )
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "The competition is created. Choose the participating schools, then set the posts from need."
                    ),
                )
                return redirect("staffing:competition_detail", pk=competition.pk)
        return self._page(request, form, status=400)


class SchemeListView(LoginRequiredMixin, View):
    """三考评方案: the county's schemes, newest year first."""

    def get(self, request):
        if not user_can(request.user, "view", EvaluationScheme):
            raise Http404
        schemes = EvaluationScheme.objects.restrict(request.user, "view").order_by("-school_year", "name")
        return render(
            request,
            "staffing/scheme_list.html",
            {
                "schemes": list(schemes),
                "can_add": bool(preparation.counties_for(request.user, EvaluationScheme)),
            },
        )


class SchemeCreateView(LoginRequiredMixin, View):
    def get(self, request):
        _county_or_404(request.user, EvaluationScheme)
        return render(request, "staffing/scheme_form.html", {"form": SchemeForm()})

    def post(self, request):
        county = _county_or_404(request.user, EvaluationScheme)
        form = SchemeForm(request.POST)
        if form.is_valid():
            try:
                scheme = preparation.scheme_create(
                    actor=request.user, county=county, data=form.data_for_service()
                )
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(
                    request, _("The scheme is saved. Grade the schools and import the appraisal scores.")
                )
                return redirect("staffing:scheme_detail", pk=scheme.pk)
        return render(request, "staffing/scheme_form.html", {"form": form}, status=400)


class SchemeEditView(LoginRequiredMixin, View):
    queryset = EvaluationScheme.objects.all()

    def _scheme(self, request, pk):
        return get_scoped_or_404(self.queryset, request.user, "change", pk=pk)

    def get(self, request, pk):
        scheme = self._scheme(request, pk)
        form = SchemeForm(initial=SchemeForm.initial_of(scheme), editing=True)
        return render(request, "staffing/scheme_form.html", {"form": form, "scheme": scheme})

    def post(self, request, pk):
        scheme = self._scheme(request, pk)
        form = SchemeForm(request.POST, editing=True)
        if form.is_valid():
            try:
                preparation.scheme_update(actor=request.user, scheme=scheme, data=form.data_for_service())
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(request, _("The scheme is saved and the scores recomputed."))
                return redirect("staffing:scheme_detail", pk=scheme.pk)
        return render(request, "staffing/scheme_form.html", {"form": form, "scheme": scheme}, status=400)


def record_rules() -> list[dict]:
    """个人档案分 as the page states it: each item, its points, its cap (the rule of ``scoring``)."""
    titles, backbones = dict(TitleRank.choices), dict(BackboneLevel.choices)
    return [
        {"item": _("Years of service"), "rule": _("{points} point a year, at most {cap}").format(
            points=f"{c.SERVICE_POINTS_PER_YEAR.normalize():f}", cap=c.SERVICE_POINTS_MAX)},
        {"item": _("Professional title"), "rule": "；".join(
            f"{titles[k]} {v}" for k, v in c.TITLE_POINTS.items())},
        {"item": _("Backbone teacher"), "rule": "；".join(
            f"{backbones[k]} {v}" for k, v in c.BACKBONE_POINTS.items())},
        {"item": _("Awards"), "rule": _("the points imported, at most {cap}").format(cap=c.AWARD_POINTS_MAX)},
        {"item": _("Exchange service"), "rule": _("{points} points a year, at most {cap}").format(
            points=c.EXCHANGE_POINTS_PER_YEAR, cap=c.EXCHANGE_POINTS_MAX)},
    ]  # fmt: skip


class SchemeDetailView(LoginRequiredMixin, View):
    """A scheme: its weights and the formula, the record rule, the schools' grades, the scores with the
    import and the typed score, and the button that computes the totals."""

    queryset = EvaluationScheme.objects.select_related("county")

    def get(self, request, pk, forms_=None, errors=None, status=200):
        scheme = get_scoped_or_404(self.queryset, request.user, "view", pk=pk)
        can_change = EvaluationScheme.objects.restrict(request.user, "change").filter(pk=pk).exists()
        used = preparation.scheme_in_use(scheme)
        editable = can_change and used is None
        scores = (
            TeacherScore.objects.restrict(request.user, "view")
            .filter(scheme=scheme)
            .select_related("teacher__school")
            .order_by("-total", "teacher__name", "pk")
        )
        page = Paginator(scores, PAGE_SIZE).get_page(request.GET.get("page"))
        forms_ = forms_ or {}
        context = {
            "scheme": scheme,
            "can_change": can_change,
            "editable": editable,
            "used": used,
            "coefficients": [(g.label, g.value, scheme.coefficient(g.value)) for g in c.SchoolGrade],
            "record_rules": record_rules(),
            "formula": _(
                "Score = (school appraisal × {wa}% + record score × {wr}%) ÷ 100 × school coefficient"
            ).format(
                wa=f"{scheme.weight_appraisal.normalize():f}", wr=f"{scheme.weight_record.normalize():f}"
            ),
            "page_obj": page,
            "scores": page.object_list,
            "errors": errors,
            "competitions": list(Competition.objects.restrict(request.user, "view").filter(scheme=scheme)),
        }
        if editable:
            grades = dict(SchoolEvaluation.objects.filter(scheme=scheme).values_list("school_id", "grade"))
            context["school_grades"] = [
                (s, grades.get(s.pk, c.SchoolGrade.GOOD.value)) for s in preparation.scheme_schools(scheme)
            ]
            context["grade_choices"] = c.SchoolGrade.choices
            context["upload_form"] = forms_.get("upload") or ScoreUploadForm()
            context["score_form"] = forms_.get("score") or ScoreForm()
        else:
            context["graded"] = list(
                SchoolEvaluation.objects.filter(scheme=scheme)
                .select_related("school")
                .order_by("school__code")
            )
        return render(request, "staffing/scheme_detail.html", context, status=status)


class SchemeActionView(LoginRequiredMixin, View):
    """The staff's writes on a scheme, named by ``action`` in the POST: compute, grades, score, import."""

    queryset = EvaluationScheme.objects.all()

    def post(self, request, pk):
        scheme = get_scoped_or_404(self.queryset, request.user, "change", pk=pk)
        action = request.POST.get("action", "")
        handler = {
            "compute": self.compute,
            "grades": self.grades,
            "score": self.score,
            "import": self.upload,
        }.get(action)
        if handler is None:
            raise Http404
        try:
            return handler(request, scheme) or redirect("staffing:scheme_detail", pk=pk)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("staffing:scheme_detail", pk=pk)

    def compute(self, request, scheme):
        preparation.scheme_check_open(scheme)
        n = services.scores_compute(actor=request.user, scheme=scheme)
        messages.success(request, _("Scores computed: {n} changed.").format(n=n))

    def grades(self, request, scheme):
        grades = {}
        for school in preparation.scheme_schools(scheme):
            value = request.POST.get(f"grade_{school.pk}")
            if value:
                grades[school.pk] = value
        n = preparation.school_grades_set(actor=request.user, scheme=scheme, grades=grades)
        messages.success(
            request, _("School grades saved: {n} changed; the scores are recomputed.").format(n=n)
        )

    def score(self, request, scheme):
        form = ScoreForm(request.POST)
        if form.is_valid():
            teachers = Teacher.objects.restrict(request.user, "view")
            pk, errors = imports.find_teacher(scheme, teachers, form.lookup())
            for e in errors:
                form.add_error(
                    None, _("{column}: {reason}. {fix}").format(column=e.column, reason=e.reason, fix=e.fix)
                )
            if pk is not None:
                d = form.cleaned_data
                score = preparation.score_set(
                    actor=request.user, scheme=scheme, teacher=Teacher.objects.get(pk=pk),
                    appraisal=d["appraisal"], award_points=d.get("award_points"), exchange_years=d.get("exchange_years"),
                )  # fmt: skip
                messages.success(
                    request,
                    _("{teacher}: appraisal {appraisal}, total {total}.").format(
                        teacher=score.teacher.name, appraisal=score.appraisal, total=score.total
                    ),
                )
                return None
        return SchemeDetailView().get(request, scheme.pk, forms_={"score": form}, status=400)

    def upload(self, request, scheme):
        form = ScoreUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return SchemeDetailView().get(request, scheme.pk, forms_={"upload": form}, status=400)
        upload = form.cleaned_data["file"]
        outcome = imports.scores_import(
            actor=request.user, scheme=scheme, fh=upload, filename=upload.name,
            teachers=Teacher.objects.restrict(request.user, "view"),
        )  # fmt: skip
        if not outcome.ok:
            messages.error(
                request,
                _(
                    "{n} problems; no score was imported. Correct the rows below and upload the file again."
                ).format(n=len(outcome.errors)),
            )
            return SchemeDetailView().get(request, scheme.pk, errors=outcome.errors, status=400)
        messages.success(
            request,
            _("Imported: {created} new scores, {updated} changed; the totals are recomputed.").format(
                created=outcome.created, updated=outcome.updated
            ),
        )
        return None


class ScoreTemplateView(LoginRequiredMixin, View):
    """The score workbook: blank, or (``?teachers=1``) one row per teacher in scope with what is stored."""

    queryset = EvaluationScheme.objects.all()

    def get(self, request, pk):
        scheme = get_scoped_or_404(self.queryset, request.user, "change", pk=pk)
        if request.GET.get("teachers"):
            rows = imports.teacher_rows(scheme, Teacher.objects.restrict(request.user, "export"))
            return attachment(imports.template_bytes(rows), _("appraisal-scores-teachers.xlsx"))
        return attachment(imports.template_bytes(), _("appraisal-scores-template.xlsx"))
