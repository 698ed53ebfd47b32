"""Hooks through which apps of the same layer add to a task without planning importing them.

* **Light rules.** ``register_light_rule(rule)``: ``rule(tasks, today)`` returns ``{task id: light}`` for
  the tasks whose light its facts decide (the projects app: a task bound to capital projects is yellow
  while a project's next milestone is late, red when it is two months late). The task's own schedule
  light (``schedule.task_light``) and every rule's light are combined by ``worst``: one place decides.
* **Task panels.** ``register_task_panel(panel)``: ``panel(task=…, user=…)`` returns ``None`` or a dict
  with ``template`` and the context it needs; the task page includes each under the task's facts.

Apps register in their ``AppConfig.ready``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from edubureau.planning.schedule import GREEN, GREY, RED, YELLOW

LightRule = Callable[[Sequence, dt.date], dict[int, str]]
TaskPanel = Callable[..., dict | None]

_LIGHT_RULES: list[LightRule] = []
_TASK_PANELS: list[TaskPanel] = []
_RANK = {GREY: -1, GREEN: 0, YELLOW: 1, RED: 2}


def register_light_rule(rule: LightRule) -> None:
    if rule not in _LIGHT_RULES:
        _LIGHT_RULES.append(rule)


def register_task_panel(panel: TaskPanel) -> None:
    if panel not in _TASK_PANELS:
        _TASK_PANELS.append(panel)


def worst(*lights: str | None) -> str:
    """The most serious of the lights given (red > yellow > green); None is ignored."""
    given = [light for light in lights if light is not None]
    return max(given, key=lambda light: _RANK[light]) if given else GREEN


def rule_lights(tasks: Sequence, today: dt.date) -> dict[int, str]:
    """{task id: the worst light the registered rules give it}, for the tasks any rule speaks about."""
    out: dict[int, str] = {}
    if not tasks:
        return out
    for rule in _LIGHT_RULES:
        for task_id, light in rule(tasks, today).items():
            out[task_id] = worst(out.get(task_id), light)
    return out


def task_panels(*, task, user) -> list[dict]:
    return [p for p in (panel(task=task, user=user) for panel in _TASK_PANELS) if p]
