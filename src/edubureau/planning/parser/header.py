"""The parts of a plan document around the plan itself: 文号, cover notice, 主送, signature, 抄送.

A bureau plan usually arrives inside its cover notice (印发通知, GB/T 9704 layout)::

    泉港教综〔2019〕55号                          ← 发文字号
    泉港区教育局关于印发《2019年泉港区教育工作要点》的通知   ← notice title (may wrap)
    各中学、中心小学、区直学校，…：               ← 主送 (recipients), ends with ：
        现将《…》印发给你们，请结合实际贯彻落实。
                         泉港区教育局          ← issuer
    2019年3月28日                              ← date
    2019年泉港区教育工作要点                   ← the plan's own title: the body starts after it
    …
    抄送：市委教育工委、市教育局，…。           ← copy-to (版记)
    泉港区教育局办公室      2019年3月28日印发   ← 印发 line (版记)

Without a notice the title comes first, perhaps with a date line, and the signature may follow the last
item. Everything here is found by patterns over the folded text, not by line roles, so that a document
flattened to one line parses the same as the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text import fold, small_cn_number

_CJK = "\u4e00-\u9fff"
_DOC_NO = re.compile(rf"([{_CJK}]{{1,12}}?)\s*[\[(](\d{{4}})[\])]\s*第?\s*(\d{{1,5}})\s*号")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_CN_DATE = re.compile(
    r"([〇零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日"
)
_LABELS = (
    "总体要求|指导思想|总体思路|工作思路|基本思路|主要目标|工作目标|总体目标|发展目标|目标任务|基本原则|"
    "工作原则|主要任务|重点工作|各类事业发展目标为|各类事业发展目标|年度目标"
)
#: A labelled preamble paragraph starts the plan body (总体要求：…).
PREAMBLE_LABEL = re.compile(rf"(?:^|(?<=[\n。;!?]))[ \t]*({_LABELS})[ \t]*:")
_CC = re.compile(r"(?:^|(?<=[\n。;)\]]))[ \t]*抄\s*送\s*:")
_PRINTED = re.compile(
    r"(?:^|(?<=[\n。]))[^\n。]{0,40}?\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印\s*发[ \t]*(?=\n|$)"
)
_KEYWORDS = re.compile(r"(?m)^[ \t]*主题词\s*:")
_ORG_END = re.compile(rf"[{_CJK})]*(?:局|委|委员会|政府|办公室|办|中心|厅|处|股|室|院|学校|校|所|会|部|组)$")
_FIRST_HEADING = re.compile(r"(?:^|(?<=[\n。;)]))[ \t]*(?:一\s*[、.]|\(一\)|0?1\s*[.、](?!\d))")
_RUN_ON_FIRST = re.compile(r"一\s*、")
_RUN_ON_SECOND = re.compile(r"二\s*、")
_ANNEX_NOTE = re.compile(r"\s*\([^()\n]{1,30}\)[ \t]*(?=\n|$)")


@dataclass
class Header:
    doc_number: str | None = None
    notice_title: str | None = None
    title: str | None = None
    issuer: str | None = None
    date: str | None = None
    recipients: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    #: The plan body (preamble, sections, items) is ``doc[body_start:body_end]``.
    body_start: int = 0
    body_end: int = 0


def parse_header(doc: str, *, shadow: str | None = None) -> Header:
    """The parts around the plan; ``shadow`` is ``fold(doc)`` when the caller has it already."""
    if shadow is None:
        shadow = fold(doc)
    h = Header(body_end=len(doc))
    _parse_tail(doc, shadow, h)

    head_limit = min(h.body_end, 2500)
    doc_no = _DOC_NO.search(shadow, 0, head_limit)
    if doc_no and doc_no.start() < 600:
        h.doc_number = _doc_number(doc_no)
    notice_at = shadow.find("关于印发", 0, min(head_limit, 600))
    if notice_at >= 0 and "《" not in shadow[shadow.rfind("\n", 0, notice_at) + 1 : notice_at]:
        _parse_notice(doc, shadow, h, notice_at, doc_no)
    else:
        _parse_bare_front(doc, shadow, h, doc_no)
    _parse_closing_signature(doc, shadow, h)
    return h


def parse_date(text: str) -> str | None:
    """The first full date in ``text`` as ISO (2019-03-28); Chinese numerals (二〇一九年三月二十八日) too."""
    m = _DATE.search(fold(text))
    if m:
        return _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _CN_DATE.search(text)
    if m:
        year = int("".join(str(small_cn_number(c)) for c in m.group(1)))
        month, day = small_cn_number(m.group(2)), small_cn_number(m.group(3))
        if month and day:
            return _iso(year, month, day)
    return None


def split_names(text: str) -> list[str]:
    """Split a list of organisations on 、，；, never inside brackets (局机关各股（室）stays whole)."""
    shadow = fold(text)
    names, depth, start = [], 0, 0
    for i, ch in enumerate(shadow):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in "、,;\n":
            names.append(text[start:i])
            start = i + 1
    names.append(text[start:])
    out = []
    for name in names:
        name = re.sub(r"\s+", "", name).strip("。.:：")
        if name:
            out.append(name)
    return out


def _iso(year: int, month: int, day: int) -> str | None:
    if 1900 <= year <= 2200 and 1 <= month <= 12 and 1 <= day <= 31:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def _doc_number(m: re.Match[str]) -> str:
    """GB/T 9704 form: 代字〔年〕序号号, six-cornered brackets, no zero padding, no 第."""
    prefix = m.group(1)
    if "文件" in prefix:
        prefix = prefix.rsplit("文件", 1)[1]
    return f"{prefix}〔{m.group(2)}〕{int(m.group(3))}号"


def _dates(shadow: str, doc: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in _DATE.finditer(shadow, start, end)]
    spans += [(m.start(), m.end()) for m in _CN_DATE.finditer(doc, start, end)]
    return sorted(spans)


def _parse_tail(doc: str, shadow: str, h: Header) -> None:
    """抄送 and the 印发 line close the document (版记); the plan body ends before them."""
    ends = [len(doc)]
    cc_matches = list(_CC.finditer(shadow))
    if cc_matches:
        m = cc_matches[-1]
        ends.append(m.start())
        stop = shadow.find("。", m.end())
        line_end = shadow.find("\n", m.end())
        if line_end >= 0 and (stop < 0 or stop > line_end) and not _continues(shadow, line_end):
            stop = line_end
        printed = _PRINTED.search(shadow, m.end())
        if stop < 0:
            stop = printed.start() if printed else len(doc)
        h.cc = split_names(doc[m.end() : stop])
    for rx in (_PRINTED, _KEYWORDS):
        found = rx.search(shadow)
        if found:
            ends.append(found.start())
    h.body_end = min(ends)


def _continues(shadow: str, line_end: int) -> bool:
    """Does the 抄送 list go on after a line break (a wrapped 版记 line ending in 、 or ，)?"""
    return shadow[line_end - 1 : line_end] in ("、", ",")


def _parse_notice(doc: str, shadow: str, h: Header, notice_at: int, doc_no: re.Match[str] | None) -> None:
    line_start = shadow.rfind("\n", 0, notice_at) + 1
    start = max(line_start, doc_no.end() if doc_no and doc_no.end() <= notice_at else 0)
    wenjian = shadow.rfind("文件", start, notice_at)
    if wenjian >= 0:
        h.issuer = doc[start:wenjian].strip() or None
        start = wenjian + 2
    end_at = shadow.find("通知", notice_at)
    if end_at < 0 or end_at - notice_at > 160:
        _parse_bare_front(doc, shadow, h, doc_no)
        return
    title_end = end_at + 2
    h.notice_title = re.sub(r"\s+", "", doc[start:title_end])
    inner = re.search(r"《(.+?)》", h.notice_title)
    plan_title = inner.group(1) if inner else re.sub(r"^.*?关于印发|的?通知$", "", h.notice_title)
    h.title = plan_title
    if h.issuer is None:
        before = h.notice_title.split("关于", 1)[0]
        h.issuer = before or None

    pos = title_end
    colon = shadow.find(":", pos, pos + 250)
    if colon >= 0 and "。" not in shadow[pos:colon] and not PREAMBLE_LABEL.match(shadow, pos):
        h.recipients = split_names(doc[pos:colon])
        pos = colon + 1

    # The signature: the first date that stands alone (not inside a sentence) after the notice body.
    for a, b in _dates(shadow, doc, pos, min(len(doc), pos + 1500)):
        unit_start = max(shadow.rfind("\n", pos, a), shadow.rfind("。", pos, a)) + 1
        lead = doc[unit_start:a].strip()
        after = shadow[b : b + 1]
        if len(lead) > 30 or "," in fold(lead) or after in ("前", "起", "至", "到", "-", "~"):
            continue
        h.date = parse_date(doc[a:b])
        if lead:
            h.issuer = lead
        else:
            prev_end = shadow.rfind("\n", pos, a)
            prev_start = shadow.rfind("\n", pos, prev_end) + 1 if prev_end > 0 else -1
            prev = doc[prev_start:prev_end].strip() if prev_end > 0 else ""
            if prev and _ORG_END.search(fold(prev)) and len(prev) <= 30:
                h.issuer = prev
        pos = b
        break

    found = _find_title(shadow, fold(plan_title), pos)
    if found is not None:
        h.body_start = found
    else:
        note = _ANNEX_NOTE.match(shadow, pos)
        h.body_start = note.end() if note else pos


def _find_title(shadow: str, title: str, pos: int) -> int | None:
    """End of the plan title standing on its own after ``pos`` (not quoted in 《》, not after 附件)."""
    if not title:
        return None
    i = shadow.find(title, pos)
    while i >= 0:
        before = shadow[max(0, i - 4) : i]
        if (
            not before.endswith("《")
            and "附件" not in before
            and shadow[i + len(title) : i + len(title) + 1] != "》"
        ):
            return i + len(title)
        i = shadow.find(title, i + 1)
    return None


def _parse_bare_front(doc: str, shadow: str, h: Header, doc_no: re.Match[str] | None) -> None:
    """No cover notice: title, perhaps a date line, then the body."""
    limit = min(h.body_end, len(doc))
    starts = [limit]
    label = PREAMBLE_LABEL.search(shadow, 0, limit)
    if label:
        starts.append(label.start(1))
    heading = _FIRST_HEADING.search(shadow, 0, limit)
    if heading:
        starts.append(heading.start() + (len(heading.group()) - len(heading.group().lstrip(" \t"))))
    if not heading:
        run_on = _RUN_ON_FIRST.search(shadow, 0, limit)
        if run_on and _RUN_ON_SECOND.search(shadow, run_on.end(), limit):
            starts.append(run_on.start())  # a one-line document: 2019年…工作要点一、…二、…
    # A paragraph (a long line ending a sentence) or a table header line, below the title line.
    first_nl = shadow.find("\n", 0, limit)
    if first_nl >= 0:
        for m in re.finditer(
            r"(?m)^(?:[^\n]{25,}。|[^\n]*\t[^\n]*\t[^\n]*|[^\n]*\|[^\n]*\|[^\n]*)$", shadow[:limit]
        ):
            if m.start() > first_nl:
                starts.append(m.start())
                break
    body_start = min(starts)
    front = doc[:body_start]
    fshadow = shadow[:body_start]
    cut: list[tuple[int, int]] = []
    if doc_no and doc_no.end() <= body_start:
        cut.append((doc_no.start(), doc_no.end()))
    for a, b in _dates(fshadow, front, 0, body_start):
        if h.date is None:
            h.date = parse_date(front[a:b])
        pa = a - 1 if a > 0 and fshadow[a - 1] == "(" else a
        close = fshadow.find(")", b)
        pb = close + 1 if pa < a and close >= 0 and "\n" not in fshadow[b:close] else b
        cut.append((pa, pb))
    lines: list[str] = []
    pos = 0
    for a, b in sorted(cut) + [(body_start, body_start)]:
        lines.extend(front[pos:a].split("\n"))
        pos = max(pos, b)
    title_lines: list[str] = []
    for line in (ln.strip() for ln in lines):
        if not line:
            continue
        fl = fold(line)
        if fl.endswith("文件"):
            h.issuer = h.issuer or line[:-2].strip()
        elif fl.endswith(":") and fl.startswith("各"):
            h.recipients = split_names(line[:-1])
        elif _ORG_END.search(fl) and len(line) <= 20 and title_lines:
            h.issuer = h.issuer or line
        else:
            title_lines.append(line)
    if title_lines:
        h.title = re.sub(r"\s+", "", "".join(title_lines))
    h.body_start = body_start
    if h.issuer is None and h.title:
        prefix = re.match(
            rf"^([{_CJK}]{{2,20}}?(?:教育局|教育体育局|教体局|教育和体育局|教育委员会|教委|教育厅|人民政府))",
            h.title,
        )
        if prefix and prefix.group(1) != h.title:
            h.issuer = prefix.group(1)


def _parse_closing_signature(doc: str, shadow: str, h: Header) -> None:
    """A signature after the last item (issuer, date): take it and end the body before it."""
    end = h.body_end
    window_start = max(h.body_start, end - 80)
    tail = shadow[window_start:end].rstrip()
    m = re.search(r"([^\n。;,:)\]]{0,30}?)\s*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*$", tail)
    if not m:
        return
    org = doc[window_start + m.start(1) : window_start + m.end(1)].strip()
    if org and not _ORG_END.search(fold(org)):
        return
    before = shadow[window_start : window_start + m.start()].rstrip(" \t")
    if before and before[-1] not in "\n。;)]":
        return
    if org:
        h.issuer = h.issuer or org
    h.date = h.date or parse_date(m.group(2))
    h.body_end = window_start + m.start()


def is_standalone_date(folded_line: str) -> bool:
    """A line that is only a date (a signature date), e.g. "2019年3月28日" or "（2019年3月28日）"."""
    s = folded_line.strip(" \t()")
    m = _DATE.fullmatch(s) or _CN_DATE.fullmatch(s)
    return m is not None


def is_doc_number_line(folded_line: str) -> bool:
    if len(folded_line) > 30:  # checked first: the search costs a dozen tries at every character
        return False
    m = _DOC_NO.search(folded_line)
    return m is not None and m.end() >= len(folded_line.rstrip()) - 1
