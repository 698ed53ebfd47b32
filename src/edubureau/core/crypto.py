"""Field encryption for 身份证件号 (GB 11643 resident ID numbers).

The number is stored encrypted (Fernet: AES-128-CBC + HMAC-SHA256) with a keyed hash (HMAC-SHA256) beside
it for uniqueness and look-up, so that neither the database file nor a dump shows it in clear text.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet
from django.conf import settings

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


@lru_cache(maxsize=1)
def _fernet() -> Fernet:
    return Fernet(settings.FIELD_ENCRYPTION_KEY.encode())


@lru_cache(maxsize=1)
def _hash_key() -> bytes:
    return hashlib.sha256(b"edubureau-id-hash:" + settings.FIELD_ENCRYPTION_KEY.encode()).digest()


def normalise_id_number(text: str) -> str:
    """Upper-case, without spaces; full-width digits and Ｘ become ASCII."""
    table = {ord(c): ord(a) for c, a in zip("０１２３４５６７８９Ｘｘx", "0123456789XXX", strict=True)}
    return "".join(text.split()).translate(table)


def id_check_digit(first17: str) -> str:
    """GB 11643-1999 check character (ISO 7064 MOD 11-2) for the first 17 digits."""
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


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


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def keyed_hash(text: str) -> str:
    return base64.b32encode(hmac.new(_hash_key(), text.encode(), hashlib.sha256).digest()).decode()[:52]


def mask_id_number(number: str) -> str:
    """350505********123X: the region code and the last four characters only."""
    if len(number) < 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]
