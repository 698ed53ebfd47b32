import datetime as dt

import pytest
from cryptography.fernet import Fernet

from edubureau.core import crypto
from edubureau.core.testing import id_rebuild
from edubureau.registry.testing.factories import make_id_number


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


def test_mask_keeps_the_region_only():
    assert crypto.mask_id_number("35050520120901001X") == "350505************"
    assert crypto.mask_id_number("350505************") == "350505************"  # idempotent
    assert crypto.mask_id_number("E12345678") == "*********"  # other documents whole
    assert crypto.mask_birth_date(dt.date(2012, 9, 1)) == crypto.mask_birth_date("2012-09-01") == "2012-**-**"


@pytest.mark.parametrize("gender", ["M", "F"])
def test_what_the_scheme_leaves_to_guess(gender):
    # given a number, and what a user without view_personal sees: the masked form and the birth year
    number = make_id_number(7 if gender == "M" else 8, dt.date(2012, 9, 1))
    shown = [crypto.mask_id_number(number), crypto.mask_birth_date(dt.date(2012, 9, 1))]
    dates = id_rebuild.dates_seen(dt.date(2012, 9, 1), shown)
    # then even with the region known, 366 days x 500 sequences remain
    assert (
        id_rebuild.candidates(
            number=number, gender=gender, dates=dates, masks=id_rebuild.masks_seen(number, shown)
        )
        == 366 * 500
    )


def test_the_old_scheme_gave_the_number_away():
    # the former mask (region and last four) beside the birth date: one candidate, the number itself
    number = make_id_number(7, dt.date(2012, 9, 1))
    old = [number[:6] + "*" * 8 + number[-4:], "2012-09-01"]
    dates = id_rebuild.dates_seen(dt.date(2012, 9, 1), old)
    assert (
        id_rebuild.candidates(
            number=number, gender="M", dates=dates, masks=id_rebuild.masks_seen(number, old)
        )
        == 1
    )
    # and with the birth date hidden, the last four still leave only a few dozen (the check digit filters)
    year = [number[:6] + "*" * 8 + number[-4:], "2012-**-**"]
    dates = id_rebuild.dates_seen(dt.date(2012, 9, 1), year)
    assert (
        id_rebuild.candidates(
            number=number, gender="M", dates=dates, masks=id_rebuild.masks_seen(number, year)
        )
        < 60
    )


def test_encrypt_round_trip_and_hash_is_stable(settings):
    # a key of its own: without one, the first use would look for encrypted values in the database
    settings.FIELD_ENCRYPTION_KEY = Fernet.generate_key().decode()
    number = make_id_number(7)
    token = crypto.encrypt(number)
    assert number not in token
    assert crypto.decrypt(token) == number
    assert crypto.keyed_hash(number) == crypto.keyed_hash(number) != crypto.keyed_hash(make_id_number(8))


@pytest.mark.parametrize("extra", ["0", "X", "12"])
def test_a_valid_number_with_characters_added_is_not_valid(extra):
    assert crypto.id_number_problem("11010519491231002X") is None
    problem = crypto.id_number_problem("11010519491231002X" + extra)
    assert problem == f"身份证件号应为18位，实为{18 + len(extra)}位"


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("1", "*"),
        ("E1234567", "********"),
        ("123456789", "*********"),
        ("1234567890", "**********"),
        ("350505120901001", "***************"),  # a 15-digit number of the 1980s form: masked whole
        ("3505052012090100", "****************"),
        ("35050520120901001", "*****************"),
        ("3505052012090100188", "*******************"),
        ("", ""),
    ],
)
def test_every_other_length_is_masked_whole(number, masked):
    assert crypto.mask_id_number(number) == masked


def test_check_digit_of_each_remainder():
    # the 11 check characters, each reached by some first 17 digits
    seen = {crypto.id_check_digit(f"3505052012090{n:04d}") for n in range(40)}
    assert seen == set("10X98765432")
    assert crypto.id_number_problem(make_id_number(7)) is None
    bad = make_id_number(7)[:17] + ("0" if make_id_number(7)[17] != "0" else "1")
    assert "校验码错误，应为" + make_id_number(7)[17] in crypto.id_number_problem(bad)
