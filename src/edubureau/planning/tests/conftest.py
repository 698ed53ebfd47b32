from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture
def quangang_text() -> str:
    return (DATA / "quangang-2019.txt").read_text(encoding="utf-8")
