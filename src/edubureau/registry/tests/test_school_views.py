"""School list, page, edit and export: scope, counts, filters, query counts, history."""

import pytest
from django.urls import reverse

from edubureau.core.audit import history
from edubureau.core.services import object_update
from edubureau.registry.models import School
from edubureau.registry.testing.factories import (
    EnrollmentFactory,
    SchoolClassFactory,
    SchoolFactory,
    StudentFactory,
    TeacherFactory,
)
from edubureau.registry.tests.conftest import read_xlsx

pytestmark = pytest.mark.django_db

LIST = reverse("registry:school_list")


def _row_pks(response) -> set[int]:
    return {s.pk for s in response.context["object_list"]}


# --- scope ---------------------------------------------------------------------------------------------


def test_list_in_scope(login, district, staff, principal):
    assert _row_pks(login(staff).get(LIST)) == {district.school.pk, district.other_school.pk}
    response = login(principal).get(LIST)
    assert _row_pks(response) == {district.school.pk}
    assert district.other_school.name not in response.content.decode()


def test_anonymous_is_sent_to_login(client, district):
    for url in (
        LIST,
        reverse("registry:school_export"),
        reverse("registry:school_detail", args=[district.school.pk]),
        reverse("registry:school_update", args=[district.school.pk]),
        reverse("registry:school_create"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_detail_out_of_scope_is_404_like_missing(login, district, principal):
    client = login(principal)
    assert client.get(reverse("registry:school_detail", args=[district.school.pk])).status_code == 200
    assert client.get(reverse("registry:school_detail", args=[district.other_school.pk])).status_code == 404
    assert client.get(reverse("registry:school_detail", args=[999999])).status_code == 404
    for tab in ("classes", "teachers", "headcounts", "history"):
        url = reverse("registry:school_detail", args=[district.other_school.pk]) + f"?tab={tab}"
        assert client.get(url).status_code == 404


# --- counts and filters --------------------------------------------------------------------------------


def test_counts_are_for_the_latest_year(login, district, staff):
    # given two classes this year and one last year, 3 enrolled pupils and one transferred out, 2 teachers
    this_year = SchoolClassFactory(school=district.school, school_year="2019-2020")
    SchoolClassFactory(school=district.school, school_year="2019-2020")
    SchoolClassFactory(school=district.school, school_year="2018-2019")
    for _ in range(3):
        EnrollmentFactory(student=StudentFactory(school=district.school), school_class=this_year)
    EnrollmentFactory(student=StudentFactory(school=district.school), status="transferred_out")
    EnrollmentFactory(student=StudentFactory(school=district.school), school_year="2018-2019")
    TeacherFactory.create_batch(2, school=district.school)
    # when
    response = login(staff).get(LIST)
    # then
    row = next(s for s in response.context["object_list"] if s.pk == district.school.pk)
    assert (row.class_count, row.student_count, row.teacher_count) == (2, 3, 2)
    assert response.context["school_year"] == "2019-2020"
    other = next(s for s in response.context["object_list"] if s.pk == district.other_school.pk)
    assert (other.class_count, other.student_count, other.teacher_count) == (0, 0, 0)


def test_filters(login, district, staff):
    kindergarten = SchoolFactory(
        area=district.town, name="山腰幼儿园", kind="kindergarten", ownership="private"
    )
    client = login(staff)
    assert _row_pks(client.get(LIST, {"town": district.other_town.pk})) == {district.other_school.pk}
    assert _row_pks(client.get(LIST, {"kind": "kindergarten"})) == {kindergarten.pk}
    assert _row_pks(client.get(LIST, {"ownership": "private"})) == {kindergarten.pk}
    assert _row_pks(client.get(LIST, {"q": "南埔"})) == {district.other_school.pk}
    assert _row_pks(client.get(LIST, {"q": district.school.code})) == {district.school.pk}


def test_town_choices_are_those_in_scope(login, district, principal):
    response = login(principal).get(LIST)
    towns = list(response.context["filter_form"].fields["town"].queryset)
    assert towns == [district.town]


def _schools_with_data(district, n):
    for i in range(n):
        school = SchoolFactory(area=district.town if i % 2 else district.other_town)
        k = SchoolClassFactory(school=school)
        EnrollmentFactory(student=StudentFactory(school=school), school_class=k)
        TeacherFactory(school=school)


@pytest.mark.parametrize("schools", [3, 30])
def test_list_query_count_does_not_grow(login, district, staff, django_assert_num_queries, schools):
    # given `schools` schools, each with a class, a pupil and a teacher
    _schools_with_data(district, schools)
    client = login(staff)
    # when / then: session, user, latest year, role assignments, count, page, "may add?", town choices,
    # the header's unread-message count
    with django_assert_num_queries(9):
        response = client.get(LIST)
    assert len(response.context["object_list"]) == schools + 2


def test_pagination_50(login, district, staff):
    SchoolFactory.create_batch(53, area=district.town)
    client = login(staff)
    assert len(client.get(LIST).context["object_list"]) == 50
    assert len(client.get(LIST, {"page": 2}).context["object_list"]) == 5


# --- export --------------------------------------------------------------------------------------------


def test_export_follows_filters_and_scope(login, district, staff, principal):
    response = login(staff).get(
        reverse("registry:school_export"), {"town": district.town.pk}, HTTP_ACCEPT_LANGUAGE="en"
    )
    rows = read_xlsx(response)
    assert rows[0][:3] == ["school code", "name", "kind"]
    assert rows[0][6:9] == ["classes", "students enrolled", "teachers"]
    assert [r[1] for r in rows[1:]] == [district.school.name]
    rows = read_xlsx(login(principal).get(reverse("registry:school_export")))
    assert [r[0] for r in rows[1:]] == [district.school.code]


def test_export_needs_the_export_grant(login, district, teacher_user):
    client = login(teacher_user)
    assert client.get(LIST).status_code == 200
    assert client.get(reverse("registry:school_export")).status_code == 404


# --- the school page -----------------------------------------------------------------------------------


def test_overview_shows_per_student_facilities(login, district, staff):
    k = SchoolClassFactory(school=district.school)
    for _ in range(4):
        EnrollmentFactory(student=StudentFactory(school=district.school), school_class=k)
    response = login(staff).get(reverse("registry:school_detail", args=[district.school.pk]))
    facilities = {row["key"]: row for row in response.context["facilities"]}
    assert response.context["enrolled"] == 4
    assert str(facilities["teaching_floor_area"]["per"]) == "1250.00"  # 5000 m² / 4
    assert str(facilities["computers"]["per"]) == "2500.00"  # 100 computers per 4 pupils → per hundred


def test_headcounts_by_level_grade_and_year(login, district, staff):
    for year, grade in (("2018-2019", 1), ("2019-2020", 2), ("2019-2020", 2), ("2019-2020", 1)):
        EnrollmentFactory(student=StudentFactory(school=district.school), school_year=year, grade=grade)
    response = login(staff).get(
        reverse("registry:school_detail", args=[district.school.pk]), {"tab": "headcounts"}
    )
    table = response.context["headcounts"]
    assert table["years"] == ["2018-2019", "2019-2020"]
    assert [(r["grade"], r["counts"]) for r in table["rows"]] == [("一年级", [1, 1]), ("二年级", [None, 2])]
    assert table["totals"] == [1, 3]


def test_tabs_hidden_without_the_grant(login, district, teacher_user, staff):
    codes = [
        c
        for c, _ in login(teacher_user)
        .get(reverse("registry:school_detail", args=[district.school.pk]))
        .context["tabs"]
    ]
    assert codes == ["overview", "headcounts", "history"]
    codes = [
        c
        for c, _ in login(staff)
        .get(reverse("registry:school_detail", args=[district.school.pk]))
        .context["tabs"]
    ]
    assert codes == ["overview", "classes", "teachers", "headcounts", "history"]


def test_history_tab_shows_a_change_made_through_object_update(login, district, staff):
    # given a change made through the audited generic service
    object_update(actor=staff, obj=district.school, data={"name": "泉港一中附属小学", "capacity": 1200})
    # when
    response = login(staff).get(
        reverse("registry:school_detail", args=[district.school.pk]), {"tab": "history"}
    )
    # then: who, the action, and each field before → after, by its label
    html = response.content.decode()
    assert 'data-action="registry.school.update"' in html
    assert "staff" in html
    assert "泉港一中附小" in html and "泉港一中附属小学" in html
    changes = {c["field"]: (c["before"], c["after"]) for c in response.context["history"].rows[0]["changes"]}
    assert changes[str(School._meta.get_field("capacity").verbose_name)] == ("1000", "1200")


# --- edit and create -----------------------------------------------------------------------------------


def _form_data(school, **changes):
    data = {
        "code": school.code, "name": school.name, "kind": school.kind, "ownership": school.ownership,
        "affordable": school.affordable, "area": school.area_id, "locality": school.locality,
        "address": school.address, "capacity": school.capacity, "teaching_floor_area": school.teaching_floor_area,
        "sports_area": school.sports_area, "equipment_value": school.equipment_value,
        "multimedia_rooms": school.multimedia_rooms, "books": school.books, "computers": school.computers,
        "is_active": "on",
    }  # fmt: skip
    data.update(changes)
    return data


def test_staff_edits_a_school_and_it_is_audited(login, district, staff):
    url = reverse("registry:school_update", args=[district.school.pk])
    client = login(staff)
    assert client.get(url).status_code == 200
    response = client.post(url, _form_data(district.school, name="山腰中心小学", area=district.other_town.pk))
    assert response.status_code == 302
    school = School.objects.get(pk=district.school.pk)
    assert (school.name, school.area, school.county) == ("山腰中心小学", district.other_town, district.county)
    entry = history(school).first()
    assert entry.action == "registry.school.update" and entry.actor == staff
    assert entry.before["name"] == "泉港一中附小" and entry.after["name"] == "山腰中心小学"
    # only what changed is recorded: decimals typed as "5000" are the stored "5000.0"
    assert {name for name, _, _ in entry.changes()} == {"name", "area"}
    # and the History tab names the towns, not their ids
    page = client.get(
        reverse("registry:school_detail", args=[school.pk]), {"tab": "history"}
    ).content.decode()
    assert "山腰街道" in page and "南埔镇" in page


def test_principal_edits_own_school_but_not_its_town(login, district, principal):
    client = login(principal)
    url = reverse("registry:school_update", args=[district.school.pk])
    response = client.post(url, _form_data(district.school, capacity=1500, area=district.other_town.pk))
    assert response.status_code == 302
    school = School.objects.get(pk=district.school.pk)
    assert (school.capacity, school.area) == (1500, district.town)
    assert client.get(reverse("registry:school_update", args=[district.other_school.pk])).status_code == 404
    assert client.get(reverse("registry:school_create")).status_code == 404


def test_town_staff_cannot_move_a_school_out_of_their_town(login, district, town_staff):
    url = reverse("registry:school_update", args=[district.school.pk])
    response = login(town_staff).post(url, _form_data(district.school, area=district.other_town.pk))
    assert response.status_code == 200
    assert "area" in response.context["form"].errors
    assert School.objects.get(pk=district.school.pk).area == district.town


def test_leader_may_not_edit(login, district, leader):
    client = login(leader)
    assert client.get(reverse("registry:school_update", args=[district.school.pk])).status_code == 404
    assert client.get(reverse("registry:school_create")).status_code == 404
    page = client.get(reverse("registry:school_detail", args=[district.school.pk])).content.decode()
    assert reverse("registry:school_update", args=[district.school.pk]) not in page


def test_staff_creates_a_school(login, district, staff):
    template = SchoolFactory.build(area=district.town)
    response = login(staff).post(
        reverse("registry:school_create"), _form_data(template, code="3135099999", name="新建学校")
    )
    assert response.status_code == 302
    school = School.objects.get(code="3135099999")
    assert school.county == district.county
    assert history(school).first().action == "registry.school.create"


def test_bad_input_names_the_field(login, district, staff):
    url = reverse("registry:school_update", args=[district.school.pk])
    response = login(staff).post(url, _form_data(district.school, affordable="public"))
    assert response.status_code == 200
    assert "affordable" in response.context["form"].errors


def test_edit_page_refuses_a_form_read_before_someone_else_saved(login, district, staff):
    # given: the form carries the version it was read at, then someone else saves the school
    url = reverse("registry:school_update", args=[district.school.pk])
    client = login(staff)
    form = client.get(url).context["form"]
    assert form["version"].value() == 1
    object_update(actor=staff, obj=district.school, data={"books": 4321})

    # when: the form is sent with the version it was read at
    response = client.post(url, _form_data(district.school, name="山腰中心小学", version=1))

    # then: nothing is written and the person is told to reload
    assert response.status_code == 200
    assert "此记录已被他人修改，请刷新后重试。" in response.content.decode()
    school = School.objects.get(pk=district.school.pk)
    assert (school.name, school.books, school.version) == ("泉港一中附小", 4321, 2)
    # a form read at the current version saves
    response = client.post(url, _form_data(school, name="山腰中心小学", version=2))
    assert response.status_code == 302
    assert School.objects.get(pk=school.pk).name == "山腰中心小学"


def test_table_cells_carry_their_units_and_separators(login, district, staff):
    # given a school of 4 pupils in one class, with 2,000,000 元 of equipment
    k = SchoolClassFactory(school=district.school)
    for _ in range(4):
        EnrollmentFactory(student=StudentFactory(school=district.school), school_class=k)
    client = login(staff)
    # the list: classes 个, pupils 人, teachers 人
    html = client.get(LIST, {"q": district.school.name}).content.decode()
    assert 'data-col="classes">1个<' in html and 'data-col="students">4人<' in html
    assert 'data-col="teachers">0人<' in html
    # the school page: totals with their unit and separators, per-student figures always with 2 decimals
    html = client.get(reverse("registry:school_detail", args=[district.school.pk])).content.decode()
    assert "2,000,000元" in html and "5,000m²" in html and "1,250.00 " in html and "500,000.00 " in html
    assert 'data-testid="enrolled">4人<' in html
    # the class table and the class page: the size in 人
    html = client.get(reverse("registry:school_detail", args=[district.school.pk]), {"tab": "classes"})
    assert 'data-col="size">4人' in html.content.decode()
    # the areas: schools 所
    html = client.get(reverse("registry:area_list")).content.decode()
    assert "1所<" in html
