"""Fixtures for the import tests: workbooks in tmp_path, and schools with known codes and kinds."""

import pytest

from edubureau.registry import choices as c
from edubureau.registry.imports.tests.workbooks import STUDENT_HEADER, write_xlsx
from edubureau.registry.testing.factories import SchoolFactory


@pytest.fixture
def xlsx(tmp_path):
    """``xlsx(rows, name=…)`` → the path of a workbook with ``rows`` (the header included)."""
    counter = iter(range(1000))

    def make(rows, name=None, **kwargs):
        return write_xlsx(tmp_path / (name or f"book{next(counter)}.xlsx"), rows, **kwargs)

    return make


@pytest.fixture
def students_xlsx(xlsx):
    """``students_xlsx(rows)``: a CNSSIS workbook with the standard header above ``rows``."""
    return lambda rows, **kwargs: xlsx([STUDENT_HEADER, *rows], **kwargs)


@pytest.fixture
def junior(district):
    """A junior secondary school in the principal's town, but not the principal's school."""
    return SchoolFactory(area=district.town, name="泉港二中", kind=c.SchoolKind.JUNIOR)
