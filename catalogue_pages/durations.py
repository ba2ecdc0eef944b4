"""ISO 8601 durations (``cv:processingTime``) as words a visitor reads: "10 dienu", "2 weeks".

Latvian counts need three forms, and the choice for round numbers ("10 dienu", genitive plural)
is not what the standard gettext plural formula for ``lv`` gives ("10 dienas"); the unit words
therefore live here as data for lv and en rather than in the gettext catalogues.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_PATTERN = re.compile(
    r"^P(?!$)(?:(?P<years>\d+(?:[.,]\d+)?)Y)?(?:(?P<months>\d+(?:[.,]\d+)?)M)?"
    r"(?:(?P<weeks>\d+(?:[.,]\d+)?)W)?(?:(?P<days>\d+(?:[.,]\d+)?)D)?"
    r"(?:T(?=\d)(?:(?P<hours>\d+(?:[.,]\d+)?)H)?(?:(?P<minutes>\d+(?:[.,]\d+)?)M)?"
    r"(?:(?P<seconds>\d+(?:[.,]\d+)?)S)?)?$"
)

UNITS = ("years", "months", "weeks", "days", "hours", "minutes", "seconds")

#: unit -> (singular, plural, genitive plural) in Latvian; (singular, plural) in English.
WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "lv": {
        "years": ("gads", "gadi", "gadu"),
        "months": ("mēnesis", "mēneši", "mēnešu"),
        "weeks": ("nedēļa", "nedēļas", "nedēļu"),
        "days": ("diena", "dienas", "dienu"),
        "hours": ("stunda", "stundas", "stundu"),
        "minutes": ("minūte", "minūtes", "minūšu"),
        "seconds": ("sekunde", "sekundes", "sekunžu"),
    },
    "en": {
        "years": ("year", "years"),
        "months": ("month", "months"),
        "weeks": ("week", "weeks"),
        "days": ("day", "days"),
        "hours": ("hour", "hours"),
        "minutes": ("minute", "minutes"),
        "seconds": ("second", "seconds"),
    },
}
_AND = {"lv": "un", "en": "and"}


def parse_duration(value: str) -> dict[str, Decimal] | None:
    """The non-zero parts of an ISO 8601 duration, or None when it is not one."""
    match = _PATTERN.match((value or "").strip().upper())
    if not match:
        return None
    parts: dict[str, Decimal] = {}
    for unit in UNITS:
        raw = match.group(unit)
        if raw is None:
            continue
        try:
            number = Decimal(raw.replace(",", "."))
        except InvalidOperation:
            return None
        if number:
            parts[unit] = number
    return parts


def latvian_form(number: Decimal) -> int:
    """0 = singular (1, 21, 101), 1 = plural (2–9, 22…), 2 = genitive plural (0, 10–20, 30…)."""
    if number != number.to_integral_value():
        return 2  # fractions read "1,5 dienas" in speech, but "dienu" is the written norm
    n = int(number)
    if n % 10 == 1 and n % 100 != 11:
        return 0
    if n % 10 == 0 or 11 <= n % 100 <= 19:
        return 2
    return 1


def count_words(number: Decimal | int, unit: str, language: str) -> str:
    """``count_words(10, "days", "lv") == "10 dienu"``."""
    number = Decimal(number)
    lang = "lv" if language.startswith("lv") else "en"
    forms = WORDS[lang][unit]
    index = latvian_form(number) if lang == "lv" else (0 if number == 1 else 1)
    shown = format(number.normalize(), "f")
    if lang == "lv":
        shown = shown.replace(".", ",")
    return f"{shown} {forms[index]}"


def humanize_duration(value: str, language: str) -> str:
    """ "P1Y2M10D" -> "1 gads, 2 mēneši un 10 dienu"; "" for empty, the raw text if unparsable."""
    if not value:
        return ""
    parts = parse_duration(value)
    if parts is None:
        return value
    lang = "lv" if language.startswith("lv") else "en"
    if not parts:
        return {"lv": "uzreiz", "en": "immediately"}[lang]
    words = [count_words(number, unit, lang) for unit, number in parts.items()]
    if len(words) == 1:
        return words[0]
    return f"{', '.join(words[:-1])} {_AND[lang]} {words[-1]}"
