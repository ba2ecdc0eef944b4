"""The register's JSON lists turned into plain display items for the service page sections.

The sync writes each list item as a dict (``docs/register-contract.md``; one item per RDF
node). Readers here accept the few spellings a key may have (``url``/``page``,
``telephone``/``phone``, ``opening_hours``/``hours``, ``description``/``desc``) and language
maps (``{"lv": …, "en": …}``) so the page never breaks on a shape detail. Values stay plain
text: templates escape them, nothing here marks anything safe.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

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


def _items(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, dict)]


def channel_type(item: dict[str, Any]) -> str:
    raw = first(item, "type", "channel_type", "kind_of_channel")
    code = raw.rstrip("/").rsplit("/", 1)[-1]
    return code if code in CHANNEL_LABELS else "other"


def channel_items(channels: Any) -> list[dict[str, Any]]:
    items = []
    for item in _items(channels):
        kind = channel_type(item)
        phone = first(item, "telephone", "phone")
        email = first(item, "email")
        items.append(
            {
                "type": kind,
                "label": CHANNEL_LABELS.get(kind, _("Other channel")),
                "description": first(item, "description", "desc", "title"),
                "url": safe_url(first(item, "url", "page", "address", "homepage")),
                "telephone": phone,
                "telephone_href": "tel:" + "".join(c for c in phone if c.isdigit() or c == "+")
                if phone
                else "",
                "email": email,
                "opening_hours": first(item, "opening_hours", "hours", "openingHours"),
                "request_kind": first(item, "request_kind", "kind", "requestKind"),
                "organisation": first(item, "organisation_name", "org_name", "organisation"),
            }
        )
    items.sort(key=lambda i: CHANNEL_ORDER.index(i["type"]) if i["type"] in CHANNEL_ORDER else 99)
    return items


def requirement_items(requirements: Any) -> list[dict[str, Any]]:
    items = []
    for item in _items(requirements):
        evidence = []
        raw_evidence = item.get("evidence") or item.get("supporting_evidence") or []
        if isinstance(raw_evidence, dict):
            raw_evidence = [raw_evidence]
        for ev in raw_evidence if isinstance(raw_evidence, list) else []:
            if isinstance(ev, dict):
                title = first(ev, "title", "name")
                if title or first(ev, "description", "desc"):
                    evidence.append(
                        {"title": title, "description": first(ev, "description", "desc")}
                    )
            elif text(ev):
                evidence.append({"title": text(ev), "description": ""})
        title = first(item, "title", "name")
        if title or evidence or first(item, "description", "desc"):
            items.append(
                {
                    "title": title,
                    "description": first(item, "description", "desc"),
                    "evidence": evidence,
                }
            )
    return items


def titled_items(values: Any) -> list[dict[str, str]]:
    """Outputs and similar ``{title, description}`` lists."""
    items = []
    for item in _items(values):
        title, description = first(item, "title", "name"), first(item, "description", "desc")
        if title or description:
            items.append({"title": title, "description": description})
    return items


def cost_items(costs: Any, language: str = "lv") -> list[dict[str, str]]:
    items = []
    for item in _items(costs):
        raw = item.get("value", item.get("amount"))
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
                "description": first(item, "description", "desc"),
            }
        )
    return items


def legal_items(values: Any) -> list[dict[str, str]]:
    items = []
    for item in _items(values):
        url = safe_url(first(item, "url", "page", "iri", "id"))
        title = first(item, "title", "name") or url
        if title:
            items.append({"title": title, "url": url})
    return items


def contact_items(values: Any) -> list[dict[str, str]]:
    items = []
    for item in _items(values):
        phone = first(item, "telephone", "phone")
        contact = {
            "email": first(item, "email"),
            "telephone": phone,
            "telephone_href": "tel:" + "".join(c for c in phone if c.isdigit() or c == "+")
            if phone
            else "",
            "page": safe_url(first(item, "page", "contact_page", "url", "contactPage")),
            "opening_hours": first(item, "opening_hours", "hours", "openingHours"),
            "description": first(item, "description", "desc"),
        }
        if any(contact.values()):
            items.append(contact)
    return items


def participation_items(values: Any) -> list[dict[str, str]]:
    items = []
    for item in _items(values):
        organisation = item.get("organisation") or item.get("participant") or item.get("org")
        name = (
            first(organisation, "name", "title", "label")
            if isinstance(organisation, dict)
            else text(organisation)
        )
        name = name or first(item, "organisation_name", "participant_name")
        if name.startswith(("http://", "https://")):
            name = ""
        role = first(item, "role").rstrip("/").rsplit("/", 1)[-1].replace("-", " ")
        description = first(item, "description", "desc")
        if name or description:
            items.append({"name": name, "role": role, "description": description})
    return items
