"""Numbers in query strings too large for the database, or not integers, answer 400 (API) or are
ignored with a message (pages); never 500."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

BAD_NUMBERS = ["1e20", "99999999999999999999", "1.5"]

API_FILTERS = [
    ("/api/registry/areas/", "parent"),
    ("/api/registry/areas/", "within"),
    ("/api/registry/departments/", "county"),
    ("/api/registry/schools/", "town"),
    ("/api/registry/schools/", "county"),
    ("/api/registry/classes/", "school"),
    ("/api/registry/classes/", "grade"),
    ("/api/registry/classes/", "head_teacher"),
    ("/api/registry/teachers/", "town"),
    ("/api/registry/students/", "school"),
    ("/api/registry/enrollments/", "school_class"),
    ("/api/registry/enrollments/", "grade"),
    ("/api/registry/population/", "age_min"),
    ("/api/registry/population/", "year"),
    ("/api/registry/finance/", "school"),
    ("/api/registry/finance/", "year"),
    ("/api/planning/plans/", "year"),
    ("/api/planning/tasks/", "plan"),
    ("/api/planning/tasks/", "department"),
    ("/api/planning/targets/", "task"),
    ("/api/planning/reports/", "plan"),
]
PAGE_FILTERS = [
    ("/registry/schools/", "town"),
    ("/registry/classes/", "school"),
    ("/registry/classes/", "town"),
    ("/registry/teachers/", "school"),
    ("/registry/students/", "town"),
    ("/plan/tasks/", "plan"),
    ("/plan/tasks/", "department"),
    ("/plan/", "year"),
]


@pytest.mark.parametrize("value", BAD_NUMBERS)
@pytest.mark.parametrize(("url", "name"), API_FILTERS, ids=lambda x: x)
def test_api_filter_with_a_number_out_of_range_is_a_400(sysadmin, url, name, value):
    api = APIClient()
    api.force_login(sysadmin)

    response = api.get(url, {name: value})

    assert response.status_code == 400, (response.status_code, response.content[:300])
    assert name in response.json()


@pytest.mark.parametrize("value", ["1e20", "99999999999999999999"])
@pytest.mark.parametrize(("url", "name"), PAGE_FILTERS, ids=lambda x: x)
def test_page_filter_with_a_number_out_of_range_is_ignored_with_a_message(client, sysadmin, url, name, value):
    client.force_login(sysadmin)

    response = client.get(url, {name: value})

    assert response.status_code == 200
    assert response.context["filterset"].errors[name]
    assert 'class="invalid-feedback d-block"' in response.content.decode()


@pytest.mark.parametrize("param", ["page", "page_size"])
def test_paging_with_a_huge_number_is_not_a_500(sysadmin, param):
    api = APIClient()
    api.force_login(sysadmin)

    response = api.get("/api/registry/schools/", {param: "99999999999999999999"})

    assert response.status_code in (200, 404)


@pytest.mark.parametrize(
    "url", ["/api/registry/classes/", "/api/planning/tasks/", "/api/supervision/visits/"]
)
def test_detail_with_a_huge_id_is_a_404(sysadmin, url):
    api = APIClient()
    api.force_login(sysadmin)

    assert api.get(f"{url}99999999999999999999/").status_code == 404
    assert api.get(f"{url}1e20/").status_code == 404
