"""The admin's page search, with the editors' synonyms (docs/editors.md, "Finding pages").

Wagtail's admin search runs ``autocomplete`` on its own index (title, identifier, and — since
issue 21 — the description and the institution of each service, ``ServicePage.search_fields``).
It knows nothing of the synonyms editors keep for the public search (``search.models.Synonym``),
so "pase" would not find a service described as "ceļošanas dokuments". This view is Wagtail's
own, taking in also the pages that match the query with a synonym in place of a word; with no
synonym in the query it is Wagtail's view unchanged. ``portal/urls.py`` mounts it in front of
Wagtail's ``pages/search/`` (and the results fragment the search field refreshes).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.pages.search import SearchView
from wagtail.models import Page

from search.curation import expand_synonyms

#: Pages taken from each alternative phrasing (the admin lists 20 a page).
PER_ALTERNATIVE = 200


class SynonymSearchView(SearchView):
    # Wagtail's view names no model, so its count read "1-2 of 2 None".
    verbose_name = gettext_lazy("page")
    verbose_name_plural = gettext_lazy("pages")

    def get_queryset(self) -> QuerySet[Any]:
        pages = super().get_queryset()
        query = (self.search_query or "").strip()
        alternatives = [
            alt for lang, _name in settings.LANGUAGES for alt in expand_synonyms(query, lang)
        ]
        if not query or not alternatives:
            return pages
        explorable = self.permission_policy.explorable_instances(self.request.user)
        ids = [page.pk for page in pages[:PER_ALTERNATIVE]]
        for alternative in dict.fromkeys(alternatives):
            found = Page.objects.filter(pk__in=explorable.values_list("pk", flat=True))
            ids += [page.pk for page in found.autocomplete(alternative)[:PER_ALTERNATIVE]]
        merged = Page.objects.filter(pk__in=ids)
        if self.selected_content_type:
            merged = merged.filter(content_type=self.selected_content_type)
        if self.show_locale_labels:
            merged = merged.select_related("locale")
        return self.annotate_queryset(merged.order_by(self.ordering or "title"))


search_view = require_admin_access(SynonymSearchView.as_view())
search_results_view = require_admin_access(SynonymSearchView.as_view(results_only=True))
