"""Life and business situations (``cv:LifeEvent`` / ``cv:BusinessEvent``) as step-by-step guides."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, PublishingPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.url_routing import RouteResult
from wagtail_localize.fields import TranslatableField

from catalogue_pages import checklist
from catalogue_pages.blocks import EditorialStreamBlock
from catalogue_pages.panels import RegisterProvenancePanel, fixed_slug_promote_panels
from catalogue_pages.register_fields import EVENT_FIELDS

from .base import SingleChildIndexPage
from .context import BuiltContextMixin
from .register import RegisterFieldsMixin
from .routing import CheapViewRestrictionsMixin


class LifeSituationIndexPage(BuiltContextMixin, SingleChildIndexPage):
    child_model = "catalogue_pages.LifeSituationPage"

    promote_panels = fixed_slug_promote_panels()
    is_creatable = False  # created by the site tree (catalogue_pages.site_tree) only

    class Meta:
        verbose_name = _("life situation index")


class LifeSituationPage(CheapViewRestrictionsMixin, BuiltContextMixin, RegisterFieldsMixin, Page):
    """A guide: the register's description and ordered needs, around an editor's introduction.

    ``needs`` is a list of ``{"order": int, "title": str, "description": str,
    "services": [identifier, …]}``; needs sharing an ``order`` happen at the same time.
    """

    class Kind(models.TextChoices):
        LIFE = "life", _("Life situation")
        BUSINESS = "business", _("Business situation")

    LIFE = Kind.LIFE
    BUSINESS = Kind.BUSINESS

    kind = models.CharField(max_length=16, choices=Kind.choices, default=LIFE, editable=False)
    summary = models.TextField(_("description"), blank=True, editable=False)
    needs = models.JSONField(default=list, blank=True, editable=False)
    services = ParentalManyToManyField(
        "catalogue_pages.ServicePage", blank=True, related_name="life_situations"
    )

    introduction = RichTextField(
        _("editor's introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )
    body = StreamField(EditorialStreamBlock(), blank=True, verbose_name=_("explanatory content"))

    register_fields: ClassVar[tuple[str, ...]] = RegisterFieldsMixin.register_fields + EVENT_FIELDS

    register_relations: ClassVar[tuple[str, ...]] = ("services",)

    search_fields: ClassVar[list] = [
        *Page.search_fields,
        index.SearchField("identifier"),
        index.SearchField("summary"),
    ]

    content_panels = [
        RegisterProvenancePanel(heading=_("From the register")),
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    settings_panels = [PublishingPanel()]
    translatable_fields: ClassVar[list] = [
        TranslatableField("introduction"),
        TranslatableField("body"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
    ]
    is_creatable = False

    parent_page_types = ["catalogue_pages.LifeSituationIndexPage"]
    subpage_types: ClassVar[list[str]] = []

    promote_panels = fixed_slug_promote_panels()

    class Meta:
        verbose_name = _("life situation")
        verbose_name_plural = _("life situations")

    def route(self, request: HttpRequest, path_components: list[str]) -> RouteResult:
        """``…/<slug>/checklist/`` is the printable checklist of the same guide."""
        if path_components == ["checklist"] and self.live:
            return RouteResult(self, kwargs={"checklist": True})
        return super().route(request, path_components)

    def get_template(self, request: HttpRequest, *args, **kwargs) -> str:
        if kwargs.get("checklist"):
            return "catalogue_pages/life_situation_checklist.html"
        return super().get_template(request, *args, **kwargs)

    def serve(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if kwargs.get("checklist"):
            return self.serve_checklist(request)
        return super().serve(request)

    def serve_checklist(self, request: HttpRequest) -> HttpResponse:
        """The printable checklist; a submitted form of ticks becomes a private link."""
        token = request.GET.get("t", "")
        try:
            known = checklist.read_token(self.identifier, token) if token else {}
        except checklist.BadToken:
            context = {**self.get_context(request), "bad_token": True, "ticks": {}}
            return TemplateResponse(
                request, "catalogue_pages/life_situation_checklist.html", context, status=400
            )
        if "save" in request.GET:
            ticks = checklist.ticks_from_form(request.GET.getlist("done"), known)
            new = checklist.make_token(self.identifier, ticks)
            return redirect(f"{self.url}checklist/?t={new}#private-link")
        context = {**self.get_context(request), "ticks": known, "token": token}
        response = TemplateResponse(
            request, "catalogue_pages/life_situation_checklist.html", context
        )
        if token:  # a person's own ticks: never kept by a shared cache
            response["Cache-Control"] = "private, no-store"
        return response
