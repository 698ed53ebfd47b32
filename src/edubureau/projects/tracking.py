"""How capital projects speak to the work plan: the light of the tasks bound to them, and the earmarked
sums the plan's tasks name.

* **Light** (plan task 20: 加快建设…力争年底交付使用). A task with a target bound to a project indicator
  (``selectors.INDICATOR_CODES``) follows its county's undelivered projects: yellow while any project's
  next milestone (the earliest one not done) is past due, red once it is ``RED_AFTER_DAYS`` (two months)
  late. Registered with ``planning.extensions``; planning combines it with the task's own light.
* **Earmarks** (task 12: 投入150万元…；投入10万元…；投入20万元…). ``find_earmarks`` reads the sums out of a
  task's text; ``services.earmarks_from_plan`` keeps them as the task's budget lines.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from edubureau.planning.schedule import GREEN, RED, YELLOW

#: Days a project's next milestone may be late before the task's light turns red (two months).
RED_AFTER_DAYS = 60


def milestone_light(late_days: int) -> str:
    """The light a project's next milestone gives: green on time, yellow late, red two months late."""
    if late_days >= RED_AFTER_DAYS:
        return RED
    if late_days > 0:
        return YELLOW
    return GREEN


def task_lights(tasks: Sequence, today: dt.date) -> dict[int, str]:
    """The light rule registered with planning: two queries whatever the number of tasks and projects."""
    from edubureau.planning.models import Target
    from edubureau.projects.choices import Stage
    from edubureau.projects.models import ProjectMilestone
    from edubureau.projects.selectors import INDICATOR_CODES

    bound = set(
        Target.objects.filter(task__in=[t.pk for t in tasks], indicator_code__in=INDICATOR_CODES)
        .values_list("task_id", "task__county_id")
        .distinct()
    )
    if not bound:
        return {}
    next_due: dict[int, tuple[int, dt.date]] = {}
    for county_id, project_id, due in (
        ProjectMilestone.objects.filter(project__county_id__in={c for _, c in bound}, done_on__isnull=True)
        .exclude(project__stage=Stage.DELIVERED)
        .values_list("project__county_id", "project_id", "due_on")
    ):
        if project_id not in next_due or due < next_due[project_id][1]:
            next_due[project_id] = (county_id, due)
    late: dict[int, int] = {}
    for county_id, due in next_due.values():
        late[county_id] = max(late.get(county_id, 0), (today - due).days)
    return {task_id: milestone_light(late.get(county_id, 0)) for task_id, county_id in bound}


# --- earmarked sums in a task's text -------------------------------------------------------------------

_EARMARK = re.compile(r"(?:投入|安排|下达|落实)(?:资金)?(\d+(?:\.\d+)?)万元([^；;。]*)")
_LEAD_PUNCT = "，,、：: "


@dataclass(frozen=True)
class Earmark:
    amount: Decimal  # 万元
    purpose: str
    source_text: str


def find_earmarks(text: str) -> list[Earmark]:
    """The sums a task's text earmarks in 万元 (“投入150万元支持…建设”), each with what it is for.

    Sums in 亿元 are the capital projects' investments (task 20), kept by the projects themselves."""
    out = []
    for match in _EARMARK.finditer(text or ""):
        purpose = match.group(2).strip(_LEAD_PUNCT).split("，")[0].strip()[:200]
        out.append(
            Earmark(
                amount=Decimal(match.group(1)),
                purpose=purpose or match.group(0)[:200],
                source_text=match.group(0)[:300],
            )
        )
    return out
