"""Portal information pages editors keep: accessibility statement, privacy, contact, site map.

A national portal must have them; they are ordinary editable pages (created once by
``create_portal_pages``), linked from every page's footer in each language.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail_localize.fields import SynchronizedField, TranslatableField

from .permissions import ReviewedPageMixin
from .routing import CheapViewRestrictionsMixin


class InfoPage(ReviewedPageMixin, CheapViewRestrictionsMixin, Page):
    body = RichTextField(_("body"), blank=True)
    show_site_map = models.BooleanField(
        _("show the site map"),
        default=False,
        help_text=_("List the portal's sections and pages below the text (the site map page)."),
    )
    footer_order = models.PositiveSmallIntegerField(
        _("place in the footer"),
        null=True,
        blank=True,
        help_text=_("Pages with a number are linked from every page's footer, in this order."),
    )

    content_panels = Page.content_panels + [FieldPanel("body")]
    settings_panels = Page.settings_panels + [
        FieldPanel("show_site_map"),
        FieldPanel("footer_order"),
    ]
    translatable_fields: ClassVar[list] = [
        TranslatableField("title"),
        TranslatableField("body"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        SynchronizedField("slug"),
        SynchronizedField("show_site_map"),
        SynchronizedField("footer_order"),
    ]
    parent_page_types = ["catalogue_pages.HomePage"]
    subpage_types: ClassVar[list] = []

    class Meta:
        verbose_name = _("information page")
        verbose_name_plural = _("information pages")
