"""班额 bands (domain-rules §2), without the database."""

import pytest

from edubureau.registry.class_size import SizeBand, over_standard, size_band, size_band_css


@pytest.mark.parametrize(
    ("pupils", "band", "css"),
    [
        (0, SizeBand.STANDARD, "size-standard"),
        (45, SizeBand.STANDARD, "size-standard"),
        (46, SizeBand.ABOVE_STANDARD, "size-large"),
        (55, SizeBand.ABOVE_STANDARD, "size-large"),
        (56, SizeBand.LARGE_CLASS, "size-big"),
        (65, SizeBand.LARGE_CLASS, "size-big"),
        (66, SizeBand.VERY_LARGE_CLASS, "size-huge"),
        (90, SizeBand.VERY_LARGE_CLASS, "size-huge"),
    ],
)
def test_band_edges(pupils, band, css):
    assert size_band(pupils) == band
    assert size_band_css(pupils) == css


def test_standard_size_depends_on_level():
    # given a class of 46 / 50 / 51 pupils; when judged against 优质均衡 item 5; then:
    assert over_standard(46, "primary")
    assert not over_standard(50, "junior")
    assert over_standard(51, "junior")
    assert not over_standard(80, "preschool")  # no national standard for kindergarten classes here
