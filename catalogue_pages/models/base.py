"""What several page types share: the single-child indexes and the editor's introduction."""

from __future__ import annotations

from typing import Any, ClassVar

from django.apps import apps
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, PublishingPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.url_routing import RouteResult
from wagtail_localize.fields import SynchronizedField, TranslatableField

from .permissions import SkeletonPageMixin
from .routing import CheapViewRestrictionsMixin, specific_child


class SingleChildIndexPage(SkeletonPageMixin, CheapViewRestrictionsMixin, Page):
    """A folder under the home page whose children are all of one type, ``child_model``.

    Each language has one of each (services, situations, institutions), so every child has
    exactly one URL; routing fetches the specific child in one query (``routing.specific_child``).
    """

    #: ``"app_label.ModelName"`` of the only page type allowed below this index.
    child_model: ClassVar[str] = ""

    parent_page_types: ClassVar[list[str]] = ["catalogue_pages.HomePage"]
    max_count_per_parent = 1
    translatable_fields: ClassVar[list] = []

    class Meta:
        abstract = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.child_model:
            cls.subpage_types = [cls.child_model]

    def route(self, request: HttpRequest, path_components: list[str]) -> RouteResult:
        if path_components:
            child = specific_child(self, apps.get_model(self.child_model), path_components[0])
            if child is not None:
                return child.route(request, path_components[1:])
        return super().route(request, path_components)


class IntroductionMixin(models.Model):
    """An editor's introduction above a page's generated content (home page, catalogues)."""

    introduction = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels: ClassVar[list] = Page.content_panels + [FieldPanel("introduction")]
    settings_panels: ClassVar[list] = [PublishingPanel()]
    translatable_fields: ClassVar[list] = [
        TranslatableField("title"),
        TranslatableField("introduction"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        SynchronizedField("slug"),
    ]

    class Meta:
        abstract = True
