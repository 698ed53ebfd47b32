"""Every registry route: in scope answers, out of scope is 404 like a missing row, anonymous is refused."""

import pytest

from edubureau.registry.api.tests.routes import BY_NAME, PRINCIPAL_ROUTES, ROUTES

pytestmark = pytest.mark.django_db

route_param = pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
principal_route_param = pytest.mark.parametrize("route", PRINCIPAL_ROUTES, ids=lambda r: r.name)


def _ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


@route_param
def test_staff_lists_and_reads_rows_of_their_county_only(api, staff, home, abroad, route):
    # given
    mine, foreign = route.make(home), route.make(abroad)
    api.force_login(staff)

    # when
    listing = api.get(route.list_url())
    detail = api.get(route.detail_url(mine.pk))
    out_of_scope = api.get(route.detail_url(foreign.pk))

    # then
    assert listing.status_code == 200
    assert mine.pk in _ids(listing)
    assert foreign.pk not in _ids(listing)
    assert detail.status_code == 200
    assert detail.json()["id"] == mine.pk
    assert out_of_scope.status_code == 404


@route_param
def test_out_of_scope_and_missing_rows_answer_alike(api, staff, abroad, route):
    foreign = route.make(abroad)
    api.force_login(staff)

    out_of_scope = api.get(route.detail_url(foreign.pk))
    missing = api.get(route.detail_url(999_999))

    assert out_of_scope.status_code == missing.status_code == 404
    assert out_of_scope.json() == missing.json()


@principal_route_param
def test_principal_reads_own_school_only(api, principal, home, neighbour, route):
    mine, theirs = route.make(home), route.make(neighbour)
    api.force_login(principal)

    listing = api.get(route.list_url())

    assert _ids(listing) == {mine.pk}
    assert api.get(route.detail_url(mine.pk)).status_code == 200
    assert api.get(route.detail_url(theirs.pk)).status_code == 404
    assert api.patch(route.detail_url(theirs.pk), route.change, format="json").status_code == 404


@pytest.mark.parametrize("name", ["areas", "departments", "population"])
def test_principal_holds_no_area_wide_tables(api, principal, home, name):
    route = BY_NAME[name]
    row = route.make(home)
    api.force_login(principal)

    assert api.get(route.list_url()).status_code == 403
    assert api.get(route.detail_url(row.pk)).status_code == 403


@route_param
def test_anonymous_is_refused(api, home, route):
    row = route.make(home)

    responses = [
        api.get(route.list_url()),
        api.get(route.detail_url(row.pk)),
        api.post(route.list_url(), route.payload(home), format="json"),
        api.patch(route.detail_url(row.pk), route.change, format="json"),
    ]

    for response in responses:
        assert response.status_code in (401, 403)
        assert "results" not in response.json()
        assert "id" not in response.json()


@route_param
def test_leader_reads_everything_and_writes_nothing(api, leader, home, route):
    """Bureau leaders are read-only: a write is refused with 403 whatever the row (it tells nothing)."""
    row = route.make(home)
    model = type(row)
    count = model.objects.count()
    api.force_login(leader)

    assert api.get(route.detail_url(row.pk)).status_code == 200
    assert api.post(route.list_url(), route.payload(home), format="json").status_code == 403
    assert api.patch(route.detail_url(row.pk), route.change, format="json").status_code == 403
    assert api.put(route.detail_url(row.pk), route.change, format="json").status_code == 403
    assert model.objects.count() == count


@route_param
def test_nothing_is_hard_deleted(api, sysadmin, staff, home, route):
    """Every registry row may have fed a report: DELETE is not offered, even to the system administrator."""
    row = route.make(home)

    for user in (sysadmin, staff):
        api.force_login(user)
        assert api.delete(route.detail_url(row.pk)).status_code == 405
    api.logout()
    assert api.delete(route.detail_url(row.pk)).status_code in (401, 403)
    assert type(row).objects.filter(pk=row.pk).exists()


def test_town_staff_sees_their_town_only(api, town_staff, home, neighbour):
    route = BY_NAME["students"]
    mine, theirs = route.make(home), route.make(neighbour)
    api.force_login(town_staff)

    assert _ids(api.get(route.list_url())) == {mine.pk}
    assert api.get(route.detail_url(theirs.pk)).status_code == 404
