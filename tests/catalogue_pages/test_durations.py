"""Processing times read as words, with Latvian plural forms."""

from __future__ import annotations

import pytest

from catalogue_pages.durations import humanize_duration


@pytest.mark.parametrize(
    ("value", "lv", "en"),
    [
        ("P1D", "1 diena", "1 day"),
        ("P2D", "2 dienas", "2 days"),
        ("P10D", "10 dienu", "10 days"),
        ("P11D", "11 dienu", "11 days"),
        ("P21D", "21 diena", "21 days"),
        ("P22D", "22 dienas", "22 days"),
        ("P30D", "30 dienu", "30 days"),
        ("P1M", "1 mēnesis", "1 month"),
        ("P2W", "2 nedēļas", "2 weeks"),
        ("PT1H30M", "1 stunda un 30 minūšu", "1 hour and 30 minutes"),
        ("P1Y2M10D", "1 gads, 2 mēneši un 10 dienu", "1 year, 2 months and 10 days"),
        ("P0D", "uzreiz", "immediately"),
    ],
)
def test_iso_durations_in_words(value, lv, en):
    assert humanize_duration(value, "lv") == lv
    assert humanize_duration(value, "en") == en


@pytest.mark.parametrize("junk", ["", "10 days", "P", "PT", "P1DT", "<script>", "P1.5.5D"])
def test_junk_durations_never_raise(junk):
    assert isinstance(humanize_duration(junk, "lv"), str)
