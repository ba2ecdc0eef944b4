"""The register's JSON lists turned into plain display items for the service page sections.

The sync writes each list item in the shape ``catalogue_pages.register_fields`` defines (one
item per RDF node); readers here read those keys and no others. Values may still be language
maps (``{"lv": …, "en": …}``) or IRIs where a code is expected, so the page never breaks on a
value. Values stay plain text: templates escape them, nothing here marks anything safe.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

CHANNEL_LABELS = {
    "e-service": _("Use the e-service"),
    "request-form": _("Request the service"),
    "service-centre": _("Visit a client service centre"),
    "phone": _("Call"),
    "email": _("Write an e-mail"),
    "post": _("Send by post"),
    "website": _("Read more on the website"),
}
#: Order of channels in "How to get it": online first, then in person, then the rest.
CHANNEL_ORDER = ["e-service", "request-form", "service-centre", "phone", "email", "website", "post"]


def text(value: Any) -> str:
    """A plain string from a string, a number or a ``{"lv": …, "en": …}`` language map."""
    if value is None:
        return ""
    if isinstance(value, dict):
        language = (get_language() or "lv")[:2]
        for key in (language, "lv", "en", "@value", "value"):
            if value.get(key):
                return str(value[key])
        return next((str(v) for v in value.values() if isinstance(v, str) and v), "")
    if isinstance(value, list | tuple):
        return ", ".join(text(item) for item in value if text(item))
    return str(value)


def first(item: dict[str, Any], *names: str) -> str:
    for name in names:
        value = text(item.get(name))
        if value:
            return value
    return ""


def safe_url(value: str) -> str:
    """Only http(s), mailto and tel links are rendered as links (no ``javascript:``)."""
    lowered = value.strip().lower()
    if lowered.startswith(("https://", "http://", "mailto:", "tel:")):
        return value.strip()
    return ""


def latvian_only(url: str) -> bool:
    """Whether a link leads to a page in Latvian only (``latvija.gov.lv/lv/…``, ``?lang=lv``).

    Why: English pages link to e-services the register describes with their Latvian address;
    a visitor reading English must know before following the link that the page will not be
    in English (issue 19). The register gives no language per channel, so the address tells.
    """
    if not url:
        return False
    parts = urlsplit(url)
    segments = [s for s in parts.path.lower().split("/") if s]
    language = parse_qs(parts.query).get("lang", [""])[0].lower()
    return bool(segments and segments[0] == "lv") or language == "lv"


def host(url: str) -> str:
    """The site a link leads to, as people read it (``latvija.gov.lv``)."""
    name = urlsplit(url).hostname or ""
    return name.removeprefix("www.")


def _items(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, dict)]


def channel_type(item: dict[str, Any]) -> str:
    code = first(item, "type").rstrip("/").rsplit("/", 1)[-1]
    return code if code in CHANNEL_LABELS else "other"


def _telephone_href(phone: str) -> str:
    return "tel:" + "".join(c for c in phone if c.isdigit() or c == "+") if phone else ""


def channel_items(channels: Any) -> list[dict[str, Any]]:
    """``Channel`` items, online first (``CHANNEL_ORDER``)."""
    items = []
    for item in _items(channels):
        kind = channel_type(item)
        phone = first(item, "telephone")
        url = safe_url(first(item, "url"))
        items.append(
            {
                "type": kind,
                "label": CHANNEL_LABELS.get(kind, _("Other channel")),
                "description": first(item, "description"),
                "url": url,
                "latvian_only": latvian_only(url),
                "host": host(url),
                "telephone": phone,
                "telephone_href": _telephone_href(phone),
                "email": first(item, "email"),
                "opening_hours": first(item, "opening_hours"),
                "request_kind": first(item, "request_kind"),
            }
        )
    items.sort(key=lambda i: CHANNEL_ORDER.index(i["type"]) if i["type"] in CHANNEL_ORDER else 99)
    return items


def requirement_items(requirements: Any) -> list[dict[str, Any]]:
    """``Requirement`` items with their ``Evidence``."""
    items = []
    for item in _items(requirements):
        evidence = [
            {"title": first(ev, "title"), "description": first(ev, "description")}
            for ev in _items(item.get("evidence"))
            if first(ev, "title") or first(ev, "description")
        ]
        title, description = first(item, "title"), first(item, "description")
        if title or evidence or description:
            items.append({"title": title, "description": description, "evidence": evidence})
    return items


def titled_items(values: Any) -> list[dict[str, str]]:
    """``Output`` items (``{title, description}``)."""
    items = []
    for item in _items(values):
        title, description = first(item, "title"), first(item, "description")
        if title or description:
            items.append({"title": title, "description": description})
    return items


def cost_items(costs: Any, language: str = "lv") -> list[dict[str, str]]:
    """``Cost`` items: the amount in the language's notation, € for EUR."""
    items = []
    for item in _items(costs):
        raw = item.get("value")
        amount = ""
        is_free = False
        if raw not in (None, ""):
            try:
                number = Decimal(str(raw))
            except InvalidOperation:
                number = None
            if number is not None:
                is_free = number == 0
                amount = f"{number:.2f}"
                if language.startswith("lv"):
                    amount = amount.replace(".", ",")
        currency = first(item, "currency").rstrip("/").rsplit("/", 1)[-1] or "EUR"
        items.append(
            {
                "amount": amount,
                "currency": "€" if currency == "EUR" else currency,
                "is_free": is_free,
                "description": first(item, "description"),
            }
        )
    return items


def legal_items(values: Any) -> list[dict[str, str]]:
    """``LegalResource`` items; the link itself is the title when the register gives none."""
    items = []
    for item in _items(values):
        url = safe_url(first(item, "url"))
        title = first(item, "title") or url
        if title:
            items.append({"title": title, "url": url})
    return items


def contact_items(values: Any) -> list[dict[str, str]]:
    """``ContactPoint`` items (services and institutions)."""
    items = []
    for item in _items(values):
        phone = first(item, "telephone")
        contact = {
            "email": first(item, "email"),
            "telephone": phone,
            "telephone_href": _telephone_href(phone),
            "page": safe_url(first(item, "page")),
            "opening_hours": first(item, "opening_hours"),
        }
        if any(contact.values()):
            items.append(contact)
    return items


def participation_items(values: Any) -> list[dict[str, str]]:
    """``Participation`` items: who else takes part, and how (the role's last IRI segment)."""
    items = []
    for item in _items(values):
        name = first(item, "organisation")
        if name.startswith(("http://", "https://")):
            name = ""
        role = first(item, "role").rstrip("/").rsplit("/", 1)[-1].replace("-", " ")
        description = first(item, "description")
        if name or description:
            items.append({"name": name, "role": role, "description": description})
    return items
