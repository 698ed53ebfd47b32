"""Report downloads. Each view fetches its object through ``get_scoped_or_404`` (out of scope answers 404
like missing; anonymous users are sent to log in), asks a builder for the document and returns the file
under its Chinese title (``core.export.attachment`` writes the RFC 6266 name)."""

from __future__ import annotations

import re

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.views import View

from edubureau.core import clock
from edubureau.core.documents import render_docx
from edubureau.core.export import attachment
from edubureau.core.scoping import get_scoped_or_404, user_can
from edubureau.planning.models import Plan
from edubureau.projects.models import CapitalProject
from edubureau.registry.models import Area
from edubureau.reports import builders

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx_response(document, name: str):
    return attachment(render_docx(document), f"{name.replace('/', '-')}.docx", DOCX)


class _PlanReportView(LoginRequiredMixin, View):
    queryset = Plan.objects.select_related("county", "supervising_department")

    def get_plan(self, pk) -> Plan:
        return get_scoped_or_404(self.queryset, self.request.user, "view", pk=pk)


class PlanBulletinView(_PlanReportView):
    """The monthly 通报 of a plan, .docx. ``?month=2019-06``; without it, the month being reported on.
    A month outside the plan's year, before the plan or not yet begun is 404: there is no such 通报."""

    def get(self, request, pk):
        plan = self.get_plan(pk)
        today = clock.today()
        month = builders.bulletin_month(plan, request.GET.get("month"), today=today)
        if month is None:
            raise Http404
        data = builders.plan_bulletin_data(
            plan=plan, user=request.user, year=month[0], month=month[1], today=today
        )
        return _docx_response(builders.plan_bulletin_document(data), builders.bulletin_title(data))


class PlanSummaryView(_PlanReportView):
    """The year-end report on a plan (完成情况的报告), .docx."""

    def get(self, request, pk):
        plan = self.get_plan(pk)
        data = builders.plan_summary_data(plan=plan, user=request.user, today=clock.today())
        return _docx_response(builders.plan_summary_document(data), builders.summary_title(data))


class ProjectsBulletinView(LoginRequiredMixin, View):
    """The monthly 项目推进情况通报 of the capital projects the user may see, .docx. ``?month=2019-06`` (the
    current month by default; a month not yet begun is 404); ``?county=`` the county's code where the user
    sees more than one county."""

    def get(self, request):
        if not user_can(request.user, "view", CapitalProject):
            raise Http404
        today = clock.today()
        match = re.fullmatch(r"(\d{4})-(\d{1,2})", request.GET.get("month", "").strip())
        year, month = (int(match[1]), int(match[2])) if match else (today.year, today.month)
        if not 1 <= month <= 12 or (year, month) > (today.year, today.month) or year < 2000:
            raise Http404
        counties = Area.objects.filter(
            pk__in=CapitalProject.objects.restrict(request.user, "view").values("county_id")
        ).order_by("code")
        code = request.GET.get("county")
        county = (counties.filter(code=code) if code else counties).first()
        if county is None:
            raise Http404
        data = builders.projects_bulletin_data(
            user=request.user, county=county, year=year, month=month, today=today
        )
        return _docx_response(
            builders.projects_bulletin_document(data), builders.projects_bulletin_title(data)
        )
