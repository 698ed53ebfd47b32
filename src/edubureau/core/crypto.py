"""Field encryption for 身份证件号 (GB 11643 resident ID numbers).

The number is stored encrypted (Fernet: AES-128-CBC + HMAC-SHA256) with a keyed hash (HMAC-SHA256) beside
it for uniqueness and look-up, so that neither the database file nor a dump shows it in clear text.

The key (``EDUBUREAU_FIELD_KEY`` or ``var/field.key``) is the only way back to the numbers, and the hash
depends on it too: with another key, reveal and export cannot decrypt and a re-import does not find the
students already registered. So a key is generated only while the database holds no encrypted value, and
the key is checked against the stored values (``field_key_problem``): the system check stops every command
and the server on a missing or wrong key, and import and export check again before they start.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import operator
import os
from collections.abc import Sequence
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps
from django.conf import settings
from django.core.signals import setting_changed
from django.db import connection
from django.dispatch import receiver
from django.utils.translation import gettext as _

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


class FieldKeyError(Exception):
    """The field key is missing, malformed, mid-rotation or not the key the stored values were encrypted with."""


def missing_message() -> str:
    return _(
        "The field encryption key is missing: the database already holds encrypted ID numbers that a new key "
        "could not read. Restore var/field.key from a backup (edubureau restore) or set EDUBUREAU_FIELD_KEY to "
        "the key in use."
    )


def mismatch_message() -> str:
    return _(
        "The field encryption key does not match the database: the stored ID numbers cannot be decrypted with "
        "it. Restore the key in use from a backup into var/field.key or EDUBUREAU_FIELD_KEY."
    )


def malformed_message(source: str) -> str:
    return _(
        "The field encryption key in {source} is not a valid Fernet key: it must be 32 bytes in URL-safe "
        "base64 (44 characters)."
    ).format(source=source)


def rotating_message(path) -> str:
    return _(
        "A field key rotation is unfinished ({path} exists): run edubureau keys rotate again to finish it."
    ).format(path=path)


def key_source() -> str:
    return "EDUBUREAU_FIELD_KEY" if os.environ.get("EDUBUREAU_FIELD_KEY") else str(settings.FIELD_KEY_FILE)


def fernet_for(key: str) -> Fernet:
    """Fernet on ``key``; FieldKeyError (naming where the key came from) if it is not a Fernet key."""
    try:
        return Fernet(key.encode())
    except (ValueError, TypeError) as exc:
        raise FieldKeyError(malformed_message(key_source())) from exc


def hash_key_for(key: str) -> bytes:
    return hashlib.sha256(b"edubureau-id-hash:" + key.encode()).digest()


def fingerprint(key: str) -> str:
    """A short public name for a key (for manifests and messages); reveals nothing of the key."""
    return hashlib.sha256(b"edubureau-key-fingerprint:" + key.encode()).hexdigest()[:16]


# --------------------------------------------------------------------------- which values are encrypted


def encrypted_columns(model) -> list[tuple[str, str | None]]:
    """(``x_encrypted``, ``x_hash`` or None) pairs of ``model``: the convention for an encrypted field."""
    names = {f.name for f in model._meta.concrete_fields}
    pairs = []
    for name in sorted(n for n in names if n.endswith("_encrypted")):
        hashed = name.removesuffix("_encrypted") + "_hash"
        pairs.append((name, hashed if hashed in names else None))
    return pairs


def encrypted_models() -> list:
    return [m for m in apps.get_models() if encrypted_columns(m)]


def sample_tokens() -> list[str]:
    """The first and the last stored token of each encrypted column (none before the tables exist)."""
    tables = set(connection.introspection.table_names())
    tokens: list[str] = []
    for model in encrypted_models():
        if model._meta.db_table not in tables:
            continue
        for column, _hash in encrypted_columns(model):
            rows = (
                model._default_manager.exclude(**{column: ""}).order_by("pk").values_list(column, flat=True)
            )
            tokens += [t for t in (rows.first(), rows.last()) if t]
    return tokens


def configured_key() -> str | None:
    """The key in use: ``EDUBUREAU_FIELD_KEY`` (settings), else ``var/field.key`` — read again, since the
    file may have been written after settings were loaded (``field_key_create``)."""
    if settings.FIELD_ENCRYPTION_KEY:
        return settings.FIELD_ENCRYPTION_KEY
    path = settings.FIELD_KEY_FILE
    return (path.read_text().strip() or None) if path.exists() else None


def field_key_problem() -> str | None:
    """None when the configured key reads the stored values (or none is stored yet); else why not."""
    key = configured_key()
    try:
        fernet = fernet_for(key) if key else None  # a malformed key is wrong, whatever is stored
    except FieldKeyError as exc:
        return str(exc)
    next_path = settings.FIELD_KEY_FILE.with_name(settings.FIELD_KEY_FILE.name + ".next")
    if next_path.exists():
        return rotating_message(next_path)
    tokens = sample_tokens()
    if not tokens:
        return None
    if fernet is None:
        return missing_message()
    try:
        for token in tokens:
            fernet.decrypt(token.encode())
    except InvalidToken:
        return mismatch_message()
    return None


def field_key_create() -> str:
    """Generate ``var/field.key`` — only while the database holds no encrypted value; returns the key.

    Why here and not in settings: whether encrypted values exist is a question for the database, which
    settings cannot ask. ``O_EXCL`` makes two processes starting together agree on one key.
    """
    if sample_tokens():
        raise FieldKeyError(missing_message())
    path = settings.FIELD_KEY_FILE
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = path.read_text().strip()
    else:
        key = Fernet.generate_key().decode()
        with os.fdopen(fd, "w") as fh:
            fh.write(key + "\n")
    settings.FIELD_ENCRYPTION_KEY = key
    return key


@lru_cache(maxsize=1)
def _active_key() -> str:
    """The configured key, or one generated now if none is configured and nothing is encrypted yet."""
    return configured_key() or field_key_create()


@lru_cache(maxsize=1)
def _verified() -> bool:
    if problem := field_key_problem():
        raise FieldKeyError(problem)
    return True


def field_key_require() -> None:
    """FieldKeyError unless the key reads the stored values (checked against the database once per process).

    Import and export call this before they hash or decrypt in bulk; commands and the server are stopped
    earlier by the system check; a single reveal finds out from the token itself (``decrypt``).
    """
    _active_key()
    _verified()


@lru_cache(maxsize=1)
def _fernet() -> Fernet:
    return fernet_for(_active_key())


@lru_cache(maxsize=1)
def _hash_key() -> bytes:
    return hash_key_for(_active_key())


@receiver(setting_changed)
def _forget_key(*, setting, **kwargs):
    if setting.startswith("FIELD_"):
        _active_key.cache_clear()
        _verified.cache_clear()
        _fernet.cache_clear()
        _hash_key.cache_clear()


def forget_key() -> None:
    """Drop the cached key (after a restore or a rotation replaced it)."""
    _forget_key(setting="FIELD_ENCRYPTION_KEY")


_ID_ASCII = {ord(c): ord(a) for c, a in zip("０１２３４５６７８９Ｘｘx", "0123456789XXX", strict=True)}


def normalise_id_number(text: str) -> str:
    """Upper-case, without spaces; full-width digits and Ｘ become ASCII."""
    return "".join(text.split()).translate(_ID_ASCII)


def id_check_digit(first17: str) -> str:
    """GB 11643-1999 check character (ISO 7064 MOD 11-2) for the first 17 digits."""
    if len(first17) != len(_WEIGHTS):
        raise ValueError("17 digits expected")
    return _CHECK[sum(map(operator.mul, map(int, first17), _WEIGHTS)) % 11]


def id_number_problem(number: str) -> str | None:
    """None if ``number`` is a valid 18-character resident ID, else the reason in Chinese."""
    if len(number) != 18:
        return f"身份证件号应为18位，实为{len(number)}位"
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return "身份证件号前17位应为数字，末位为数字或X"
    if id_check_digit(number[:17]) != number[17]:
        return f"身份证件号校验码错误，应为{id_check_digit(number[:17])}"
    return None


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode()


def encrypt_many(texts: Sequence[str]) -> list[str]:
    """``encrypt`` of each text, with one Fernet instance for the batch (the demo's province encrypts 7.4
    million ID numbers). Fernet's own ``encrypt``, not a batched AES of our own: the tokens stay the library's
    work, and a hand-made cipher path would save about half a second of CPU per 77,000 numbers."""
    fernet = _fernet()
    return [fernet.encrypt(text.encode()).decode() for text in texts]


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise FieldKeyError(mismatch_message()) from exc


def keyed_hash(text: str, *, hash_key: bytes | None = None) -> str:
    """HMAC of ``text`` under the active key's hash key (or ``hash_key``, while rotating)."""
    digest = hmac.new(hash_key or _hash_key(), text.encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode()[:52]


def keyed_hash_many(texts: Sequence[str]) -> list[str]:
    """``keyed_hash`` of each text, with one base32 encoding for all: a 32-byte digest and three zero bytes
    are seven 5-byte groups, so each hash is the first 52 of its 56 characters."""
    key = _hash_key()
    encoded = base64.b32encode(b"".join(hmac.digest(key, t.encode(), "sha256") + b"\0\0\0" for t in texts))
    return [encoded[i : i + 52].decode() for i in range(0, len(encoded), 56)]


# Why this masking scheme (issue 8, item 1; 个人信息保护法 art. 6 and 31: minimum necessary, minors' data).
# A GB 11643 number is region (6 digits) + birth date (8) + sequence (3, odd for men) + check (1). Count what
# an attacker who sees everything a user without view_personal may fetch still has to guess:
# - the region is no secret: the school's county is on every page and ~85% of local pupils carry its code
#   (the demo: 92% of non-migrant pupils), so we count it as known;
# - the gender is shown, which fixes the parity of the sequence: 500 sequences are left;
# - the check digit follows from the other 17: showing it divides the candidates by 11;
# - the grade gives the birth year within a cohort: at most 366 dates are left, unless the date is shown.
# So the old form 350505********123X beside the birth date gave the number outright, and any form that shows
# the sequence (the last four) leaves ~366/11 ≈ 33 candidates even with the birth date hidden. The scheme:
# the masked form shows the region only (350505************), and the birth date is shown to such users as
# its year only (2012-**-**): 366 × 500 = 183,000 candidates, ≥ 10^5 for every record. Holders of
# view_personal see the birth date and may reveal the number (audited). One place: these two functions.
ID_MASK_SHOWN = 6


def mask_id_number(number: str) -> str:
    """350505************: the region code of an 18-character resident ID only (why: see above); any other
    document number (passport, permit) is masked whole. Idempotent, so a masked form masks to itself."""
    if len(number) != 18:
        return "*" * len(number)
    return number[:ID_MASK_SHOWN] + "*" * (18 - ID_MASK_SHOWN)


def mask_birth_date(value: dt.date | str | None) -> str:
    """2012-**-**: a birth date as shown to users without view_personal (its year only; why: see above)."""
    if not value:
        return ""
    return f"{str(value)[:4]}-**-**"
