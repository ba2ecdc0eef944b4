"""The register's audiences and the catalogue each one feeds.

The register names audiences by IRIs ending in these codes (docs/architecture.md, "The register
contract"); the portal shows one catalogue per audience. Kept in one place so the sync, the
pages and search agree.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

CITIZEN = "citizen"
BUSINESS = "business"
PUBLIC_ADMINISTRATION = "public-administration"

AUDIENCES: tuple[str, ...] = (CITIZEN, BUSINESS, PUBLIC_ADMINISTRATION)


class Audience(models.TextChoices):
    """The three audiences, as a catalogue's audience field stores them."""

    CITIZEN = CITIZEN, _("Residents")
    BUSINESS = BUSINESS, _("Businesses")
    PUBLIC_ADMINISTRATION = PUBLIC_ADMINISTRATION, _("Institutions")


#: The catalogue of each audience, as the header, breadcrumbs and badges name it. The fixed
#: catalogue pages get these titles when ``site_tree`` creates them (editors may rename them).
CATALOGUE_LABELS = {
    CITIZEN: _("For residents"),
    BUSINESS: _("For businesses"),
    PUBLIC_ADMINISTRATION: _("For institutions"),
}

# Catalogue slugs are Latvian in both languages so that URLs stay stable across languages.
CATALOGUE_SLUGS = {
    CITIZEN: "iedzivotajiem",
    BUSINESS: "uznemejiem",
    PUBLIC_ADMINISTRATION: "iestadem",
}

# Audience code -> the boolean field on ServicePage that stores it (cheap indexed filters).
AUDIENCE_FIELDS = {
    CITIZEN: "for_citizens",
    BUSINESS: "for_business",
    PUBLIC_ADMINISTRATION: "for_institutions",
}


def catalogue_label(audience: str) -> str:
    """The catalogue's name in the active language (the code itself for an unknown one)."""
    return str(CATALOGUE_LABELS.get(audience, audience))
