"""The guide's checklist people keep: ticks without an account and without server state.

With JavaScript the ticks stay in the browser (``localStorage``, themes' portal.js). Without
it, the checklist form sends the ticked steps (posted to ``alerts.views.checklist``, or the
older GET ``?done=…&save=1``) and gets back a private link whose ``?t=`` token carries them,
signed with ``SECRET_KEY`` so it cannot be forged into something else: the token holds only
step numbers and the day each was ticked. Nothing is stored on the server; whoever has the
link sees the ticks, which the page says.

A step whose services the register changed after it was ticked (a ``ChangeNote`` newer than
the tick) is marked "mainīts kopš jūs to atzīmējāt".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core import signing
from django.http import HttpRequest
from django.utils import timezone

SALT = "catalogue_pages.checklist"
MAX_STEPS = 200


class BadToken(ValueError):
    """The private link is damaged (or was made for another guide)."""


def make_token(identifier: str, ticks: dict[int, str]) -> str:
    data = {"g": identifier, "d": {str(k): v for k, v in ticks.items()}}
    return signing.dumps(data, salt=SALT, compress=True)


def read_token(identifier: str, token: str) -> dict[int, dt.date]:
    try:
        data = signing.loads(token, salt=SALT)
        if data.get("g") != identifier:
            raise BadToken(token)
        return {int(k): dt.date.fromisoformat(v) for k, v in data["d"].items()}
    except (signing.BadSignature, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BadToken(token) from exc


def ticks_from_form(values: list[str], known: dict[int, dt.date]) -> dict[int, str]:
    """The ticked step numbers of a submitted form; a tick keeps its first day."""
    today = timezone.localdate().isoformat()
    out: dict[int, str] = {}
    for value in values[:MAX_STEPS]:
        if value.isdigit() and int(value) < MAX_STEPS:
            index = int(value)
            out[index] = known[index].isoformat() if index in known else today
    return out


def request_ticks(identifier: str, request: HttpRequest) -> dict[int, dt.date]:
    """The ticks a request carries: a private link's (``?t=``), or, for the checklist form
    posted to be e-mailed (``alerts``), its ticked boxes, each keeping the day its link
    gave it. A damaged token counts as no ticks (the page says so where it matters)."""
    source = request.POST if request.method == "POST" else request.GET
    try:
        known = read_token(identifier, source.get("t", "")) if source.get("t") else {}
    except BadToken:
        known = {}
    if request.method != "POST":
        return known
    for pair in source.get("ticked_on", "")[:4000].split(","):
        # With JavaScript the browser keeps each tick's day and sends it along ("3:2026-11-02").
        index, _sep, day = pair.partition(":")
        if index.isdigit() and int(index) < MAX_STEPS and int(index) not in known:
            try:
                when = dt.date.fromisoformat(day)
            except ValueError:
                continue
            if when <= timezone.localdate():
                known[int(index)] = when
    return {
        index: dt.date.fromisoformat(day)
        for index, day in ticks_from_form(source.getlist("done"), known).items()
    }


def annotate(
    steps: list[dict[str, Any]], ticks: dict[int, dt.date], latest: dict[int, dt.datetime]
) -> None:
    """Give each need its tick, the day its services last changed (``latest``: service page
    pk → newest change note) and the "changed since" flag; ``need["index"]`` numbers the
    needs of the guide from 0."""
    needs = [need for step in steps for need in step["needs"]]
    for need in needs:
        changed = max((latest[s.pk] for s in need["services"] if s.pk in latest), default=None)
        day = timezone.localdate(changed) if changed else None
        tick = ticks.get(need["index"])
        need["changed_on"] = day
        need["ticked"] = tick is not None
        need["changed_since_tick"] = bool(tick and day and day > tick)
