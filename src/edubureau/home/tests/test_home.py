import pytest
from django.urls import reverse

from edubureau.registry.testing.factories import EnrollmentFactory, StudentFactory

pytestmark = pytest.mark.django_db


def test_home_counts_this_years_enrolled_pupils_in_scope(client, district, principal):
    # given: two pupils of the principal's school enrolled this year, one only last year, one elsewhere
    for _ in range(2):
        EnrollmentFactory(student=StudentFactory(school=district.school), school_year="2019-2020")
    EnrollmentFactory(student=StudentFactory(school=district.school), school_year="2018-2019")
    EnrollmentFactory(student=StudentFactory(school=district.other_school), school_year="2019-2020")
    client.force_login(principal)
    # when
    response = client.get(reverse("home:home"))
    # then
    assert response.context["students"] == 2
    assert response.context["schools"]["total"] == 1
    assert "2019-2020" in response.content.decode()
