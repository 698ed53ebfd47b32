"""Issue 8 item 1: nothing a user without view_personal can fetch rebuilds a student's or teacher's ID number.

The attacker (``core.testing.id_rebuild``) knows the region code and the gender, reads every API list and
detail, every page (lists, details, History, class and school pages) and every export, and counts the
numbers that still fit each person. The test fails if any person is left with fewer than 10^5.
"""

import datetime as dt
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from openpyxl import load_workbook

from edubureau.core.models import AuditEntry
from edubureau.core.services import object_update
from edubureau.core.testing import id_rebuild
from edubureau.core.testing.jobs import body_of, job_download
from edubureau.core.views import history_url
from edubureau.registry.models import SchoolClass, Student, Teacher
from edubureau.registry.testing.factories import (
    EnrollmentFactory,
    SchoolClassFactory,
    StudentFactory,
    TeacherFactory,
    make_id_number,
)

pytestmark = pytest.mark.django_db

ENOUGH = 100_000


def _person(factory, school, n: int, birth: dt.date, **kw):
    """A person whose ID number agrees with their birth date and gender (odd sequence for men)."""
    seq = 100 + 2 * n + (1 if n % 2 else 0)
    gender = "M" if seq % 2 else "F"
    return factory(school=school, birth_date=birth, gender=gender, id_number=make_id_number(seq, birth), **kw)


@pytest.fixture
def people(district, staff):
    """12 pupils in a class of each school, 6 teachers in each, and History as old as the first release:
    an edit of the birth date, and an entry holding the former mask (region and last four)."""
    students, teachers = [], []
    for s, school in enumerate((district.school, district.other_school)):
        school_class = SchoolClassFactory(school=school, grade=2)
        for i in range(12):
            n = s * 100 + i
            student = _person(
                StudentFactory, school, n, dt.date(2011, 1, 3) + dt.timedelta(days=29 * n % 360)
            )
            EnrollmentFactory(student=student, school_class=school_class, grade=2)
            students.append(student)
        for i in range(6):
            n = s * 100 + i
            teachers.append(
                _person(TeacherFactory, school, n, dt.date(1980, 2, 1) + dt.timedelta(days=37 * n))
            )
    for person in (students[0], teachers[0]):
        object_update(actor=staff, obj=person, data={"birth_date": person.birth_date + dt.timedelta(days=1)})
        object_update(actor=staff, obj=person, data={"birth_date": person.birth_date - dt.timedelta(days=1)})
        AuditEntry.objects.create(
            action=f"registry.{person._meta.model_name}.create",
            content_type=ContentType.objects.get_for_model(person),
            object_id=str(person.pk),
            object_repr=person.name,
            after={
                "birth_date": person.birth_date.isoformat(),
                "id_number_masked": person.id_number[:6] + "*" * 8 + person.id_number[-4:],
            },
        )
    return {Student: students, Teacher: teachers}


def _xlsx_texts(response) -> list[str]:
    response = job_download(response)
    if response.status_code != 200:
        return []
    sheet = load_workbook(io.BytesIO(body_of(response)), read_only=True).worksheets[0]
    return [str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None]


def _api_all(client, url: str) -> tuple[list[str], list[dict]]:
    texts, rows = [], []
    while url:
        response = client.get(url)
        texts.append(response.content.decode())
        body = response.json() if response.status_code == 200 else {}
        rows += body.get("results", [])
        url = body.get("next")
    return texts, rows


def harvest(client, district) -> tuple[list[str], dict]:
    """Everything the signed-in user can fetch about students and teachers, as text; and which rows the
    API listed (the people the user may see)."""
    texts, visible = [], {}
    for model, api, detail in (
        (Student, "/api/registry/students/", "registry:student_detail"),
        (Teacher, "/api/registry/teachers/", "registry:teacher_detail"),
    ):
        listed, rows = _api_all(client, f"{api}?page_size=500")
        texts += listed
        visible[model] = {row["id"] for row in rows}
        for pk in visible[model]:
            texts.append(client.get(f"{api}{pk}/").content.decode())
            texts.append(client.get(reverse(detail, args=[pk])).content.decode())
            texts.append(client.get(history_url(model(pk=pk))).content.decode())
        texts += _api_all(client, "/api/registry/enrollments/?page_size=500")[0]
    for name in ("student_list", "teacher_list", "class_list"):
        texts.append(client.get(reverse(f"registry:{name}")).content.decode())
    for name in ("student_export", "teacher_export", "class_export"):
        texts += _xlsx_texts(client.get(reverse(f"registry:{name}")))
    texts += _xlsx_texts(client.get(reverse("registry:student_export"), {"id_numbers": "full"}))
    for school in (district.school, district.other_school):
        for tab in ("overview", "classes", "teachers"):
            texts.append(
                client.get(reverse("registry:school_detail", args=[school.pk]), {"tab": tab}).content.decode()
            )
    for pk in SchoolClass.objects.values_list("pk", flat=True):
        texts.append(client.get(reverse("registry:class_detail", args=[pk])).content.decode())
    return texts, visible


def fewest_candidates(texts: list[str], people: dict, visible: dict) -> dict:
    """For each model, the fewest candidate numbers any visible person is left with."""
    blob = "\n".join(texts)
    tokens = id_rebuild.ID_LIKE.findall(blob)
    fewest = {}
    for model, persons in people.items():
        counts = []
        for person in persons:
            if person.pk not in visible[model]:
                continue
            number = person.id_number
            dates = id_rebuild.dates_seen(person.birth_date, [blob])
            masks = id_rebuild.masks_seen(number, tokens)
            counts.append(
                id_rebuild.candidates(number=number, gender=person.gender, dates=dates, masks=masks)
            )
        fewest[model] = (min(counts), len(counts))
    return fewest


@pytest.mark.parametrize("who", ["leader", "staff", "principal"])
def test_nothing_a_user_without_view_personal_fetches_rebuilds_an_id_number(
    request, client, district, people, who
):
    # given a user without the permission for personal data
    user = request.getfixturevalue(who)
    client.force_login(user)

    # when they fetch everything they may
    texts, visible = harvest(client, district)

    # then no student and no teacher they see is left with fewer than 10^5 candidate numbers
    fewest = fewest_candidates(texts, people, visible)
    assert fewest[Student][1] >= 12 and fewest[Teacher][1] >= 6, fewest  # they did see people
    assert fewest[Student][0] >= ENOUGH and fewest[Teacher][0] >= ENOUGH, fewest


def test_the_attacker_sees_what_a_holder_of_view_personal_sees(client, district, people, clerk):
    """The harvest is real: the clerk, who holds view_personal on the own school, is shown full birth dates
    (teachers: 500 candidates left, the sequences of one gender) and may export full ID numbers (pupils: 1)."""
    client.force_login(clerk)
    texts, visible = harvest(client, district)
    fewest = fewest_candidates(texts, people, visible)
    assert fewest[Student] == (1, 12) and fewest[Teacher] == (500, 6)
