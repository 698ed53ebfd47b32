import pytest
from django.core.exceptions import ValidationError

from edubureau.core.escalation import UrgeLevel, ladder_level


@pytest.mark.parametrize(
    ("open_level", "requested", "expected"), [(0, None, 1), (1, None, 2), (0, 3, 3), (1, 3, 3)]
)
def test_next_step_or_a_higher_one_asked_for(open_level, requested, expected):
    assert ladder_level(open_level=open_level, requested=requested) == expected


@pytest.mark.parametrize(("open_level", "requested"), [(UrgeLevel.RED, None), (2, 2), (2, 1)])
def test_no_step_above_red_and_none_at_or_below_an_open_notice(open_level, requested):
    with pytest.raises(ValidationError):
        ladder_level(open_level=open_level, requested=requested)
