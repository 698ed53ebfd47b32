"""Issue 10: every indicator's formula is shown in Chinese words on its page in the Chinese UI."""

import re

import pytest

from edubureau.indicators.formula_text import FORMULA_ZH
from edubureau.indicators.library import LIBRARY


@pytest.mark.parametrize("code", sorted(LIBRARY))
def test_every_indicator_has_a_chinese_formula_without_code(code):
    text = LIBRARY[code].formula_zh
    assert text, f"{code}: no Chinese formula in indicators/formula_text.py"
    assert not re.search(r"[A-Za-z_]", text), f"{code}: {text}"


def test_no_formula_text_for_an_indicator_that_does_not_exist():
    assert set(FORMULA_ZH) <= set(LIBRARY)


@pytest.mark.django_db
@pytest.mark.urls("edubureau.indicators.tests.urls")
def test_the_chinese_page_shows_the_formula_in_words(client, leader):
    client.force_login(leader)
    html = client.get(
        "/indicators/library/large_class_share/", HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert "大班额比例 = 56人及以上班级数 ÷ 班级总数 × 100%" in html
    assert "large_classes / classes" not in html
