"""Class list and page: the latest year by default, 班额 colouring, filters, scope, export."""

import pytest
from django.urls import reverse

from edubureau.registry.testing.factories import SchoolClassFactory, SchoolFactory, TeacherFactory
from edubureau.registry.tests.conftest import enrolled_class, read_xlsx

pytestmark = pytest.mark.django_db

LIST = reverse("registry:class_list")


def _pks(response) -> set[int]:
    return {k.pk for k in response.context["object_list"]}


def test_default_year_is_the_latest_present(login, district, staff):
    old = SchoolClassFactory(school=district.school, school_year="2018-2019")
    new = SchoolClassFactory(school=district.school, school_year="2019-2020")
    client = login(staff)
    response = client.get(LIST)
    assert _pks(response) == {new.pk}
    assert response.context["filter_form"]["school_year"].value() == "2019-2020"
    assert _pks(client.get(LIST, {"school_year": "2018-2019"})) == {old.pk}
    assert _pks(client.get(LIST, {"school_year": ""})) == {old.pk, new.pk}


def test_size_bands_are_coloured(login, district, staff):
    # given classes of 45, 46, 56 and 66 enrolled pupils
    classes = {n: enrolled_class(district.school, n, name=f"{n}人班") for n in (45, 46, 56, 66)}
    # when
    html = login(staff).get(LIST).content.decode()
    # then each row carries the colour of its MoE band
    for n, css in ((45, "size-standard"), (46, "size-large"), (56, "size-big"), (66, "size-huge")):
        assert f'<tr class="{css}" data-pk="{classes[n].pk}"' in html


def test_size_band_filter(login, district, staff):
    classes = {n: enrolled_class(district.school, n) for n in (45, 46, 56, 66)}
    client = login(staff)
    assert _pks(client.get(LIST, {"size_band": "large_class"})) == {classes[56].pk}
    assert _pks(client.get(LIST, {"size_band": "very_large_class"})) == {classes[66].pk}
    assert _pks(client.get(LIST, {"size_band": "standard"})) == {classes[45].pk}
    assert _pks(client.get(LIST, {"size_band": "above_standard"})) == {classes[46].pk}


def test_size_counts_enrolled_pupils_only(login, district, staff):
    k = enrolled_class(district.school, 3)
    enrollment = k.enrollments.first()
    enrollment.status = "transferred_out"
    enrollment.save()
    row = login(staff).get(LIST).context["object_list"][0]
    assert row.size == 2


def test_filters_town_school_level_grade(login, district, staff):
    here = SchoolClassFactory(school=district.school, level="primary", grade=3)
    there = SchoolClassFactory(school=district.other_school, level="junior", grade=1)
    client = login(staff)
    assert _pks(client.get(LIST, {"town": district.town.pk})) == {here.pk}
    assert _pks(client.get(LIST, {"school": district.other_school.pk})) == {there.pk}
    assert _pks(client.get(LIST, {"level": "junior"})) == {there.pk}
    assert _pks(client.get(LIST, {"grade": 3})) == {here.pk}


def test_scope(login, client, district, principal):
    own = SchoolClassFactory(school=district.school)
    other = SchoolClassFactory(school=district.other_school)
    c = login(principal)
    assert _pks(c.get(LIST)) == {own.pk}
    assert c.get(reverse("registry:class_detail", args=[own.pk])).status_code == 200
    assert c.get(reverse("registry:class_detail", args=[other.pk])).status_code == 404
    assert c.get(reverse("registry:class_detail", args=[other.pk]), {"tab": "history"}).status_code == 404
    c.logout()
    for url in (LIST, reverse("registry:class_export"), reverse("registry:class_detail", args=[own.pk])):
        assert client.get(url)["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("count", [3, 30])
def test_list_query_count_does_not_grow(login, district, staff, django_assert_num_queries, count):
    for i in range(count):
        school = district.school if i % 2 else district.other_school
        SchoolClassFactory(school=school, head_teacher=TeacherFactory(school=school))
    client = login(staff)
    # session, user, role assignments, latest year, count, page, choices of town and school, unread messages
    with django_assert_num_queries(9):
        response = client.get(LIST)
    assert len(response.context["object_list"]) == count


def test_class_page_shows_masked_pupils(login, district, principal):
    k = enrolled_class(district.school, 2, head_teacher=TeacherFactory(school=district.school, name="林老师"))
    response = login(principal).get(reverse("registry:class_detail", args=[k.pk]))
    html = response.content.decode()
    assert "林老师" in html
    for enrollment in k.enrollments.select_related("student"):
        assert enrollment.student.id_number_masked in html
        assert enrollment.student.id_number not in html


def test_export(login, district, staff):
    enrolled_class(district.school, 56, name="大班额班")
    SchoolClassFactory(school=SchoolFactory(area=district.other_town), name="小班", school_year="2019-2020")
    response = login(staff).get(
        reverse("registry:class_export"), {"size_band": "large_class"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    rows = read_xlsx(response)
    assert rows[0] == [
        "school year",
        "school",
        "town",
        "level",
        "grade",
        "class",
        "head teacher",
        "size",
        "size band",
    ]
    assert len(rows) == 2
    assert rows[1][0] == "2019-2020" and rows[1][5] == "大班额班" and rows[1][7] == 56
    assert rows[1][8] == "large class (56–65)"
