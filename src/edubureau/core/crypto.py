"""Field encryption for 身份证件号 (GB 11643 resident ID numbers).

The number is stored encrypted (Fernet: AES-128-CBC + HMAC-SHA256) with a keyed hash (HMAC-SHA256) beside
it for uniqueness and look-up, so that neither the database file nor a dump shows it in clear text.
"""

from __future__ import annotations

import base64
import datetime as dt
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
