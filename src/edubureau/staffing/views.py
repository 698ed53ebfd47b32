"""区管校聘 pages: the staff's competition pages (participation, posts, rounds, appeals, publication) and the
teacher's own page (志愿 on a phone, her score explained, her result explained, her appeal).

Reads go through ``selectors`` (``restrict``; a teacher reaches only her own entries); writes are ``services``
calls whose ``ValidationError`` comes back as a message naming the item and the fix."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from edubureau.core import clock
from edubureau.core.export import attachment, workbook_bytes
from edubureau.core.forms import style_form
from edubureau.core.scoping import get_scoped_or_404, user_can
from edubureau.registry.models import School
from edubureau.staffing import choices as c
from edubureau.staffing import publication, selectors, services
from edubureau.staffing.models import Appeal, Competition, Entry, WorkPost

PAGE_SIZE = 100


def _flash(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


class HomeView(LoginRequiredMixin, View):
    """区管校聘: the competitions in scope (staff), or the teacher's own entries."""

    def get(self, request):
        if not user_can(request.user, "view", Competition):
            if selectors.sees_all_entries(request.user):  # a school: its teachers' entries and results
                entries = list(
                    selectors.entry_list(user=request.user).order_by(
                        "-competition__school_year", "competition__name", "subject", "-score"
                    )[: PAGE_SIZE * 3]
                )
                return render(request, "staffing/my.html", {"entries": entries, "school_view": True})
            return redirect("staffing:my")
        return render(
            request,
            "staffing/home.html",
            {
                "competitions": list(selectors.competition_list(user=request.user)),
                "can_prepare": user_can(request.user, "add", Competition),
            },
        )


class MyEntriesView(LoginRequiredMixin, View):
    """我的竞聘: the teacher's own entries, newest year first."""

    def get(self, request):
        entries = list(selectors.my_entries(user=request.user))
        if len(entries) == 1 and "all" not in request.GET:
            return redirect("staffing:entry_detail", pk=entries[0].pk)
        return render(request, "staffing/my.html", {"entries": entries})


class ChoicesForm(forms.Form):
    """Up to ``MAX_CHOICES`` schools in order; empty choices at the end are ignored."""

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = {str(p.pk): p for p in options}
        items = [("", _("— none —"))] + [
            (str(p.pk), _("{school} ({n} posts)").format(school=p.school.name, n=p.posts)) for p in options
        ]
        for i in range(1, c.MAX_CHOICES + 1):
            self.fields[f"choice_{i}"] = forms.ChoiceField(
                label=_("Choice {i}").format(i=i), choices=items, required=False
            )
        style_form(self)

    def clean(self):
        data = super().clean()
        picked = [data.get(f"choice_{i}") for i in range(1, c.MAX_CHOICES + 1)]
        last = max((i for i, v in enumerate(picked) if v), default=-1)
        if any(not v for v in picked[:last]):
            raise ValidationError(_("Fill the choices in order without gaps: choice 1 first."))
        data["posts"] = [self.options[v] for v in picked[: last + 1]]
        return data


class AppealForm(forms.Form):
    reason = forms.CharField(
        label="", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}), required=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = _("Reason for the appeal")
        style_form(self)


class EntryDetailView(LoginRequiredMixin, View):
    """A teacher's page in one competition: her score line by line, her 志愿 (a form while the window is
    open), her result with every school she ranked above it explained, and her appeal. Staff and her school
    read the same page."""

    model = Entry

    def get_entry(self, request, pk):
        return selectors.entry_get(user=request.user, pk=pk)

    def get(self, request, pk, forms_=None):
        entry = self.get_entry(request, pk)
        competition = entry.competition
        own = entry.teacher.user_id == request.user.pk
        published = competition.stage == c.Stage.PUBLISHED
        show_result = selectors.result_shown(user=request.user, competition=competition)
        now = clock.now()
        title = competition.kind == c.CompetitionKind.TITLE
        window = (
            not title
            and competition.stage == c.Stage.OPEN
            and competition.choices_open <= now <= competition.choices_close
        )
        forms_ = forms_ or {}
        prefs = selectors.entry_preferences(entry)
        score = selectors.entry_score(entry)
        context = {
            "entry": entry,
            "competition": competition,
            "own": own,
            "score": score,
            "score_lines": selectors.score_lines(score),
            "preferences": prefs,
            "show_result": show_result,
            "window": window,
            "appeal_window": published and now <= competition.appeals_close,
            "appeals": list(entry.appeals.order_by("-submitted_at")),
            "title": title,
        }
        if own and window:
            options = selectors.post_options(entry)
            initial = {f"choice_{p.rank}": str(p.post_id) for p in prefs}
            context["choices_form"] = forms_.get("choices") or ChoicesForm(options=options, initial=initial)
        if own and context["appeal_window"]:
            context["appeal_form"] = forms_.get("appeal") or AppealForm()
        if show_result:
            context["explanation"] = selectors.entry_explanation(entry)
            context["rounds"] = selectors.entry_rounds(entry)
        return render(request, "staffing/entry_detail.html", context)

    def post(self, request, pk):
        entry = self.get_entry(request, pk)
        if entry.teacher.user_id != request.user.pk:
            raise Http404
        action = request.POST.get("action")
        try:
            if action == "choices":
                form = ChoicesForm(request.POST, options=selectors.post_options(entry))
                if not form.is_valid():
                    return self.get(request, pk, forms_={"choices": form})
                services.entry_choices_set(actor=request.user, entry=entry, posts=form.cleaned_data["posts"])
                messages.success(
                    request, _("Your choices are saved. You can change them until the window closes.")
                )
            elif action == "appeal":
                form = AppealForm(request.POST)
                if not form.is_valid():
                    return self.get(request, pk, forms_={"appeal": form})
                services.appeal_submit(actor=request.user, entry=entry, reason=form.cleaned_data["reason"])
                messages.success(request, _("Your appeal is submitted; the decision will be shown here."))
            else:
                raise Http404
        except ValidationError as error:
            _flash(request, error)
        return redirect("staffing:entry_detail", pk=entry.pk)


class CompetitionDetailView(LoginRequiredMixin, View):
    """A competition: its stage and windows, participating schools, counts, rounds, appeals, publication."""

    queryset = Competition.objects.select_related("county", "scheme")

    def get(self, request, pk):
        competition = get_scoped_or_404(self.queryset, request.user, "view", pk=pk)
        can_change = Competition.objects.restrict(request.user, "change").filter(pk=pk).exists()
        rounds = list(competition.rounds.select_related("run_by").order_by("number"))
        done = {r.number for r in rounds}
        numbers = {1} if competition.kind == c.CompetitionKind.TITLE else {1, 2, 3}
        part, whole = services.participation_figures(
            county=competition.county, school_year=competition.school_year
        )
        context = {
            "competition": competition,
            "can_change": can_change,
            "counts": selectors.competition_counts(competition),
            "rounds": rounds,
            "next_round": min(numbers - done) if numbers - done else None,
            "schools": list(competition.schools.select_related("area").order_by("code")),
            "participation": {
                "part": part,
                "whole": whole,
                "share": round(100 * part / whole, 1) if whole else 0,
            },
            "appeals": _with_options(list(selectors.appeal_list(competition, user=request.user)[:200])),
            "next_stages": [c.Stage(s) for s in c.STAGE_FLOW[c.Stage(competition.stage)]],
            "stage_draft": competition.stage == c.Stage.DRAFT,
            "stage_closed": competition.stage == c.Stage.CLOSED,
        }
        if can_change and competition.stage == c.Stage.DRAFT:
            choices = School.objects.filter(
                county=competition.county, kind__in=services.SCHOOL_KINDS
            ).order_by("code")
            chosen = {s.pk for s in context["schools"]}
            context["school_options"] = [(s, s.pk in chosen) for s in choices]
        return render(request, "staffing/competition_detail.html", context)


def _with_options(appeals: list[Appeal]) -> list[Appeal]:
    """Each open appeal of a work-post competition with the posts an upheld decision may place her at."""
    open_ = [a for a in appeals if a.status == c.AppealStatus.SUBMITTED]
    options = selectors.appeal_post_options([a.entry for a in open_])
    for a in open_:
        a.options = options[a.entry.pk] if a.entry.competition.kind == c.CompetitionKind.WORK else []
    return appeals


class CompetitionActionView(LoginRequiredMixin, View):
    """The staff's actions on a competition, named by ``action`` in the POST."""

    queryset = Competition.objects.all()

    def post(self, request, pk):
        competition = get_scoped_or_404(self.queryset, request.user, "change", pk=pk)
        action = request.POST.get("action", "")
        user = request.user
        back = reverse("staffing:competition_detail", args=[pk])
        try:
            if action == "schools":
                ids = [int(x) for x in request.POST.getlist("schools") if x.isdigit()]
                schools = School.objects.filter(pk__in=ids)
                services.participation_set(actor=user, competition=competition, schools=schools)
                messages.success(request, _("{n} schools take part.").format(n=len(ids)))
            elif action == "generate_posts":
                n = services.workposts_generate(actor=user, competition=competition)
                services.title_quotas_generate(actor=user, competition=competition)
                messages.success(request, _("{n} work posts set from need.").format(n=n))
                back = reverse("staffing:competition_posts", args=[pk])
            elif action == "scores":
                n = services.scores_compute(actor=user, scheme=competition.scheme)
                messages.success(request, _("{n} scores recomputed.").format(n=n))
            elif action == "enrol":
                n = services.competition_enrol(actor=user, competition=competition)
                messages.success(request, _("{n} teachers entered.").format(n=n))
            elif action == "advance":
                stage = request.POST.get("stage", "")
                if stage not in c.Stage.values:
                    raise Http404
                services.competition_advance(actor=user, competition=competition, stage=stage)
                messages.success(
                    request,
                    _("The competition is now at stage “{stage}”.").format(stage=c.Stage(stage).label),
                )
            elif action == "round":
                number = int(request.POST.get("number") or 0)
                rnd = services.round_run(actor=user, competition=competition, number=number)
                messages.success(
                    request,
                    _("{round} run in {seconds} s.").format(
                        round=rnd.get_number_display(), seconds=f"{rnd.seconds:.3f}"
                    ),
                )
            elif action == "post":
                post = get_scoped_or_404(
                    WorkPost.objects.filter(school_year=competition.school_year), user, "change",
                    pk=request.POST.get("post"),
                )  # fmt: skip
                raw = request.POST.get("posts", "")
                if not raw.strip().isdigit():
                    raise ValidationError(
                        _(
                            "{school} {subject}: enter the number of posts as a whole number, 0 or more."
                        ).format(school=post.school.name, subject=post.subject)
                    )
                services.workpost_set(actor=user, post=post, posts=int(raw))
                messages.success(request, _("Saved."))
                back = reverse("staffing:competition_posts", args=[pk]) + f"?school={post.school_id}"
            elif action == "decide":
                appeal = get_scoped_or_404(
                    Appeal.objects.filter(entry__competition=competition),
                    user,
                    "change",
                    pk=request.POST.get("appeal"),
                )
                status = request.POST.get("status", "")
                if status not in (c.AppealStatus.UPHELD, c.AppealStatus.DISMISSED):
                    raise ValidationError(_("Choose whether the appeal is upheld or dismissed."))
                raw = request.POST.get("post", "")
                post = (
                    WorkPost.objects.filter(school_year=competition.school_year, pk=int(raw)).first()
                    if raw.isdigit()
                    else None
                )
                services.appeal_decide(
                    actor=user,
                    appeal=appeal,
                    status=status,
                    decision=request.POST.get("decision", ""),
                    post=post,
                )
                messages.success(request, _("The appeal is decided."))
                back += "#appeals"
            else:
                raise Http404
        except ValidationError as error:
            _flash(request, error)
        return redirect(back)


class CompetitionPostsView(LoginRequiredMixin, View):
    """工作岗位: the posts of the participating schools, the computed need beside the figure typed."""

    queryset = Competition.objects.all()

    def get(self, request, pk):
        competition = get_scoped_or_404(self.queryset, request.user, "view", pk=pk)
        posts = (
            WorkPost.objects.restrict(request.user, "view")
            .filter(school__in=competition.schools.all(), school_year=competition.school_year)
            .select_related("school")
            .order_by("school__code", "level", "subject")
        )
        school = request.GET.get("school", "")
        if school.isdigit():
            posts = posts.filter(school_id=int(school))
        page = Paginator(posts, PAGE_SIZE).get_page(request.GET.get("page"))
        can_change = Competition.objects.restrict(request.user, "change").filter(pk=pk).exists()
        for p in page.object_list:
            p.gap = p.posts - p.need
        return render(
            request,
            "staffing/posts.html",
            {
                "competition": competition,
                "page_obj": page,
                "posts": page.object_list,
                "can_change": can_change,
                "schools": list(competition.schools.order_by("code")),
                "school": school,
                "quotas": list(publication.title_quotas(competition, user=request.user)),
            },
        )


class CompetitionResultsView(LoginRequiredMixin, View):
    """竞聘结果公示名单: every entry in scope with its result (the .xlsx and the notice read the same rows)."""

    queryset = Competition.objects.all()

    def get(self, request, pk):
        competition = get_scoped_or_404(self.queryset, request.user, "view", pk=pk)
        rows = publication.result_rows(competition, user=request.user)
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        return render(
            request,
            "staffing/results.html",
            {"competition": competition, "page_obj": page, "rows": page.object_list},
        )


class CompetitionResultsXlsxView(LoginRequiredMixin, View):
    queryset = Competition.objects.all()

    def get(self, request, pk):
        competition = get_scoped_or_404(self.queryset, request.user, "export", pk=pk)
        content = workbook_bytes([publication.result_sheet(competition, user=request.user)])
        return attachment(content, f"{competition.name}_结果公示_{clock.stamp()}.xlsx")


class CompetitionNoticeView(LoginRequiredMixin, View):
    queryset = Competition.objects.all()

    def get(self, request, pk):
        competition = get_scoped_or_404(self.queryset, request.user, "export", pk=pk)
        content = publication.notice_docx(competition, user=request.user)
        return attachment(
            content,
            f"{competition.name}_结果公示通知_{clock.stamp()}.docx",
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )


class EstablishmentView(LoginRequiredMixin, View):
    """编制: the county's establishment per 学段 from its enrolment and the norms, and each school's share."""

    def get(self, request):
        if not user_can(request.user, "view", Competition):
            raise Http404
        return render(request, "staffing/establishment.html", publication.establishment(user=request.user))
