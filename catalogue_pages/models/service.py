"""A public service: one page per register identifier and language.

Register data lives in typed fields: scalars as columns, repeated structures (channels, costs,
requirements…) as JSON lists whose item shapes are documented in ``docs/register-contract.md``
and produced only by ``sync.map``. Facets that listings filter on (audience, free, online) are
denormalised into indexed booleans so catalogues never scan JSON.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, PublishingPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.url_routing import RouteResult
from wagtail_localize.fields import TranslatableField

from catalogue_pages.audiences import AUDIENCE_FIELDS, AUDIENCES
from catalogue_pages.blocks import EditorialStreamBlock
from catalogue_pages.panels import RegisterProvenancePanel, fixed_slug_promote_panels

from .register import RegisterFieldsMixin
from .routing import CheapViewRestrictionsMixin, route_to_child


class ServiceIndexPage(CheapViewRestrictionsMixin, Page):
    """The one parent of every ServicePage, so each service has exactly one URL."""

    parent_page_types = ["catalogue_pages.HomePage"]
    subpage_types = ["catalogue_pages.ServicePage"]
    max_count_per_parent = 1
    translatable_fields: ClassVar[list] = []

    promote_panels = fixed_slug_promote_panels()
    is_creatable = False  # created by the site tree (catalogue_pages.site_tree) only

    class Meta:
        verbose_name = _("service index")

    def route(self, request: HttpRequest, path_components: list[str]) -> RouteResult:
        if path_components:
            return route_to_child(self, ServicePage, request, path_components)
        return super().route(request, path_components)

    def serve(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:  # type: ignore[no-untyped-def]
        """The bare service folder is no destination: send visitors to the catalogue."""
        from django.shortcuts import redirect

        from catalogue_pages.navigation import catalogue_links

        links = catalogue_links(self.locale.language_code)
        if links:
            return redirect(links[0]["url"])
        raise Http404


class ServicePage(CheapViewRestrictionsMixin, RegisterFieldsMixin, Page):
    summary = models.TextField(_("description"), blank=True, editable=False)
    keywords = models.JSONField(_("keywords"), default=list, blank=True, editable=False)

    for_citizens = models.BooleanField(default=False, db_index=True, editable=False)
    for_business = models.BooleanField(default=False, db_index=True, editable=False)
    for_institutions = models.BooleanField(default=False, db_index=True, editable=False)

    competent_authority = models.ForeignKey(
        "catalogue_pages.InstitutionPage",
        verbose_name=_("competent authority"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="services",
        editable=False,
    )
    topics = ParentalManyToManyField(
        "catalogue_pages.Topic", blank=True, related_name="services", verbose_name=_("topics")
    )

    participations = models.JSONField(default=list, blank=True, editable=False)
    channels = models.JSONField(default=list, blank=True, editable=False)
    costs = models.JSONField(default=list, blank=True, editable=False)
    requirements = models.JSONField(default=list, blank=True, editable=False)
    outputs = models.JSONField(default=list, blank=True, editable=False)
    legal_resources = models.JSONField(default=list, blank=True, editable=False)
    contact_points = models.JSONField(default=list, blank=True, editable=False)
    processing_time = models.CharField(
        _("processing time"), max_length=64, blank=True, editable=False
    )
    related_identifiers = models.JSONField(default=list, blank=True, editable=False)

    is_free = models.BooleanField(default=False, db_index=True, editable=False)
    is_online = models.BooleanField(default=False, db_index=True, editable=False)

    withdrawn_at = models.DateTimeField(null=True, blank=True, db_index=True, editable=False)
    replaced_by_identifier = models.CharField(max_length=128, blank=True, editable=False)

    # Editorial fields: the only ones editors change.
    introduction = RichTextField(
        _("editor's introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )
    body = StreamField(EditorialStreamBlock(), blank=True, verbose_name=_("explanatory content"))

    register_fields: ClassVar[tuple[str, ...]] = RegisterFieldsMixin.register_fields + (
        "summary",
        "keywords",
        "for_citizens",
        "for_business",
        "for_institutions",
        "competent_authority_id",
        "participations",
        "channels",
        "costs",
        "requirements",
        "outputs",
        "legal_resources",
        "contact_points",
        "processing_time",
        "related_identifiers",
        "is_free",
        "is_online",
        "withdrawn_at",
        "replaced_by_identifier",
    )

    register_relations: ClassVar[tuple[str, ...]] = ("topics",)

    # Wagtail's own index (admin search and explorer): the register identifier, description
    # and institution find a service as well as its title.
    search_fields: ClassVar[list] = [
        *Page.search_fields,
        index.SearchField("identifier"),
        index.AutocompleteField("identifier"),
        index.SearchField("summary"),
        index.RelatedFields("competent_authority", [index.SearchField("title")]),
    ]

    content_panels = [
        RegisterProvenancePanel(heading=_("From the register")),
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    promote_panels = fixed_slug_promote_panels()
    settings_panels = [PublishingPanel()]

    # wagtail-localize: only editorial fields. Register fields are deliberately *not* listed
    # (neither translatable nor synchronised) so a translation never copies Latvian register
    # values into the English page; the sync writes each language's register fields.
    translatable_fields: ClassVar[list] = [
        TranslatableField("introduction"),
        TranslatableField("body"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
    ]

    # Only the register sync creates, moves or deletes services (see wagtail_hooks).
    is_creatable = False

    parent_page_types = ["catalogue_pages.ServiceIndexPage"]
    subpage_types: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")

    @property
    def audiences(self) -> list[str]:
        return [code for code in AUDIENCES if getattr(self, AUDIENCE_FIELDS[code])]

    @property
    def primary_audience(self) -> str | None:
        audiences = self.audiences
        return audiences[0] if audiences else None

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        """A withdrawn service stays unpublished whoever publishes it (editor, translation,
        scheduled publishing): only the sync, by clearing ``withdrawn_at``, brings it back."""
        if self.withdrawn_at is not None and self.live:
            self.live = False
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and "live" not in update_fields:
                kwargs["update_fields"] = [*update_fields, "live"]
        return super().save(*args, **kwargs)

    def route(self, request: HttpRequest, path_components: list[str]) -> RouteResult:
        """Route withdrawn services (which Wagtail would 404) to a helpful 410 page."""
        if not path_components and not self.live and self.withdrawn_at is not None:
            return RouteResult(self, kwargs={"withdrawn": True})
        return super().route(request, path_components)

    def serve(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:  # type: ignore[no-untyped-def]
        from catalogue_pages import views

        if kwargs.get("withdrawn"):
            return views.withdrawn_service(request, self)
        return super().serve(request)

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:  # type: ignore[no-untyped-def]
        from catalogue_pages.service_view import service_context

        context = super().get_context(request, *args, **kwargs)
        context.update(service_context(self, request))
        return context
