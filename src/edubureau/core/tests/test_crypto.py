import base64
import datetime as dt
import hashlib
import hmac
from types import SimpleNamespace

import pytest
from cryptography.fernet import Fernet
from django.utils import translation

from edubureau.core import crypto
from edubureau.core.testing import id_rebuild
from edubureau.registry.testing.factories import StudentFactory, make_id_number


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


def test_normalise_removes_every_space_and_maps_both_full_width_x():
    assert crypto.normalise_id_number("110105 19491231\u3000002Ｘ") == "11010519491231002X"
    assert crypto.normalise_id_number("11010519491231002ｘ") == "11010519491231002X"


def test_check_digit_needs_exactly_17_digits():
    with pytest.raises(ValueError):
        crypto.id_check_digit("1101051949123100")


def test_hashes_are_pinned(settings):
    # Stored hashes are looked up by value: a change of the hash key's derivation or of the hash's length
    # would make every registered student new on the next import.
    key = "A" * 43 + "="
    assert crypto.hash_key_for(key) == hashlib.sha256(b"edubureau-id-hash:" + key.encode()).digest()
    digest = crypto.keyed_hash("11010519491231002X", hash_key=crypto.hash_key_for(key))
    expected = hmac.new(crypto.hash_key_for(key), b"11010519491231002X", hashlib.sha256).digest()
    assert digest == base64.b32encode(expected).decode()[:52] and len(digest) == 52


def test_a_malformed_key_names_where_it_came_from(settings, monkeypatch):
    monkeypatch.delenv("EDUBUREAU_FIELD_KEY", raising=False)
    with pytest.raises(crypto.FieldKeyError) as exc:
        crypto.fernet_for("not a key")
    assert str(exc.value) == crypto.malformed_message(str(settings.FIELD_KEY_FILE))
    assert str(settings.FIELD_KEY_FILE) in str(exc.value)


def test_a_token_of_another_key_is_a_key_mismatch(settings):
    settings.FIELD_ENCRYPTION_KEY = Fernet.generate_key().decode()
    token = Fernet(Fernet.generate_key()).encrypt(b"11010519491231002X").decode()
    with pytest.raises(crypto.FieldKeyError) as exc:
        crypto.decrypt(token)
    assert str(exc.value) == crypto.mismatch_message()


def test_the_configured_key_is_the_setting_else_the_file(settings, tmp_path):
    settings.FIELD_ENCRYPTION_KEY = None
    settings.FIELD_KEY_FILE = tmp_path / "field.key"
    assert crypto.configured_key() is None
    settings.FIELD_KEY_FILE.write_text("\n")
    assert crypto.configured_key() is None
    settings.FIELD_KEY_FILE.write_text("the-key\n")
    assert crypto.configured_key() == "the-key"
    settings.FIELD_ENCRYPTION_KEY = "the-setting"
    assert crypto.configured_key() == "the-setting"


def test_mask_birth_date_of_nothing_is_empty():
    assert crypto.mask_birth_date(None) == crypto.mask_birth_date("") == ""


def test_the_rotation_message_names_the_file_in_chinese(tmp_path):
    path = tmp_path / "field.key.next"
    with translation.override("zh-hans"):
        message = crypto.rotating_message(path)
    assert message == f"字段加密密钥轮换尚未完成（存在 {path}）：请再次运行 edubureau keys rotate 完成轮换。"


def test_the_key_source_is_the_variable_when_set(settings, monkeypatch):
    monkeypatch.setenv("EDUBUREAU_FIELD_KEY", "x")
    assert crypto.key_source() == "EDUBUREAU_FIELD_KEY"
    monkeypatch.delenv("EDUBUREAU_FIELD_KEY")
    assert crypto.key_source() == str(settings.FIELD_KEY_FILE)


def test_fingerprints_are_pinned():
    # Backup manifests carry the fingerprint and restore compares it: it must not change between versions.
    key = "A" * 43 + "="
    assert (
        crypto.fingerprint(key)
        == hashlib.sha256(b"edubureau-key-fingerprint:" + key.encode()).hexdigest()[:16]
    )
    assert len(crypto.fingerprint(key)) == 16 and key not in crypto.fingerprint(key)


@pytest.mark.django_db
def test_no_key_is_generated_once_numbers_are_stored(settings, tmp_path):
    settings.FIELD_ENCRYPTION_KEY = Fernet.generate_key().decode()
    StudentFactory()
    settings.FIELD_ENCRYPTION_KEY = None
    settings.FIELD_KEY_FILE = tmp_path / "field.key"
    with pytest.raises(crypto.FieldKeyError) as exc:
        crypto.field_key_create()
    assert str(exc.value) == crypto.missing_message()
    assert not settings.FIELD_KEY_FILE.exists()


def test_encrypted_columns_pair_a_hash_only_where_there_is_one():
    fields = [
        SimpleNamespace(name=n) for n in ("phone_encrypted", "id_number_encrypted", "id_number_hash", "name")
    ]
    model = SimpleNamespace(_meta=SimpleNamespace(concrete_fields=fields))
    assert crypto.encrypted_columns(model) == [
        ("id_number_encrypted", "id_number_hash"),
        ("phone_encrypted", None),
    ]


def test_an_unfinished_rotation_names_its_file(settings, tmp_path):
    settings.FIELD_ENCRYPTION_KEY = Fernet.generate_key().decode()
    settings.FIELD_KEY_FILE = tmp_path / "field.key"
    pending = tmp_path / "field.key.next"
    pending.write_text("x")
    assert crypto.field_key_problem() == crypto.rotating_message(pending)
    assert str(pending) in crypto.field_key_problem()


@pytest.mark.django_db
def test_a_key_is_generated_once_into_the_file_and_the_settings(settings, tmp_path):
    settings.FIELD_ENCRYPTION_KEY = None
    settings.FIELD_KEY_FILE = tmp_path / "field.key"
    key = crypto.field_key_create()
    assert settings.FIELD_KEY_FILE.read_text() == key + "\n"
    assert key == settings.FIELD_ENCRYPTION_KEY
    Fernet(key.encode())  # a valid key
    # a second process finds the file written and takes its key
    settings.FIELD_ENCRYPTION_KEY = None
    assert crypto.field_key_create() == key


@pytest.mark.parametrize(
    "texts",
    [
        [make_id_number(i) for i in range(40)],  # 18 characters: two AES blocks
        ["", "E12345678", "0123456789abcdef", "护照号码 E1234567", make_id_number(1), "x" * 40],
        [],
    ],
)
def test_tokens_made_in_bulk_are_fernet_tokens_of_each_text(settings, texts):
    # given
    key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEY = key

    # when
    tokens = crypto.encrypt_many(texts)
    hashes = crypto.keyed_hash_many(texts)

    # then: the Fernet library itself reads each one back, and each has its own random IV
    assert [Fernet(key.encode()).decrypt(t.encode()).decode() for t in tokens] == texts
    assert [crypto.decrypt(t) for t in tokens] == texts
    assert len(set(tokens)) == len(tokens)
    assert crypto.encrypt_many(texts[:1]) != tokens[:1] or not texts
    assert hashes == [crypto.keyed_hash(t) for t in texts]
