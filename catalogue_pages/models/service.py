"""A public service: one page per register identifier and language.

Register data lives in typed fields: scalars as columns, repeated structures (channels, costs,
requirements…) as JSON lists whose item shapes are ``catalogue_pages.register_fields``
(documented in ``docs/register-contract.md``) and produced only by ``sync.map``. Facets that
listings filter on (audience, free, online) are denormalised into indexed booleans so
catalogues never scan JSON.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from django.core.cache import cache
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, PublishingPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail.url_routing import RouteResult
from wagtail_localize.fields import TranslatableField

from catalogue_pages import cache as cache_keys
from catalogue_pages.audiences import AUDIENCE_FIELDS, AUDIENCES
from catalogue_pages.blocks import EditorialStreamBlock
from catalogue_pages.page_forms import ServicePageForm
from catalogue_pages.panels import RegisterProvenancePanel, fixed_slug_promote_panels
from catalogue_pages.register_fields import SERVICE_FIELDS

from .base import SingleChildIndexPage
from .catalogue import CatalogueIndexPage
from .context import BuiltContextMixin
from .register import RegisterFieldsMixin
from .routing import CheapViewRestrictionsMixin, few

#: Fields a service row in a listing needs, nothing more.
ROW_FIELDS = (
    "id",
    "title",
    "slug",
    "url_path",
    "summary",
    "identifier",
    "is_online",
    "is_free",
    "competent_authority__id",
    "competent_authority__title",
)


class ServicePageQuerySet(PageQuerySet):
    def in_catalogue(self, audience: str, language: str) -> ServicePageQuerySet:
        """Live services of one audience in one language: what a catalogue lists."""
        if audience not in AUDIENCE_FIELDS:
            return self.none()
        return self.live().filter(
            locale__language_code=language, **{AUDIENCE_FIELDS[audience]: True}
        )

    def by_identifier(self, locale_id: int, identifiers: Iterable[str]) -> ServicePageQuerySet:
        """Live services of one locale with these register identifiers.

        The identifiers go through a sub-query on the service table alone: filtered together
        with ``locale_id`` SQLite prefers the locale index and scans every page of the language.
        """
        matching = self.model.objects.filter(identifier__in=list(identifiers)).values("pk")
        return self.live().filter(locale_id=locale_id, pk__in=matching)

    def rows(self) -> ServicePageQuerySet:
        """Only what a listing row shows (``ROW_FIELDS``), with the competent authority."""
        return self.select_related("competent_authority").only(*ROW_FIELDS)


class ServiceIndexPage(SingleChildIndexPage):
    """The one parent of every ServicePage, so each service has exactly one URL."""

    child_model = "catalogue_pages.ServicePage"

    promote_panels = fixed_slug_promote_panels()
    is_creatable = False  # created by the site tree (catalogue_pages.site_tree) only

    class Meta:
        verbose_name = _("service index")

    def serve(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        """The bare service folder is no destination: send visitors to the catalogue."""
        links = CatalogueIndexPage.links(self.locale.language_code)
        if links:
            return redirect(links[0]["url"])
        raise Http404

    @classmethod
    def base_url(
        cls,
        language: str,
        request: HttpRequest | None = None,
        sample: ServicePage | None = None,
    ) -> str:
        """The URL of the one service folder of a language, cached.

        ``sample``, a service of that language, spares the query: its URL is the folder's + slug.
        """
        cache_key = cache_keys.service_base_url(language)
        url = cache.get(cache_key)
        if url is None and sample is not None:
            sample_url = sample.get_url(request) or ""
            if sample_url.endswith(f"/{sample.slug}/"):
                url = sample_url[: -len(sample.slug) - 1]
                cache.set(cache_key, url, cache_keys.TIMEOUT)
        if url is None:
            index = few(cls).filter(locale__language_code=language).only("url_path").first()
            url = index.get_url(request) if index else f"/{language}/pakalpojumi/"
            cache.set(cache_key, url, cache_keys.TIMEOUT)
        return url


class ServicePage(CheapViewRestrictionsMixin, BuiltContextMixin, RegisterFieldsMixin, Page):
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

    # The JSON lists of the register contract (``register_fields.SERVICE_LISTS``).
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

    register_fields: ClassVar[tuple[str, ...]] = (
        RegisterFieldsMixin.register_fields + SERVICE_FIELDS
    )

    register_relations: ClassVar[tuple[str, ...]] = ("topics",)

    # Wagtail's own index (admin search and explorer): the register identifier, description
    # and institution find a service as well as its title.
    search_fields: ClassVar[list] = [
        *Page.search_fields,
        index.SearchField("identifier"),
        index.SearchField("identifier_words"),
        index.AutocompleteField("identifier"),
        index.AutocompleteField("identifier_words"),
        index.SearchField("summary"),
        # The admin searches with ``autocomplete``: the description and the institution's
        # name must be autocomplete fields to find a service there (docs/editors.md).
        index.AutocompleteField("summary"),
        index.RelatedFields(
            "competent_authority",
            [index.SearchField("title"), index.AutocompleteField("title")],
        ),
    ]

    def identifier_words(self) -> str:
        """The identifier also as separate words, so PostgreSQL's full-text search (and the
        admin's search-as-you-type) finds it.

        Why: PostgreSQL's parser reads ``PAK-0005`` as ``pak`` and the signed number ``-0005``,
        while the query ``PAK-0005`` becomes ``pak & 0005:*``, so the identifier alone never
        matches (SQLite's tokenizer splits it the way the query does).
        """
        return self.identifier.replace("-", " ")

    content_panels = [
        RegisterProvenancePanel(heading=_("From the register")),
        FieldPanel("introduction"),
        FieldPanel("body"),
        InlinePanel(
            "change_note_explanations",
            heading=_("Explain a change from the register"),
            label=_("Explanation"),
        ),
    ]
    base_form_class = ServicePageForm
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

    objects = PageManager.from_queryset(ServicePageQuerySet)()

    #: Routing fetches the competent authority with the page: the card's provider block and
    #: its schema.org JSON both show it (``routing.specific_child``).
    route_select_related: ClassVar[tuple[str, ...]] = ("competent_authority",)

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

    def save(self, *args, **kwargs):
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

    def serve(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if kwargs.get("withdrawn"):
            return self.serve_withdrawn(request)
        return super().serve(request)

    def serve_withdrawn(self, request: HttpRequest) -> HttpResponse:
        """410 Gone, with the catalogue and (if the register names one) the replacing service."""
        replacement = None
        if self.replaced_by_identifier:
            replacement = (
                ServicePage.objects.live()
                .filter(locale_id=self.locale_id, identifier=self.replaced_by_identifier)
                .only("title", "url_path")
                .first()
            )
        links = CatalogueIndexPage.links(self.locale.language_code)
        audience = self.primary_audience
        catalogue = next(
            (link for link in links if link["audience"] == audience), links[0] if links else None
        )
        return TemplateResponse(
            request,
            "catalogue_pages/withdrawn_service.html",
            {
                "page": self,
                "service": self,
                "replacement": replacement,
                "catalogue": catalogue,
                "withdrawn": True,
            },
            status=410,
        )
