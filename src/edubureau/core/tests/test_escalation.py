from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from edubureau.core.escalation import UrgeLevel, ladder_level, return_changes


@pytest.mark.parametrize(
    ("open_level", "requested", "expected"), [(0, None, 1), (1, None, 2), (0, 3, 3), (1, 3, 3)]
)
def test_next_step_or_a_higher_one_asked_for(open_level, requested, expected):
    assert ladder_level(open_level=open_level, requested=requested) == expected


@pytest.mark.parametrize(("open_level", "requested"), [(UrgeLevel.RED, None), (2, 2), (2, 1)])
def test_no_step_above_red_and_none_at_or_below_an_open_notice(open_level, requested):
    with pytest.raises(ValidationError):
        ladder_level(open_level=open_level, requested=requested)


def test_a_return_keeps_the_reason_and_counts_one_more():
    returned_once = SimpleNamespace(returned_count=1)
    assert return_changes(returned_once, reason="  照片不清楚 ", missing="Say why.") == {
        "returned_count": 2,
        "return_reason": "照片不清楚",
    }


@pytest.mark.parametrize("reason", ["", "  ", None])
def test_a_return_without_a_reason_is_refused_with_the_apps_message(reason):
    with pytest.raises(ValidationError) as error:
        return_changes(SimpleNamespace(returned_count=0), reason=reason, missing="Say why.")
    assert error.value.message_dict == {"reason": ["Say why."]}
