"""Document renderers: plain data in, file bytes out."""

from .gbt9704 import (
    Heading,
    OfficialDocument,
    Paragraph,
    Table,
    format_date,
    normalise_doc_number,
    render_docx,
)

__all__ = [
    "Heading",
    "OfficialDocument",
    "Paragraph",
    "Table",
    "format_date",
    "normalise_doc_number",
    "render_docx",
]
