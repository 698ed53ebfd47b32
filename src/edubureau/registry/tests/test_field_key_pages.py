"""Reveal and full export under a wrong field key: the reason on the page, never a 500, nothing logged."""

import pytest
from cryptography.fernet import Fernet
from django.urls import reverse

from edubureau.core.models import AuditEntry
from edubureau.registry.testing.factories import StudentFactory
from edubureau.registry.tests.conftest import enrolled_class

pytestmark = pytest.mark.django_db


def test_reveal_says_why_not(login, district, clerk, settings):
    # given a student stored under the key in use, then another key
    student = StudentFactory(school=district.school)
    settings.FIELD_ENCRYPTION_KEY = Fernet.generate_key().decode()
    c = login(clerk)
    for headers in ({"HTTP_HX_REQUEST": "true"}, {}):
        # when the number is revealed (htmx, then without JavaScript)
        response = c.post(reverse("registry:student_reveal_id", args=[student.pk]), **headers)
        # then the masked number stays, with the reason
        assert response.status_code == 200
        html = response.content.decode()
        assert 'data-testid="reveal-error"' in html and student.id_number_masked in html
        assert "无法解密" in html
    assert not AuditEntry.objects.filter(action="registry.student.reveal_id").exists()


def test_full_export_goes_back_with_the_reason(login, district, clerk, settings):
    enrolled_class(district.school, 2)
    settings.FIELD_ENCRYPTION_KEY = Fernet.generate_key().decode()
    c = login(clerk)
    response = c.get(reverse("registry:student_export"), {"id_numbers": "full"}, follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("registry:student_list"))
    assert "无法导出" in response.content.decode()
    assert not AuditEntry.objects.filter(action="registry.student.export_id").exists()
