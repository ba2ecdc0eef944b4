"""Cheaper Wagtail routing for the public pages (the per-request queries before ``serve``).

* Index pages whose children are all of one type fetch the specific child in one query
  instead of Wagtail's two (the base ``Page`` row, then ``.specific``).
* The privacy check (``before_serve_page``) costs one query instead of two.
* ``page_url`` gives ``page.url`` with Wagtail's site root paths read once per request.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404
from wagtail.models import Page, PageViewRestriction


class CheapViewRestrictionsMixin:
    """Wagtail's privacy check (``before_serve_page``) in one query instead of two.

    Wagtail first loads the ancestors (to resolve aliases), then their restrictions. The
    ancestors' paths are known from the page's own path, so one query does both: restrictions
    on the page or an ancestor, or on the page an alias among them points to. Nothing is
    cached, so a restriction added by any process applies at once.
    """

    def get_view_restrictions(self):
        # mypy: a mixin: treebeard's MP_Node gives the concrete page steplen and path
        steplen = self.steplen  # type: ignore[attr-defined]
        path = self.path  # type: ignore[attr-defined]
        paths = [path[:length] for length in range(steplen, len(path) + 1, steplen)]
        alias_sources = Page.objects.filter(path__in=paths, alias_of__isnull=False).values(
            "alias_of"
        )
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths) | Q(page__in=alias_sources)
        )


def specific_child(parent: Any, model: type, slug: str):
    """The ``model`` child of ``parent`` with this slug as the specific page, in one query.

    None when no such child exists (or it is of another type): Wagtail's generic routing then
    decides, as it would have without this shortcut.
    """
    try:
        child = model.objects.child_of(parent).get(slug=slug)
    except model.DoesNotExist:
        return None
    except model.MultipleObjectsReturned:  # pragma: no cover - slugs are unique per parent
        raise Http404 from None
    child._cached_parent_obj = parent
    return child


def page_url(page: Any, request: Any = None) -> str | None:
    """``page.url``, with the site root paths Wagtail needs read once per request.

    Why: without a request, every ``page.url`` reads the site root paths from the shared cache
    again (a Redis round trip in production, a query when the cache is cold); with the request
    Wagtail keeps them on it. ``page.get_url(request)`` would not do: with several sites it
    turns the link relative for the request's own site, and the navigation built here is kept
    in the shared cache for every host. So the rule is ``page.url``'s: relative when the page
    belongs to one site, else absolute."""
    parts = page.get_url_parts(request)
    if parts is None or (parts[1] is None and parts[2] is None):
        return None
    _site_id, root_url, path = parts
    sites = {paths[0] for paths in page._get_relevant_site_root_paths(request)}
    return path if len(sites) == 1 else root_url + path


def few(model: type):
    """``model.objects`` for a page type with a handful of rows (indexes, catalogues).

    Filtered by language, SQLite would otherwise walk every page of the locale (its index on
    ``wagtailcore_page.locale_id``) to find them; ``pk IN (own table)`` makes it start there.
    """
    return model.objects.filter(pk__in=model.objects.values("pk"))
