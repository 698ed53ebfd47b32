"""factory_boy factories of the work-plan models (a plan with tasks led by departments)."""

import datetime as dt

import factory
from django.core.files.base import ContentFile

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
from edubureau.registry import choices as c
from edubureau.registry.models import Area
from edubureau.registry.testing.factories import DepartmentFactory


def _county():
    return Area.objects.get_or_create(code="350505", defaults={"name": "泉港区", "kind": c.AreaKind.COUNTY})[
        0
    ]


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    county = factory.LazyFunction(_county)
    year = 2019
    title = factory.Sequence(lambda n: f"2019年测试工作要点{n}")
    doc_number = factory.Sequence(lambda n: f"泉港教综〔2019〕{n + 1}号")
    issued_on = dt.date(2019, 3, 28)


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task
        skip_postgeneration_save = True

    plan = factory.SubFactory(PlanFactory)
    county = factory.LazyAttribute(lambda o: o.plan.county)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"测试任务{n}")
    body = "加强测试工作。"
    start = dt.date(2019, 3, 28)
    due = dt.date(2019, 12, 31)
    original_due = factory.LazyAttribute(lambda o: o.due)

    @factory.post_generation
    def lead_units(self, create, extracted, **kwargs):
        if create:
            self.lead_units.set(
                extracted if extracted is not None else [DepartmentFactory(county=self.county)]
            )


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    task = factory.SubFactory(TaskFactory)
    plan = factory.LazyAttribute(lambda o: o.task.plan)
    indicator = "测试指标"
    comparator = ">="
    value = 100
    unit = "%"


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    task = factory.SubFactory(TaskFactory)
    title = "节点"
    due = dt.date(2019, 6, 30)


def url_walk_objects(county) -> dict:
    """One row of each planning model that a route names, in ``county`` (for the project's URL walk:
    ``world.update({m: (None, o) for m, o in url_walk_objects(other_county).items()})``)."""
    task = TaskFactory(plan__county=county)
    milestone = MilestoneFactory(task=task)
    target = TargetFactory(task=task)
    report = ProgressReport.objects.create(task=task, period="2019-04", text="进展")
    evidence = Evidence(report=report, name="a.pdf", size=3)
    evidence.file.save("a.pdf", ContentFile(b"pdf"), save=True)
    extension = ExtensionRequest.objects.create(
        task=task, reason="x", current_due=task.due, new_due=task.due + dt.timedelta(days=30)
    )
    notice = UrgeNotice.objects.create(
        plan=task.plan,
        county=task.county,
        task=task,
        year=2019,
        number=1,
        level=1,
        reason="x",
        issued_on=task.start,
        respond_by=task.due,
    )
    return {
        Plan: task.plan,
        Task: task,
        Target: target,
        Milestone: milestone,
        ProgressReport: report,
        Evidence: evidence,
        ExtensionRequest: extension,
        UrgeNotice: notice,
    }
