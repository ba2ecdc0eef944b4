"""Due dates count Latvian working days: weekends and public holidays (moved Mondays too)."""

from __future__ import annotations

import datetime as dt

import pytest

from service_requests.due_dates import (
    DEFAULT_TARGET_DAYS,
    add_working_days,
    compute_due_date,
    due_from_processing_time,
    easter_sunday,
    is_working_day,
    latvian_holidays,
)
from service_requests.models import ResponseTarget

D = dt.date


@pytest.mark.parametrize(
    ("year", "easter"), [(2024, D(2024, 3, 31)), (2025, D(2025, 4, 20)), (2026, D(2026, 4, 5))]
)
def test_easter_is_the_western_one(year, easter):
    assert easter_sunday(year) == easter


def test_the_latvian_public_holidays_of_2026():
    holidays = latvian_holidays(2026)
    for day in (
        D(2026, 1, 1),
        D(2026, 4, 3),  # Lielā piektdiena
        D(2026, 4, 6),  # Otrās Lieldienas
        D(2026, 5, 1),
        D(2026, 5, 4),
        D(2026, 6, 23),
        D(2026, 6, 24),
        D(2026, 11, 18),
        D(2026, 12, 24),
        D(2026, 12, 25),
        D(2026, 12, 26),
        D(2026, 12, 31),
    ):
        assert day in holidays, day
    assert not is_working_day(D(2026, 11, 18)) and is_working_day(D(2026, 11, 19))


def test_4_may_and_18_november_on_a_weekend_move_to_monday():
    assert D(2025, 5, 5) in latvian_holidays(2025)  # 4 May 2025 is a Sunday
    assert D(2028, 11, 20) in latvian_holidays(2028)  # 18 November 2028 is a Saturday
    assert D(2026, 5, 5) not in latvian_holidays(2026)  # 4 May 2026 is a Monday itself


def test_working_days_skip_weekends_and_the_christmas_holidays():
    # Mon 21 Dec 2026 + 5 working days: 22, 23, (24-27 off), 28, 29, 30 → 30 Dec.
    assert add_working_days(D(2026, 12, 21), 5) == D(2026, 12, 30)
    # …and 31 Dec and 1 Jan are off as well.
    assert add_working_days(D(2026, 12, 30), 1) == D(2027, 1, 4)
    assert add_working_days(D(2026, 12, 26), 0) == D(2026, 12, 28)


@pytest.mark.parametrize(
    ("duration", "due"),
    [
        ("P10D", D(2026, 12, 21)),  # 10 working days from Mon 7 Dec: 8–11, 14–18, 21
        ("P2W", D(2026, 12, 21)),  # a week is five working days
        ("P1M", D(2027, 1, 7)),  # a month is calendar time (7 Jan 2027 is a Thursday)
        ("PT4H", D(2026, 12, 8)),  # hours: one working day per started eight
        ("nonsense", None),
    ],
)
def test_processing_time_of_the_register_as_a_due_date(duration, due):
    assert due_from_processing_time(D(2026, 12, 7), duration) == due


@pytest.mark.django_db
def test_service_requests_follow_the_register_other_kinds_the_institutions_targets():
    start, iri = D(2026, 12, 7), "https://virsis.example/id/org/X"
    assert compute_due_date(start, "service-request", "low", iri, "P10D") == D(2026, 12, 21)
    assert compute_due_date(start, "incident", "critical", iri) == add_working_days(
        start, DEFAULT_TARGET_DAYS["critical"]
    )
    ResponseTarget.objects.create(
        institution_iri=iri, request_kind="incident", priority="critical", working_days=0
    )
    assert compute_due_date(start, "incident", "critical", iri) == start
    other = "https://virsis.example/id/org/Y"
    assert compute_due_date(start, "incident", "critical", other) == D(2026, 12, 8)
    # A service request without a processing time uses the targets too.
    assert compute_due_date(start, "service-request", "normal", iri, "") == add_working_days(
        start, 10
    )
