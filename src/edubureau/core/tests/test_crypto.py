import pytest

from edubureau.core import crypto
from edubureau.core.testing.factories import make_id_number


def test_check_digit_matches_gb11643_example():
    # The standard's worked example: 11010519491231002X.
    assert crypto.id_check_digit("11010519491231002") == "X"
    assert crypto.id_number_problem("11010519491231002X") is None


@pytest.mark.parametrize(
    ("number", "reason"),
    [("11010519491231002", "18位"), ("110105194912310021", "校验码"), ("1101051949123100AX", "前17位")],
)
def test_bad_numbers_are_named(number, reason):
    assert reason in crypto.id_number_problem(number)


def test_normalise_full_width():
    assert crypto.normalise_id_number(" １１０１０５１９４９１２３１００２ｘ ") == "11010519491231002X"


def test_mask_keeps_region_and_last_four():
    assert crypto.mask_id_number("35050520120901001X") == "350505********001X"


def test_encrypt_round_trip_and_hash_is_stable(settings):
    number = make_id_number(7)
    token = crypto.encrypt(number)
    assert number not in token
    assert crypto.decrypt(token) == number
    assert crypto.keyed_hash(number) == crypto.keyed_hash(number) != crypto.keyed_hash(make_id_number(8))
