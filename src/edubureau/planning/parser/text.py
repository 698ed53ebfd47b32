"""Text normalisation shared by the parser's stages.

Two ideas keep the rest simple:

* ``fold`` maps full-width punctuation and digits to their ASCII forms **one character for one character**,
  so a regular expression run on the folded "shadow" gives offsets that are valid in the original text.
  Everything the parser returns (titles, bodies, target texts) is cut from the original, as written.
* Physical lines are cleaned (``split_lines``); hard line breaks inside paragraphs — text taken from PDFs —
  are re-joined (``rejoin``) only when the document looks hard-wrapped (``is_hard_wrapped``), so a heading
  on its own short line is never glued to the paragraph below it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

_FOLD_TABLE: dict[int, int] = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FOLD_TABLE.update(
    {
        0x3000: 0x20,  # ideographic space
        0x00A0: 0x20,
        0x3014: ord("["),  # 〔 〕 (document numbers)
        0x3015: ord("]"),
        0x3010: ord("["),  # 【 】
        0x3011: ord("]"),
        0x2014: ord("-"),  # — – ‒ －
        0x2013: ord("-"),
        0x2012: ord("-"),
        0xFE6A: ord("%"),  # small percent sign
    }
)

#: Characters that end a line of running text; a line ending otherwise was probably wrapped. A closing
#: quotation mark ends one only after a sentence end (…。”).
TERMINALS = frozenset("。;!?:)]…")
_CLOSING_QUOTES = frozenset('"”’」』')

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029\x0b\x0c\x85]")
_STRIP = " \t\u3000\xa0"

_CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


_FOLD_MAP = {chr(k): chr(v) for k, v in _FOLD_TABLE.items()}
_FOLDABLE = re.compile("[" + "".join(re.escape(c) for c in sorted(_FOLD_MAP)) + "]")


def fold(s: str) -> str:
    """Full-width → half-width, 〔〕【】 → [], dashes → "-"; ``len(fold(s)) == len(s)`` always.

    A substitution at the few foldable characters: ``str.translate`` looks up every character of a mostly
    Chinese text and takes three times as long.
    """
    return _FOLDABLE.sub(_fold_match, s)


def _fold_match(m: re.Match[str]) -> str:
    return _FOLD_MAP[m.group()]


def split_lines(raw: str) -> list[str]:
    """Non-empty physical lines, stripped of indentation (spaces, tabs, ideographic spaces)."""
    raw = _ZERO_WIDTH.sub("", raw)
    lines = (line.strip(_STRIP) for line in _LINE_BREAKS.sub("\n", raw).split("\n"))
    return [line for line in lines if line]


def small_cn_number(numeral: str) -> int | None:
    """一 → 1, 十二 → 12, 二十四 → 24 (heading numerals; up to 99). None when it is not one."""
    if not numeral:
        return None
    if all(ch in _CN_DIGITS for ch in numeral):
        if len(numeral) == 1:
            return _CN_DIGITS[numeral]
        return None
    if numeral.count("十") != 1:
        return None
    tens, _, units = numeral.partition("十")
    if len(tens) > 1 or len(units) > 1:
        return None
    if (tens and tens not in _CN_DIGITS) or (units and units not in _CN_DIGITS):
        return None
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def ends_sentence(line: str) -> bool:
    folded = fold(line[-2:])
    if folded[-1:] in _CLOSING_QUOTES:
        return folded[:1] in TERMINALS
    return folded[-1:] in TERMINALS


def is_hard_wrapped(lines: Sequence[str], protected: Callable[[int], bool]) -> bool:
    """True when most full-width lines stop mid-sentence: the document was wrapped at a fixed width.

    ``protected(i)`` says line ``i`` starts a block (a heading, a lead-unit line, a date …); a line followed
    by one is not evidence of wrapping.
    """
    width = _wrap_width(lines)
    if width is None:
        return False
    full = [i for i in range(len(lines) - 1) if len(lines[i]) >= 0.75 * width and "\t" not in lines[i]]
    unended = [i for i in full if not ends_sentence(lines[i]) and not protected(i + 1)]
    return len(unended) >= 2 and len(unended) >= 0.3 * len(full)


def rejoin(lines: Sequence[str], protected: Callable[[int], bool]) -> list[str]:
    """Glue wrapped lines back into paragraphs.

    A line is continued by the next one when it is (nearly) as wide as the wrap width, does not end a
    sentence, and the next line does not start a block. Chinese is joined without a space; two ASCII words
    keep one.
    """
    width = _wrap_width(lines) or 0
    paragraphs: list[list[str]] = []  # pieces joined once at the end: gluing line by line is quadratic
    joinable = False
    for i, line in enumerate(lines):
        if paragraphs and joinable and not protected(i):
            pieces = paragraphs[-1]
            if _ascii_letter(pieces[-1][-1:]) and _ascii_letter(line[:1]):
                pieces.append(" ")
            pieces.append(line)
        else:
            paragraphs.append([line])
        joinable = len(line) >= 0.75 * width and not ends_sentence(line) and "\t" not in line
    return ["".join(pieces) for pieces in paragraphs]


def _ascii_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _wrap_width(lines: Sequence[str]) -> int | None:
    """The width most long lines share (the 80th percentile length), or None for too few lines."""
    lengths = sorted(len(line) for line in lines if "\t" not in line and len(line) >= 8)
    if len(lengths) < 4:
        return None
    return lengths[int(0.8 * (len(lengths) - 1))]
