""" "E-mail me this checklist": the form's token and the e-mailed checklist's content.

The checklist page is cached for everyone, so its form carries no CSRF token (like the
feedback form, ``catalogue_pages.feedback``): instead a signed token per rendering, bound to
the guide and valid ``FORM_MAX_AGE``, and the browser's own word that the post came from this
site (``Sec-Fetch-Site`` / ``Origin``). All the form can do is ask for a confirmation e-mail,
limited per client and per address with the alerts' limits (``views._limited``), so the two
public e-mail forms share one budget.

The e-mailed checklist is built by the same rules as the page (``guide_sections``), at
sending time, so it shows the register as it is then; its links are absolute, from
``PORTAL_BASE_URL``.
"""

from __future__ import annotations

import datetime as dt
import secrets
import time
from typing import Any

from django.core import signing
from django.utils import translation

from alerts.models import ChecklistRequest
from catalogue_pages import checklist as ticks_link
from catalogue_pages.contexts.guide import guide_sections
from catalogue_pages.models import LifeSituationPage
from requestkit import public_urls

FORM_SALT = "alerts.checklist-form"
FORM_MAX_AGE = 60 * 60 * 6
#: A field people never see or fill (the feedback form's honeypot name).
HONEYPOT = "website"


def make_form_token(identifier: str) -> str:
    """A token for one rendering of the form of guide ``identifier``."""
    return signing.dumps(
        {"g": identifier, "t": int(time.time()), "n": secrets.token_urlsafe(8)},
        salt=FORM_SALT,
        compress=True,
    )


def check_form_token(token: str, identifier: str) -> bool:
    try:
        data = signing.loads(token, salt=FORM_SALT, max_age=FORM_MAX_AGE)
    except signing.BadSignature:
        return False
    return isinstance(data, dict) and data.get("g") == identifier and bool(data.get("n"))


def guide_page(identifier: str, language: str) -> LifeSituationPage | None:
    """The live guide in ``language``, else in Latvian (the register's language)."""
    pages = LifeSituationPage.objects.live().filter(identifier=identifier)
    return (
        pages.filter(locale__language_code=language).first()
        or pages.filter(locale__language_code="lv").first()
    )


def stored_ticks(ticks: dict[int, dt.date]) -> dict[str, str]:
    return {str(index): day.isoformat() for index, day in ticks.items()}


def email_content(request: ChecklistRequest, page: LifeSituationPage) -> dict[str, Any]:
    """The steps with ticks, services, full addresses and phones, and the private link."""
    ticks = {int(k): dt.date.fromisoformat(v) for k, v in request.ticks.items()}
    with translation.override(request.language):
        sections = guide_sections(page, page.locale.language_code, ticks)
        page_url = public_urls.page_url(page)
    for service in {
        id(s): s
        for s in [
            *(s for step in sections["steps"] for need in step["needs"] for s in need["services"]),
            *sections["other_services"],
        ]
    }.values():
        service.listing_url = public_urls.absolute(service.listing_url)
    token = ticks_link.make_token(page.identifier, {k: v.isoformat() for k, v in ticks.items()})
    private_link = f"{page_url}checklist/?t={token}"
    return {
        "page": page,
        "page_url": page_url,
        "steps": sections["steps"],
        "other_services": sections["other_services"],
        "private_link": private_link,
        "ticked": len(ticks),
    }
