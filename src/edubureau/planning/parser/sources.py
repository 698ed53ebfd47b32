"""Reading plan files: plain text in any common Chinese encoding, or Word (.docx) via python-docx."""

from __future__ import annotations

from pathlib import Path

_ENCODINGS = ("utf-8-sig", "gb18030", "utf-16")


def read_file(path: str | Path) -> str:
    path = Path(path)
    if path.suffix.lower() == ".docx":
        return read_docx(path)
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
