"""Task-decomposition tables (重点工作任务分解表): a plan written as a table, in any of its text lay-outs.

Every reader (``sources``: .xlsx, .docx, .pdf, .html, .txt) hands the parser text; the structured formats
write one table row per line with tab-separated cells. The same table copied out of a PDF or a web page
arrives in other lay-outs, and all of them are read here, once:

* ``rows``: one row per line, cells separated by ``|`` or tabs;
* ``bar``: one cell per line, each cell ending with `` |``;
* ``blank``: one cell per line with blank lines between cells (PDF and web copies); the lines of one cell
  are joined;
* a header whose names are split over several lines (``分管`` / ``县领导``) is joined back in every lay-out.

The header is found by its column names — in any order, full-width or with spaces inside (``分 管 县领导``):
序号 | 目标与任务 / 重点工作任务 / 工作任务 / 具体内容 | 牵头单位 / 牵头责任单位 / 主要责任单位 / 责任单位 |
协同配合单位 / 配合单位 / 责任单位 | 分管领导 / 分管县领导 / 责任领导 | 完成时限 / 时间节点 | 备注.
Row numbers may start anywhere and skip (a bureau keeps its rows of a county-wide table); section rows
(一、…) may stand between rows, with or without rows under them. Leaders are split by a person-name model
(common surnames, compound surnames; ``王 明`` is one person, ``王明李华`` two). A cell that starts mid-word or
repeats a sentence is kept as written and flagged.

Everything is one pass over the lines (the prose parser's linear-time promise holds for tables too).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import leads as leads_mod
from .model import Item, Section
from .text import fold, small_cn_number

#: Column names (whitespace removed, folded) → role. 责任单位 is the lead column unless the table also has
#: a 牵头 column, then it holds the co-units.
_NAMES: dict[str, str] = {}
for _role, _names in (
    ("number", "序号 编号 序"),
    ("task", "目标与任务 重点工作任务 工作任务 重点任务 主要任务 任务 工作事项 任务名称 项目名称 工作目标"),
    ("content", "具体内容 工作内容 具体目标 具体措施 工作措施 主要内容 目标任务 任务内容 具体任务 工作要求"),
    (
        "lead",
        "牵头单位 牵头责任单位 主要责任单位 牵头部门 责任单位 责任部门 责任科室 责任股室 牵头科室 主办单位",
    ),
    (
        "co",
        "协同配合单位 配合单位 协办单位 协同单位 参与单位 配合部门 协助单位 配合股室 配合科室 协办股室 协办科室 协办部门",
    ),
    ("leader", "分管领导 分管县领导 分管区领导 分管市领导 责任领导 分管局领导 牵头领导 县领导 责任人"),
    ("due", "完成时限 时间节点 完成时间 时限 时间安排 进度安排 完成期限"),
    ("note", "备注"),
):
    for _name in _names.split():
        _NAMES[_name] = _role
_LONGEST_NAME = max(len(n) for n in _NAMES)

_SPACES = re.compile(r"[\s\u3000]+")
_NUMBER = re.compile(r"0*(\d{1,4})[.、]?")
_SECTION = re.compile(r"([一二三四五六七八九十]{1,3})[、.]|\(([一二三四五六七八九十]{1,3})\)")
_ANNEX = re.compile(r"附件\s*\d*\s*:?|附表\s*\d*\s*:?")
_SENTENCES = re.compile(r"[^。;!?]+[。;!?]?")
#: Characters a cell does not start with unless it was cut from the middle of a sentence.
_MID_WORD = frozenset(",。、;:)!?”』」》的和及与了并等之")


_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_BREAKS = re.compile("\r\n|[\r\u2028\u2029\x0b\x0c\x85]")


def table_lines(raw: str) -> list[str]:
    """Physical lines as the table lay-outs need them: blank lines kept (they separate cells in a PDF
    copy), tabs kept (a row's first cells may be empty); spaces at both ends stripped."""
    raw = _BREAKS.sub("\n", _ZERO_WIDTH.sub("", raw))
    return [line.strip(" \u3000\xa0") for line in raw.split("\n")]


def _key(cell: str) -> str:
    return _SPACES.sub("", fold(cell)).strip(":*")


def column_role(cell: str) -> str | None:
    """The role of a header cell, or None when it is not a known column name."""
    key = _key(cell)
    return _NAMES.get(key) if len(key) <= _LONGEST_NAME else None


@dataclass
class Table:
    """What was found: the columns (roles, names as written), the lay-out and the data rows."""

    layout: str
    names: list[str]
    roles: list[str]
    header_line: int
    #: (section heading or None, cells) in document order; a section row has no cells.
    rows: list[tuple[str | None, list[str]]] = field(default_factory=list)


@dataclass
class TableParse:
    title: str | None
    preamble: str
    table: Table
    sections: list[Section]
    items: list[Item]
    warnings: list[str]


# ----------------------------------------------------------------------------------------- header


def _resolve_roles(names: list[str]) -> list[str]:
    roles = [column_role(n) or "other" for n in names]
    keys = [_key(n) for n in names]
    if roles.count("lead") > 1:  # 牵头单位 + 责任单位: the 责任 column holds the co-units
        for k, key in enumerate(keys):
            if roles[k] == "lead" and not key.startswith(("牵头", "主要")):
                roles[k] = "co"
                break
    if "task" not in roles and "content" in roles:
        roles[roles.index("content")] = "task"
    return roles


def _is_header(roles: list[str]) -> bool:
    return "number" in roles and "task" in roles and bool({"lead", "co", "leader", "due"} & set(roles))


def _join_names(cells: list[str]) -> list[str]:
    """Header cells with names split over cells joined back: 分管 + 县领导 → 分管县领导."""
    out: list[str] = []
    k = 0
    while k < len(cells):
        cell = cells[k]
        if column_role(cell) is None and k + 1 < len(cells):
            joined = _key(cell) + _key(cells[k + 1])
            if column_role(joined) is not None:
                out.append(cell + cells[k + 1])
                k += 2
                continue
        out.append(cell)
        k += 1
    return out


def _split_row(line: str, sep: str) -> list[str]:
    if sep == "|":
        line = line.strip().strip("|")
    return [c.strip(" \t\u3000") for c in line.split(sep)]


def _row_header(lines: list[str], i: int) -> tuple[Table, int] | None:
    """A header on line ``i`` in the rows lay-out (with its continuation line, when split), and the index of
    the first data line."""
    line = lines[i]
    for sep in ("\t", "|"):
        if line.count(sep) < 2:
            continue
        cells = _split_row(line, sep)
        nxt = i + 1
        # a header split over two lines: the next line holds the rest of some names at the same positions
        if nxt < len(lines) and lines[nxt].count(sep) >= 2:
            more = _split_row(lines[nxt], sep)
            if not any(_NUMBER.fullmatch(fold(c)) for c in more if c) and any(
                c and column_role(a) is None and column_role(a + c) for a, c in zip(cells, more, strict=False)
            ):
                cells = [a + (more[k] if k < len(more) else "") for k, a in enumerate(cells)]
                nxt += 1
        cells = _join_names([c for c in cells if c]) if "" not in cells else cells
        roles = _resolve_roles(cells)
        if _is_header(roles):
            return Table(layout="rows", names=cells, roles=roles, header_line=i), nxt
    return None


def _stream_cells(lines: list[str], i: int, layout: str):
    """(first line index, cell) for the cell-per-line lay-outs, from line ``i`` on."""
    buf: list[str] = []
    start = i
    for j in range(i, len(lines)):
        raw = lines[j].strip(" \t\u3000")
        if layout == "bar":
            if not raw:
                continue
            ends = raw.endswith("|")
            buf.append(raw.rstrip("|").rstrip(" \t\u3000"))
            if ends:
                yield start, "".join(buf)
                buf, start = [], j + 1
        else:  # blank: blank lines end a cell
            if raw:
                if not buf:
                    start = j
                buf.append(raw)
            elif buf:
                yield start, "".join(buf)
                buf = []
    if buf:
        yield start, "".join(buf)


def _stream_header(lines: list[str], i: int) -> tuple[Table, list[tuple[int, str]]] | None:
    """A header starting with 序号 alone on line ``i`` in a cell-per-line lay-out."""
    raw = lines[i].strip(" \t\u3000")
    layout = "bar" if raw.endswith("|") else "blank"
    cells = _stream_cells(lines, i, layout)
    names: list[str] = []
    pending: list[tuple[int, str]] = []
    for line_no, cell in cells:
        if column_role(cell) is not None:
            names.append(cell)
            continue
        if names and column_role(names[-1]) is None:
            break
        if (
            len(_key(cell)) < _LONGEST_NAME
            and not _NUMBER.fullmatch(fold(cell))
            and not _SECTION.match(fold(cell))
        ):
            names.append(cell)  # perhaps the first half of a split name
            continue
        pending.append((line_no, cell))
        break
    names = _join_names(names)
    if names and column_role(names[-1]) is None:  # a fragment that never found its other half
        return None
    roles = _resolve_roles(names)
    if not _is_header(roles):
        return None
    table = Table(layout=layout, names=names, roles=roles, header_line=i)
    rest = pending + list(cells)
    return table, rest


def find_table(lines: list[str]) -> tuple[Table, list[tuple[int, str]] | int] | None:
    """The first table header in the document: the table and where its data start (a line index for the
    rows lay-out, the remaining cells for the cell-per-line ones)."""
    for i, line in enumerate(lines):
        if "序" not in line and "编号" not in line:
            continue
        found = _row_header(lines, i)
        if found:
            return found
        if _key(line.rstrip(" |")) in ("序号", "编号", "序"):
            stream = _stream_header(lines, i)
            if stream:
                return stream
    return None


# -------------------------------------------------------------------------------------------- rows


def _section_of(cells: list[str]) -> str | None:
    filled = [c for c in cells if c]
    if not filled or len(set(filled)) != 1:  # a merged row repeats its text in each cell
        return None
    text = filled[0]
    if _NUMBER.fullmatch(fold(text)):
        return None
    m = _SECTION.match(fold(text))
    return text if m and len(text) <= 60 and "。" not in text else None


def _row_cells(lines: list[str], start: int, table: Table):
    """(line number, section or None, cells) of each row in the rows lay-out; a line without separators
    continues the previous row's task cell (a wrapped cell), unless a blank line stands before it: then the
    table has ended (a web page's footer, the text after a table in Word)."""
    sep = "\t" if table.layout == "rows" and "\t" in lines[table.header_line] else "|"
    gap = False
    for j in range(start, len(lines)):
        line = lines[j]
        if not line.strip():
            gap = True
            continue
        if sep not in line and gap:
            return
        gap = False
        cells = _split_row(line, sep) if sep in line else [line.strip()]
        yield j, cells


def _assemble(table: Table, source, stream: bool):
    """Rows from cells: a number cell starts a row; a section cell stands alone; others fill the row."""
    ncol = len(table.roles)
    number_at = table.roles.index("number")
    current: list[str] | None = None
    current_line = 0
    out: list[tuple[int, str | None, list[str]]] = []
    for line_no, cells in source:
        if stream:
            cell = cells
            fcell = fold(cell)
            if _NUMBER.fullmatch(fcell) and (current is None or len(current) >= 2):
                if current is not None:
                    out.append((current_line, None, current))
                current, current_line = [cell], line_no
                continue
            if _section_of([cell]) and (current is None or len(current) >= 2):
                if current is not None:
                    out.append((current_line, None, current))
                    current = None
                out.append((line_no, cell, []))
                continue
            if current is None:
                out.append((line_no, None, [cell]))  # text before the first row
            else:
                current.append(cell)
            continue
        section = _section_of(cells)
        if section:
            if current is not None:
                out.append((current_line, None, current))
                current = None
            out.append((line_no, section, []))
            continue
        lead = cells[number_at] if number_at < len(cells) else ""
        if _NUMBER.fullmatch(fold(lead)):
            if current is not None:
                out.append((current_line, None, current))
            current, current_line = list(cells) + [""] * (ncol - len(cells)), line_no
        elif current is not None:
            if len(cells) == 1:  # a wrapped task cell
                k = table.roles.index("task")
                current[k] = current[k] + cells[0]
            else:  # a row continued over two lines (merged cells): append cell by cell
                for k, cell in enumerate(cells[:ncol]):
                    if cell:
                        current[k] = (current[k] + " " + cell).strip()
        else:
            out.append((line_no, None, cells))
    if current is not None:
        out.append((current_line, None, current))
    return out


def _fit_stream_row(cells: list[str], roles: list[str]) -> list[str]:
    """A cell-per-line row whose empty cells vanished: keep the order, and put a trailing date-like cell
    in the due column."""
    ncol = len(roles)
    if len(cells) >= ncol:
        return cells[:ncol] if len(cells) == ncol else cells[: ncol - 1] + ["".join(cells[ncol - 1 :])]
    out = cells + [""] * (ncol - len(cells))
    if "due" in roles and cells and _looks_due(cells[-1]):
        due_at = roles.index("due")
        if len(cells) - 1 < due_at:
            out[len(cells) - 1] = ""
            out[due_at] = cells[-1]
    if "leader" in roles:  # a person's name sitting in a unit column moved left over a vanished cell
        leader_at = roles.index("leader")
        for k in range(leader_at):
            if roles[k] in ("lead", "co") and not out[leader_at] and _looks_person(out[k]):
                out[leader_at], out[k] = out[k], ""
                break
    return out


_UNIT_CHARS = re.compile(r"局|委|办|院|校|处|室|股|中心|政府|单位|部|会|所|站|队|团|司|行|街道|镇|乡")


def _looks_person(cell: str) -> bool:
    """A cell of personal names only (王 明、李华), not unit names."""
    if not cell or _UNIT_CHARS.search(cell):
        return False
    return all(
        segment_names(_SPACES.sub("", part)) for part in _LEADER_SEPARATORS.split(cell) if part.strip()
    )


_DUE_LIKE = re.compile(r"\d{4}年|\d{1,2}月|年底|年末|上半年|下半年|全年|长期|持续|季度|常态")


def _looks_due(cell: str) -> bool:
    return len(cell) <= 20 and bool(_DUE_LIKE.search(fold(cell)))


# ----------------------------------------------------------------------------------------- leaders

#: Common Chinese surnames (the first hundred-odd cover the great majority of people) and compound ones.
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
    "向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌"
    "毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦"
    "麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩"
    "明佘池乐匡钮燕"
)
_COMPOUND = frozenset(
    [
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "令狐",
        "夏侯",
        "长孙",
        "宇文",
        "司徒",
        "西门",
        "端木",
        "独孤",
    ]
)
_LEADER_SEPARATORS = re.compile(r"[、,;/\n]+|\s{2,}")
_TITLES = re.compile(
    r"^(?:县|区|市|局)?(?:委)?(?:常委|副?县长|副?区长|副?局长|副?书记|主任|副主任|调研员|党组成员)+"
)


def _surname_at(s: str, i: int) -> int:
    """Length of the surname starting at ``i`` (2 for a compound one), 0 when none does."""
    if s[i : i + 2] in _COMPOUND:
        return 2
    return 1 if i < len(s) and s[i] in _SURNAMES else 0


def segment_names(run: str) -> list[str] | None:
    """``run`` (no spaces) as a sequence of whole names — surname plus one or two characters — or None.

    Where two segmentations fit, the one with the longer first name wins (三字名 are the more common).
    """
    n = len(run)
    if n > 40:
        return None
    # best[i]: a segmentation of run[i:] (list of names) or None; filled right to left
    best: list[list[str] | None] = [None] * (n + 1)
    best[n] = []
    for i in range(n - 1, -1, -1):
        sl = _surname_at(run, i)
        if not sl:
            continue
        for given in (2, 1):
            j = i + sl + given
            if j <= n and best[j] is not None:
                best[i] = [run[i:j], *best[j]]
                break
    return best[0]


def split_leaders(cell: str) -> list[str]:
    """Leaders in a cell: separated by 、，; or line breaks, each written with or without a space inside
    (``王 明``), two run together when a line break was lost (``王明李华``); titles (副县长) dropped."""
    out: list[str] = []
    for part in _LEADER_SEPARATORS.split(cell):
        part = _SPACES.sub("", part.strip())
        if not part:
            continue
        part = _TITLES.sub("", part) or part
        names = (
            segment_names(part) if len(part) > 3 or (len(part) == 3 and part[:2] not in _COMPOUND) else None
        )
        if names and len(names) > 1:
            out.extend(names)
        else:
            out.append(part)
    return list(dict.fromkeys(out))


# --------------------------------------------------------------------------------------- defects


def copy_defects(cell: str) -> list[str]:
    """What looks damaged in a cell copied from elsewhere: it starts mid-word, or repeats a sentence."""
    out = []
    text = cell.strip()
    if text and text[0] in _MID_WORD or (text and fold(text)[0] in _MID_WORD):
        out.append("starts_mid_word")
    seen: set[str] = set()
    for m in _SENTENCES.finditer(fold(text)):
        sentence = m.group(0).strip().rstrip("。;!?")
        if len(sentence) >= 6:
            if sentence in seen:
                out.append("repeated_sentence")
                break
            seen.add(sentence)
    return out


_DEFECT_WORDS = {
    "starts_mid_word": "starts mid-word (the copy may have lost its beginning)",
    "repeated_sentence": "repeats a sentence (a copy defect?)",
}


# ----------------------------------------------------------------------------------------- parse


def strip_annex(title: str | None) -> str | None:
    """附件2泉港区…分解表 → 泉港区…分解表 (the annex label glued to the title by the header stage)."""
    if not title:
        return title
    m = _ANNEX_PREFIX.match(fold(title))
    return title[m.end() :].strip() or None if m else title


_ANNEX_PREFIX = re.compile(r"(?:附件|附表)\s*\d*\s*:?\s*")


#: Roles a reviewer may give a column (序号 and the task column define the header and stay as found).
MAPPABLE_ROLES = ("content", "lead", "co", "leader", "due", "note", "other")


def parse_table_lines(lines: list[str], column_roles: dict[str, str] | None = None) -> TableParse | None:
    """The plan as a table, or None when the document has no recognisable table header.

    ``column_roles`` maps a column name as written to a role from :data:`MAPPABLE_ROLES`: a reviewer's
    reading of a column the parser did not recognise (or read wrongly); names are compared as the header
    is (spaces and full-width forms ignored)."""
    found = find_table(lines)
    if found is None:
        return None
    table, where = found
    if column_roles:
        wanted = {_key(name): role for name, role in column_roles.items() if role in MAPPABLE_ROLES}
        for k, name in enumerate(table.names):
            if table.roles[k] not in ("number", "task") and _key(name) in wanted:
                table.roles[k] = wanted[_key(name)]
    stream = table.layout != "rows"
    source = where if stream else _row_cells(lines, where, table)
    assembled = _assemble(table, source, stream)

    before = [ln.strip() for ln in lines[: table.header_line] if ln.strip()]
    while before and _ANNEX.fullmatch(fold(before[0])):
        before.pop(0)
    title = before[0] if before else None
    preamble_parts = before[1:]
    warnings: list[str] = []
    sections: list[Section] = []
    items: list[Item] = []
    section: Section | None = None
    for line_no, heading, cells in assembled:
        if heading is not None:
            h = _SECTION.match(fold(heading))
            numeral = h.group(1) or h.group(2)
            title_text = heading[h.end() :].strip(" \t\u3000|")
            section = Section(
                number=small_cn_number(numeral) or len(sections) + 1, numeral=numeral, title=title_text
            )
            sections.append(section)
            table.rows.append((heading, []))
            continue
        if stream:
            cells = _fit_stream_row(cells, table.roles) if _NUMBER.fullmatch(fold(cells[0])) else cells
        by_role: dict[str, str] = {}
        for role, cell in zip(table.roles, cells, strict=False):
            if cell and role not in by_role:
                by_role[role] = cell
            elif cell:
                by_role[role] = by_role[role] + "\n" + cell
        number = _NUMBER.fullmatch(fold(by_role.get("number", "")))
        if not number:
            if not items and not sections:
                preamble_parts.append(" ".join(c for c in cells if c))
            else:
                warnings.append(
                    f"line {line_no + 1}: table row without a number, not read: {' '.join(cells)[:40]}"
                )
            continue
        table.rows.append((None, list(cells)))
        item = _item(int(number.group(1)), section, by_role, cells, line_no, warnings)
        extra = [
            f"{_SPACES.sub('', table.names[k])}：{cell}"
            for k, cell in enumerate(cells[: len(table.roles)])
            if table.roles[k] == "other" and cell
        ]
        if extra:  # a column the parser does not know: kept in the body under its name, never dropped
            item.body = "\n".join(t for t in [item.body, *extra] if t)
        items.append(item)
    unknown = [n for n, r in zip(table.names, table.roles, strict=False) if r == "other" and n]
    if unknown:
        warnings.insert(0, "columns not recognised, kept in each task's body: " + "、".join(unknown))
    return TableParse(
        title=title,
        preamble="\n".join(preamble_parts),
        table=table,
        sections=sections,
        items=items,
        warnings=warnings,
    )


def _item(number: int, section: Section | None, by_role: dict[str, str], cells, line_no, warnings) -> Item:
    task = by_role.get("task", "")
    content = by_role.get("content", "")
    from .structure import split_title

    if content:
        title, body = task.strip(), content.strip()
    else:
        title, body = split_title(task)
    lead_units = leads_mod.split_units(by_role["lead"]) if by_role.get("lead") else []
    co_units = leads_mod.split_units(by_role["co"]) if by_role.get("co") else []
    leaders = split_leaders(by_role["leader"]) if by_role.get("leader") else []
    flags = []
    for role in ("task", "content"):
        for defect in copy_defects(by_role.get(role, "")):
            flags.append(defect)
            warnings.append(
                f"row {number} (line {line_no + 1}): the {role} cell {_DEFECT_WORDS[defect]}; kept as written"
            )
    return Item(
        number=number,
        section=section.numeral if section else None,
        title=title,
        body=body,
        lead_units=lead_units,
        co_units=[u for u in co_units if u not in lead_units],
        responsible_leaders=leaders,
        due=by_role.get("due") or None,
        note=by_role.get("note") or None,
        flags=list(dict.fromkeys(flags)),
        source_row=[c for c in cells],
    )
