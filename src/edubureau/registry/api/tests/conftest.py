import pytest
from rest_framework.test import APIClient

from edubureau.registry.api.tests.routes import Place
from edubureau.registry.models import Area
from edubureau.registry.testing.factories import AreaFactory, SchoolFactory


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def home(district) -> Place:
    """The department staff's county and the principal's own school."""
    return Place(district.county, district.town, district.school)


@pytest.fixture
def abroad(district) -> Place:
    """Another county (惠安县): outside every fixture user's scope except the system administrator's."""
    county = Area.objects.create(name="惠安县", code="350521", kind="county")
    town = AreaFactory(name="螺城镇", code="350521100", parent=county)
    return Place(county, town, SchoolFactory(area=town, name="螺城中心小学"))


@pytest.fixture
def neighbour(district) -> Place:
    """The other town and school of the same county: outside a principal's scope, inside the staff's."""
    return Place(district.county, district.other_town, district.other_school)
