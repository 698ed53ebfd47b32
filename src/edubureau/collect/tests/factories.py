"""Small collect fixtures: the monthly safety form and the training-record form, assigned to schools."""

import datetime as dt

from edubureau.collect import services

SAFETY = {
    "fields": [
        {
            "key": "lesson_hours",
            "label": "安全教育课时",
            "type": "integer",
            "required": True,
            "min": 0,
            "max": 100,
        },
        {"key": "platform_rate", "label": "安全教育平台完成率", "type": "decimal", "min": 0, "max": 100},
        {"key": "drill_held", "label": "本月开展应急演练", "type": "yesno", "required": True},
        {"key": "hazards_found", "label": "排查发现隐患数", "type": "integer", "min": 0},
        {"key": "topics", "label": "教育主题", "type": "multi", "options": ["防溺水", "交通安全", "消防"]},
        {"key": "note", "label": "备注", "type": "text"},
    ]
}
TRAINING = {
    "fields": [
        {
            "key": "sessions",
            "label": "培训活动",
            "type": "table",
            "row_label": "每场活动一行",
            "columns": [
                {"key": "date", "label": "日期", "type": "date", "required": True},
                {"key": "kind", "label": "类别", "type": "choice", "required": True,
                 "options": ["名师大讲堂", "种子计划", "校本培训"]},
                {"key": "participants", "label": "参加人数", "type": "integer", "min": 1},
            ],
        }
    ]
}  # fmt: skip


def safety_form(county, *, code="safety_monthly"):
    return services.form_create(
        actor=None, county=county, code=code, title="月度安全工作报表", definition=SAFETY
    )


def training_form(county):
    return services.form_create(
        actor=None,
        county=county,
        code="training_record",
        title="教师培训记录",
        definition=TRAINING,
        frequency="term",
    )


def assign(form, period="2019-03", due=dt.date(2019, 3, 31), **kw):
    return services.assignment_create(actor=None, form=form, period=period, due_on=due, **kw)


def url_walk_objects(district) -> dict:
    """(own, other) for the principal's school; forms and assignments are the bureau's: (None, other)."""
    form = safety_form(district.county, code="walk_safety")
    assignment = assign(form, period="2019-04")
    subs = {s.school_id: s for s in assignment.submissions.all()}
    from django.core.files.base import ContentFile

    from edubureau.collect.models import Assignment, Form, Submission, SubmissionFile

    def photo(submission):
        f = SubmissionFile(submission=submission, path="photo", name="演练.png", size=len(PNG), is_image=True)
        f.file.save("walk.png", ContentFile(PNG), save=False)
        f.save()
        return f

    own, other = subs[district.school.pk], subs[district.other_school.pk]
    return {
        Form: (None, form),
        Assignment: (None, assignment),
        Submission: (own, other),
        SubmissionFile: (photo(own), photo(other)),
    }


#: The smallest valid PNG (1 × 1 pixel), for photo fields.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000000500010d0a2db40000000049454e44ae426082"
)
