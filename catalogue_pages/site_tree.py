"""Creates the fixed skeleton of the site: home, three catalogues and the three indexes.

Called after every ``migrate`` and at the start of every sync, so an empty database needs
nothing but ``migrate`` and ``sync_register``. Idempotent: existing pages are left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import translation
from wagtail.models import Locale, Page, Site

from catalogue_pages.audiences import AUDIENCES, CATALOGUE_SLUGS, catalogue_label
from catalogue_pages.models import (
    CatalogueIndexPage,
    HomePage,
    InstitutionIndexPage,
    LifeSituationIndexPage,
    ServiceIndexPage,
)


def site_address() -> tuple[str, int]:
    """The default Site's host and port, from ``PORTAL_BASE_URL``: Wagtail builds a page's
    ``full_url`` (review e-mails, "view live") from the Site, which said ``localhost``."""
    parts = urlsplit(settings.PORTAL_BASE_URL or "http://localhost")
    default = 443 if parts.scheme == "https" else 80
    return parts.hostname or "localhost", parts.port or default


def align_site_address() -> None:
    """Keep the default Site on the public address (``PORTAL_BASE_URL`` may change)."""
    hostname, port = site_address()
    for site in Site.objects.filter(is_default_site=True).exclude(hostname=hostname, port=port):
        site.hostname, site.port = hostname, port
        site.save()  # a save, not an update: the per-process site caches listen for it


#: Titles the fixed pages start with, per language. They are content from then on (editors may
#: rename them), so they are data here; a catalogue starts with its label (``title``).
TITLES: dict[str, dict[str, str]] = {
    "home": {"lv": "Valsts pakalpojumi", "en": "Public services"},
    "services": {"lv": "Pakalpojumi", "en": "Services"},
    "situations": {"lv": "Dzīves situācijas", "en": "Life situations"},
    "institutions": {"lv": "Iestādes", "en": "Institutions"},
}


def first_title(key: str, language: str) -> str:
    """The first title of a fixed page: ``TITLES``, or for a catalogue its audience's label."""
    if key in AUDIENCES:
        with translation.override(language):
            return catalogue_label(key)
    return TITLES[key][language]


INDEX_SLUGS = {
    "services": "pakalpojumi",
    "situations": "dzives-situacijas",
    "institutions": "iestades",
}


@dataclass(frozen=True)
class SiteTree:
    """The pages the sync writes under, per language code."""

    home: dict[str, HomePage]
    services: dict[str, ServiceIndexPage]
    situations: dict[str, LifeSituationIndexPage]
    institutions: dict[str, InstitutionIndexPage]
    catalogues: dict[str, dict[str, CatalogueIndexPage]]


def _locales() -> dict[str, Locale]:
    return {
        code: Locale.objects.get_or_create(language_code=code)[0] for code, _ in settings.LANGUAGES
    }


def _child(parent: Page, model: type[Page], slug: str, **fields: object) -> Page:
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    return page


def _translated(page: Page, locale: Locale, title: str) -> Page:
    existing = page.get_translation_or_none(locale)
    if existing:
        return existing.specific
    translation = page.copy_for_translation(locale)
    translation.title = title
    translation.save_revision().publish()
    return translation.specific


@transaction.atomic
def ensure_site_tree() -> SiteTree:
    locales = _locales()
    default = settings.LANGUAGE_CODE
    root = Page.get_first_root_node()
    align_site_address()

    home = HomePage.objects.filter(locale=locales[default], depth=2).first()
    if home is None:
        home = HomePage(title=first_title("home", default), slug=default, locale=locales[default])
        root.add_child(instance=home)
        site = Site.objects.filter(is_default_site=True).first()
        old_root = site.root_page if site else None
        if site is None:
            hostname, port = site_address()
            Site.objects.create(
                hostname=hostname,
                port=port,
                root_page=home,
                is_default_site=True,
                site_name="Valsts pakalpojumi",
            )
        else:
            site.root_page = home
            site.save()
        if old_root is not None and old_root.pk != home.pk and old_root.specific_class != HomePage:
            old_root.delete()

    tree: dict[str, dict] = {
        "home": {},
        "services": {},
        "situations": {},
        "institutions": {},
        "catalogues": {},
    }
    tree["home"][default] = home
    tree["services"][default] = _child(
        home, ServiceIndexPage, INDEX_SLUGS["services"], title=first_title("services", default)
    )
    tree["situations"][default] = _child(
        home,
        LifeSituationIndexPage,
        INDEX_SLUGS["situations"],
        title=first_title("situations", default),
    )
    tree["institutions"][default] = _child(
        home,
        InstitutionIndexPage,
        INDEX_SLUGS["institutions"],
        title=first_title("institutions", default),
    )
    tree["catalogues"][default] = {
        audience: _child(
            home,
            CatalogueIndexPage,
            CATALOGUE_SLUGS[audience],
            title=first_title(audience, default),
            audience=audience,
        )
        for audience in AUDIENCES
    }

    for code, locale in locales.items():
        if code == default:
            continue
        tree["home"][code] = _translated(home, locale, first_title("home", code))
        for key in ("services", "situations", "institutions"):
            tree[key][code] = _translated(tree[key][default], locale, first_title(key, code))
        tree["catalogues"][code] = {
            audience: _translated(page, locale, first_title(audience, code))
            for audience, page in tree["catalogues"][default].items()
        }
    return SiteTree(**tree)
