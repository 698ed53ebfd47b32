"""Every list's filter form starts blank: an unfiltered page never narrows the rows by itself."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LISTS = ["school_list", "class_list", "teacher_list", "student_list", "area_list", "department_list"]
DEFAULTED = {"school_year"}  # filled with the latest year present, on purpose


@pytest.mark.parametrize("name", LISTS)
def test_choice_filters_offer_a_blank_first(login, district, staff, name):
    response = login(staff).get(reverse(f"registry:{name}"))
    assert response.status_code == 200
    form = response.context["filter_form"]
    for field_name, bound in ((n, form[n]) for n in form.fields):
        if field_name in DEFAULTED:
            continue
        choices = getattr(bound.field.widget, "choices", None)
        if choices is not None:
            assert list(choices)[0][0] in ("", "unknown"), field_name
            assert bound.value() in (None, "", "unknown"), field_name


@pytest.mark.parametrize("name", LISTS)
def test_lists_need_login(client, district, name):
    for url in (reverse(f"registry:{name}"), reverse(f"registry:{name.replace('_list', '_export')}")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_areas_and_departments_in_scope(login, district, staff, principal):
    from edubureau.registry.testing.factories import DepartmentFactory

    DepartmentFactory(name="督导室")
    staff_client = login(staff)
    areas = {a.pk for a in staff_client.get(reverse("registry:area_list")).context["object_list"]}
    assert areas == {district.county.pk, district.town.pk, district.other_town.pk}
    departments = staff_client.get(reverse("registry:department_list")).context["object_list"]
    assert [d.name for d in departments] == ["督导室"]
    # a principal holds no grant on areas or departments: empty lists, and no export
    principal_client = login(principal)
    assert list(principal_client.get(reverse("registry:area_list")).context["object_list"]) == []
    assert principal_client.get(reverse("registry:department_export")).status_code == 404
