"""Lists make a fixed number of queries whatever their length (no query per row)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from edubureau.registry.api.tests.routes import ROUTES
from edubureau.registry.testing.factories import FinanceRecordFactory, PopulationFactory, SchoolFactory

pytestmark = pytest.mark.django_db

# session, user, role assignments (the scope), count, page: the same for every list.
LIST_QUERIES = 5


# Rows that a place holds one of (its school, one population cell, one finance line a year) are made
# fresh here for each row.
_MORE = {
    "schools": lambda p, i: SchoolFactory(area=p.town),
    "population": lambda p, i: PopulationFactory(area=p.town, age=i),
    "finance": lambda p, i: FinanceRecordFactory(area=p.town, year=1990 + i),
}


def _list_queries(api, route, page_size: int) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = api.get(route.list_url(), {"page_size": page_size})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_list_query_count_does_not_grow_with_rows(api, staff, home, neighbour, route):
    api.force_login(staff)
    make = _MORE.get(route.name, lambda p, i: route.make(p))
    places = [home, neighbour]
    for i in range(3):
        make(places[i % 2], i)

    few = _list_queries(api, route, 50)
    for i in range(3, 30):
        make(places[i % 2], i)
    many = _list_queries(api, route, 50)

    assert few == many == LIST_QUERIES
    assert api.get(route.list_url()).json()["count"] >= 30
