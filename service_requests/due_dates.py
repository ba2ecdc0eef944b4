"""Due dates in working days, with the Latvian public holidays.

Why here and not a library: the holidays are few and fixed by law (*Par svētku, atceres un
atzīmējamām dienām*), and the rule that moves 4 May and 18 November to the Monday when they
fall on a weekend is the one thing a generic calendar gets wrong. One-off days off decided by
the Cabinet (and the working Saturdays they move) are not known in advance and are not
counted.

A service request is due after the register's processing time of its service
(``cv:processingTime``, an ISO 8601 duration): days and weeks count as working days (a week is
five), months and years as calendar time rolled forward to a working day, hours as one working
day per started eight. The other kinds take the providing institution's target for the kind
and priority (``ResponseTarget``), else ``DEFAULT_TARGET_DAYS``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from decimal import Decimal
from functools import cache

from catalogue_pages.durations import parse_duration

from .models import ResponseTarget

#: Working days per priority when the institution configured no target for a kind.
DEFAULT_TARGET_DAYS = {"critical": 1, "high": 3, "normal": 10, "low": 20}
SERVICE_REQUEST = "service-request"


def easter_sunday(year: int) -> dt.date:
    """Western Easter (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return dt.date(year, month, day + 1)


def _monday_if_weekend(day: dt.date) -> set[dt.date]:
    if day.weekday() >= 5:
        return {day, day + dt.timedelta(days=7 - day.weekday())}
    return {day}


@cache
def latvian_holidays(year: int) -> frozenset[dt.date]:
    """The public holidays (svētku dienas) of one year, moved Mondays included."""
    easter = easter_sunday(year)
    days = {
        dt.date(year, 1, 1),
        easter - dt.timedelta(days=2),  # Lielā piektdiena
        easter,
        easter + dt.timedelta(days=1),  # Otrās Lieldienas
        dt.date(year, 5, 1),
        dt.date(year, 6, 23),
        dt.date(year, 6, 24),
        dt.date(year, 12, 24),
        dt.date(year, 12, 25),
        dt.date(year, 12, 26),
        dt.date(year, 12, 31),
    }
    days |= _monday_if_weekend(dt.date(year, 5, 4))
    days |= _monday_if_weekend(dt.date(year, 11, 18))
    return frozenset(days)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in latvian_holidays(day.year)


def add_working_days(start: dt.date, count: int) -> dt.date:
    """The ``count``-th working day after ``start`` (``start`` itself when count is 0 and it
    is a working day, else the next working day)."""
    day = start
    if count <= 0:
        while not is_working_day(day):
            day += dt.timedelta(days=1)
        return day
    while count:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def _add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_from_processing_time(start: dt.date, duration: str) -> dt.date | None:
    """The due date after the register's processing time; None when it is not a duration."""
    parts = parse_duration(duration)
    if not parts:
        return None
    zero = Decimal(0)
    months = math.ceil(parts.get("years", zero) * 12 + parts.get("months", zero))
    working = math.ceil(parts.get("weeks", zero) * 5 + parts.get("days", zero))
    hours = (
        parts.get("hours", zero)
        + parts.get("minutes", zero) / 60
        + parts.get("seconds", zero) / 3600
    )
    working += math.ceil(hours / 8) if hours else 0
    day = _add_months(start, months) if months else start
    if months and not working:
        return add_working_days(day, 0)
    return add_working_days(day, working)


def target_days(institution_iri: str, kind: str, priority: str) -> int:
    """The institution's target for a kind and priority, else the portal's default."""
    configured = (
        ResponseTarget.objects.filter(
            institution_iri=institution_iri, request_kind=kind, priority=priority
        )
        .values_list("working_days", flat=True)
        .first()
    )
    if configured is not None:
        return configured
    return DEFAULT_TARGET_DAYS.get(priority, DEFAULT_TARGET_DAYS["normal"])


def compute_due_date(
    start: dt.date, kind: str, priority: str, institution_iri: str, processing_time: str = ""
) -> dt.date:
    """When a request arriving on ``start`` is due (see the module docstring)."""
    if kind == SERVICE_REQUEST and processing_time:
        due = due_from_processing_time(start, processing_time)
        if due is not None:
            return due
    return add_working_days(start, target_days(institution_iri, kind, priority))
