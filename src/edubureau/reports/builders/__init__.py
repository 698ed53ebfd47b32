"""Report builders: for each report, a selector-like function that gathers its data through
``restrict()`` in a bounded number of queries, and a pure function that turns that plain data into a
document for a renderer (``reports.docx``)."""

from .plan_bulletin import bulletin_month, bulletin_title, plan_bulletin_data, plan_bulletin_document
from .plan_summary import plan_summary_data, plan_summary_document, summary_title
from .projects_bulletin import projects_bulletin_data, projects_bulletin_document, projects_bulletin_title

__all__ = [
    "bulletin_month",
    "bulletin_title",
    "plan_bulletin_data",
    "plan_bulletin_document",
    "plan_summary_data",
    "plan_summary_document",
    "summary_title",
    "projects_bulletin_data",
    "projects_bulletin_document",
    "projects_bulletin_title",
]
