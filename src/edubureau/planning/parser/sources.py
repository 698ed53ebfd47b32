"""Reading plan files: plain text in any common Chinese encoding, Word (.docx, python-docx), Excel (.xlsx,
openpyxl), PDF (pypdf: pure Python, keeps reading order) and web pages (.html, the standard library)."""

from __future__ import annotations

from pathlib import Path

from .text import fold

_ENCODINGS = ("utf-8-sig", "gb18030", "utf-16")


def read_file(path: str | Path) -> str:
    """The plan as text, whatever it came in: .docx, .xlsx, .pdf, .html or text; tables one row per line.

    A file that is not a plan in a readable form raises :class:`PlanReadError`."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        try:
            return read_docx(path)
        except Exception as exc:
            raise PlanReadError("unreadable", exc.__class__.__name__) from exc
    if suffix == ".xlsx":
        return read_xlsx(path)
    if suffix == ".pdf":
        return read_pdf(path)
    if suffix in (".html", ".htm"):
        return read_html(path.read_bytes())
    if suffix in (".doc", ".xls", ".wps", ".et", ".ofd"):
        raise PlanReadError("unsupported")
    return decode(path.read_bytes())


def decode(data: bytes) -> str:
    """UTF-8 first (with or without BOM), then GB18030 (a superset of GBK/GB2312), then UTF-16."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def read_docx(path: str | Path) -> str:
    """Paragraphs and tables in document order; a table row becomes one line of tab-separated cells.

    Cells merged across columns appear once; the paragraphs inside one cell are joined with a space so that
    the row stays on one line.
    """
    import docx  # python-docx; imported late so that reading text files does not need it

    document = docx.Document(str(path))
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table):
            for row in block.rows:
                cells, seen = [], set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    cells.append(" ".join(p.text.strip() for p in cell.paragraphs if p.text.strip()))
                lines.append("\t".join(cells))
        else:
            lines.append(block.text)
    return "\n".join(lines)


class PlanReadError(ValueError):
    """A plan file that cannot be read as a plan; ``code`` names why (the page and the CLI say it in words)."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(code)
        self.code = code
        self.detail = detail

    @property
    def message(self) -> str:
        return READ_ERRORS.get(self.code, READ_ERRORS["unreadable"])


#: The reasons a file is refused, in the bureau's words (the CLI prints them; the page translates the code).
READ_ERRORS = {
    "pdf_no_text": "这个 PDF 没有文字层（可能是扫描件），系统不支持文字识别（OCR）。请上传原始 Word、Excel 文件或可复制文字的 PDF。",
    "pdf_encrypted": "这个 PDF 已加密，无法读取。请去掉密码后再上传，或上传原始 Word、Excel 文件。",
    "xlsx_no_header": "Excel 表中没有找到表头：需要一行列名，至少包括“序号”“工作任务（或目标与任务、具体内容）”和“牵头单位”“完成时限”等之一。请检查表头后再上传。",
    "unsupported": "不支持这种文件格式。请上传 .txt、.docx、.xlsx、.pdf 或 .html 文件（旧版 .doc、.xls 请先另存为新格式）。",
    "unreadable": "文件无法读取，可能已损坏。请重新保存后再上传。",
    "xlsx_too_large": "Excel 表的范围过大：一张分解表不超过5,000行、60列。请删除表格以外多余的行、列和工作表后重新保存。",
}
# A decomposition table is a few hundred rows; a sheet is refused before its cells are laid out in a grid.
MAX_SHEET_ROWS, MAX_SHEET_COLUMNS = 5_000, 60

READABLE_SUFFIXES = (".txt", ".docx", ".xlsx", ".pdf", ".html", ".htm")


def read_xlsx(path: str | Path) -> str:
    """Every sheet with a recognisable table header, one row per line, cells tab-separated; a merged range
    gives its value to each row it covers (a lead unit merged down a block of rows leads each of them), once
    per row (a title or section row merged across the sheet is not repeated in every column)."""
    import openpyxl

    from edubureau.registry.imports.reader import WorkbookError, check_archive

    from .tables import find_table

    try:
        with open(path, "rb") as fh:
            check_archive(fh)  # the registry import's bounds: whole size, shared strings, zip bombs
    except WorkbookError as exc:
        raise PlanReadError("xlsx_too_large", str(exc)) from exc
    try:
        book = openpyxl.load_workbook(str(path), data_only=True)
    except Exception as exc:
        raise PlanReadError("unreadable", exc.__class__.__name__) from exc
    out: list[str] = []
    for sheet in book.worksheets:
        if sheet.max_row > MAX_SHEET_ROWS or sheet.max_column > MAX_SHEET_COLUMNS:
            raise PlanReadError("xlsx_too_large", f"{sheet.max_row}x{sheet.max_column}")
        values = [[_xlsx_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        for merged in sheet.merged_cells.ranges:  # filled down, not across: a title is not repeated
            c = merged.min_col - 1
            value = values[merged.min_row - 1][c] if merged.min_row <= len(values) else ""
            for r in range(merged.min_row - 1, min(merged.max_row, len(values))):
                if c < len(values[r]):
                    values[r][c] = value
        lines = ["\t".join(row).rstrip("\t") for row in values]
        if find_table(lines) is not None:
            out.extend(lines)
            out.append("")
    if not out:
        raise PlanReadError("xlsx_no_header")
    return "\n".join(out)


def _xlsx_text(value) -> str:
    import datetime as dt

    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())  # line breaks inside a cell become spaces: one row, one line


def read_pdf(path: str | Path) -> str:
    """The text layer of a PDF in reading order (pypdf); a scanned or encrypted PDF is refused."""
    import pypdf

    try:
        reader = pypdf.PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise PlanReadError("pdf_encrypted")
        fragments: list[list[tuple[float, float, str]]] = []
        for page in reader.pages:
            fragments.append([])
            page.extract_text(visitor_text=_collector(fragments[-1]))
        table = pdf_table_text(fragments)
        pages = [table] if table is not None else [page.extract_text() or "" for page in reader.pages]
    except PlanReadError:
        raise
    except pypdf.errors.FileNotDecryptedError as exc:
        raise PlanReadError("pdf_encrypted") from exc
    except Exception as exc:  # a damaged PDF
        raise PlanReadError("unreadable", exc.__class__.__name__) from exc
    text = "\n".join(pages)
    if not text.strip():
        raise PlanReadError("pdf_no_text")
    return text


def _collector(out: list[tuple[float, float, str]]):
    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            out.append((x, y, text.strip()))

    return visit


def pdf_table_text(pages: list[list[tuple[float, float, str]]]) -> str | None:
    """A table in a PDF rebuilt from where its text sits: the header row (序号 …) gives the columns' left
    edges; each piece of text belongs to the column it starts in; a number in the 序号 column starts a row
    and a section heading (一、…) there stands alone. Cells wrapped over several lines are joined. None when
    no page has a 序号 header (the plain text is read instead)."""
    from .tables import _NUMBER, _SECTION, column_role

    header_y = None
    columns: list[list] = []  # [x, name pieces]
    lines_above: dict[float, list[tuple[float, str]]] = {}
    rows: list[list[str] | str] = []
    current: list[list[tuple[int, float, float, str]]] | None = None
    number_col = 0

    def col_of(x: float) -> int:
        k = 0
        for i, (cx, _) in enumerate(columns):
            if x >= cx - 3:
                k = i
        return k

    def close() -> None:
        if current is not None:
            rows.append([_join_pieces(cell) for cell in current])

    for page_no, fragments in enumerate(pages):
        frags = sorted(fragments, key=lambda f: (-round(f[1]), f[0]))
        if header_y is None:
            head = next((f for f in frags if fold(f[2]).replace(" ", "") in ("序号", "编号")), None)
            if head is None:
                for x, y, text in frags:
                    lines_above.setdefault(round(y), []).append((x, text))
                continue
            header_y = head[1]
            for x, y, text in frags:
                if y > header_y + 2:
                    lines_above.setdefault(round(y), []).append((x, text))
                elif abs(y - header_y) <= 2:
                    columns.append([x, [text]])
            columns.sort(key=lambda c: c[0])
            number_col = next(i for i, c in enumerate(columns) if c[1][0] == head[2])
            frags = [f for f in frags if f[1] < header_y - 2]
            in_header = True
        else:
            in_header = False
            repeat = next((f for f in frags if fold(f[2]).replace(" ", "") in ("序号", "编号")), None)
            if repeat is not None:  # the header repeated on every page
                frags = [f for f in frags if abs(f[1] - repeat[1]) > 2]
        for x, y, text in frags:
            k = col_of(x)
            if k == number_col and (_NUMBER.fullmatch(fold(text)) or _SECTION.match(fold(text))):
                in_header = False
                close()
                if _SECTION.match(fold(text)) and not _NUMBER.fullmatch(fold(text)):
                    rows.append(text)
                    current = None
                else:
                    current = [[] for _ in columns]
                    current[k].append((page_no, x, y, text))
                continue
            if in_header:
                columns[k][1].append(text)  # a header name wrapped onto a second line
            elif current is not None:
                current[k].append((page_no, x, y, text))  # a row may go on over a page break
            elif rows and isinstance(rows[-1], str):
                rows[-1] += text  # a section heading wrapped
    close()
    if header_y is None or not rows:
        return None
    names = ["".join(pieces) for _, pieces in columns]
    if sum(column_role(n) is not None for n in names) < 3:
        return None
    out = ["".join(t for _, t in sorted(pieces)) for _, pieces in sorted(lines_above.items(), reverse=True)]
    out.append("\t".join(names))
    out.extend(row if isinstance(row, str) else "\t".join(row) for row in rows)
    return "\n".join(out)


def _join_pieces(pieces: list[tuple[int, float, float, str]]) -> str:
    """A cell's pieces in reading order (page, line, left to right); a space only between two pieces of
    Latin text."""
    out = ""
    for _, _, _, text in sorted(pieces, key=lambda p: (p[0], -round(p[2]), p[1])):
        if out and out[-1].isascii() and out[-1].isalpha() and text[0].isascii() and text[0].isalpha():
            out += " "
        out += text
    return out


def read_html(data: bytes) -> str:
    """A web page: text blocks one per line, each table row one line of tab-separated cells (colspan and
    rowspan filled, as for merged cells in Excel)."""
    from html.parser import HTMLParser

    class _Reader(HTMLParser):
        BLOCKS = frozenset(
            ["p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "title"]
        )

        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.lines: list[str] = []
            self.buf: list[str] = []
            self.row: list[str] | None = None
            self.cell: list[str] | None = None
            self.span = (1, 1)
            self.down: dict[int, tuple[str, int]] = {}  # column → (text, rows still covered)
            self.skip = 0

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag in ("script", "style", "title"):  # the page's <title> is the browser tab's, not the plan's
                self.skip += 1
            elif tag == "tr":
                self.flush()
                self.row = []
                self._fill_down()
            elif tag in ("td", "th") and self.row is not None:
                self.cell = []
                self.span = (_int(a.get("colspan")), _int(a.get("rowspan")))
            elif tag in self.BLOCKS and self.cell is None:
                self.flush()
            elif tag == "br" and self.cell is not None:
                self.cell.append(" ")

        def handle_endtag(self, tag):
            if tag in ("script", "style", "title"):
                self.skip = max(0, self.skip - 1)
            elif tag in ("td", "th") and self.row is not None and self.cell is not None:
                text = " ".join("".join(self.cell).split())
                cols, rows = self.span
                for _ in range(cols):
                    if rows > 1:
                        self.down[len(self.row)] = (text, rows - 1)
                    self.row.append(text)
                    self._fill_down()
                self.cell = None
            elif tag == "tr" and self.row is not None:
                self.lines.append("\t".join(self.row))
                self.row = None
            elif tag == "table":
                self.flush()
                self.lines.append("")  # the table ends: a footer below is not part of its last row
            elif tag in self.BLOCKS and self.cell is None:
                self.flush()

        def _fill_down(self):
            while self.row is not None and len(self.row) in self.down:
                text, left = self.down.pop(len(self.row))
                if left > 1:
                    self.down[len(self.row)] = (text, left - 1)
                self.row.append(text)

        def handle_data(self, data):
            if self.skip:
                return
            if self.cell is not None:
                self.cell.append(data)
            elif self.row is None:
                self.buf.append(data)

        def flush(self):
            text = " ".join("".join(self.buf).split())
            if text:
                self.lines.append(text)
            self.buf = []

    reader = _Reader()
    reader.feed(decode(data))
    reader.close()
    reader.flush()
    return "\n".join(reader.lines)


def _int(value) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1
