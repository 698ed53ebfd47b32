import datetime as dt
import io

import pytest
from django.test import override_settings
from openpyxl import Workbook

TODAY = dt.date(2019, 12, 20)


@pytest.fixture(autouse=True)
def _day(settings):
    settings.TODAY = TODAY.isoformat()
    with override_settings(TODAY=TODAY.isoformat()):
        yield


def xlsx(rows) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "scores.xlsx"
    return out
