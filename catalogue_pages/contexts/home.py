"""The home page: how many services each catalogue lists, and every guide, compactly.

Why every guide: the first twelve by title hid some of the most needed (Tuvinieka nāve,
Pensionēšanās, Uzņēmuma dibināšana) behind a link; the register holds a couple of dozen,
which fit as short links in columns. Residents' situations come first, then businesses'.
Why not every guide of a larger register (``HOME_GUIDES``): an aggregation of several
countries' registers holds thousands (11,000 at 100,000 synthetic services: a 1.1 MB home
page); there the home page shows the guides with the most services, and "All life
situations" under the list leads to the paginated index.

Why the guides are read as plain rows and rendered here: a synthetic register of 100,000
services holds 11,000 guides, and page instances, a ``get_url`` and a template loop per guide
made the uncached home page cost ~1 s. Every guide is a child of the one guides folder of its
language (``LifeSituationPage.parent_page_types``), so one URL, computed the way Wagtail does,
gives the folder's and every other is that plus the slug.
"""

from __future__ import annotations

import re

from django.core.cache import cache
from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from catalogue_pages import cache as cache_keys
from catalogue_pages.facets import catalogue_sizes, most_used_situations
from catalogue_pages.html_options import escape
from catalogue_pages.models import HomePage, LifeSituationIndexPage, LifeSituationPage
from catalogue_pages.models.context import builds_context_of
from catalogue_pages.models.routing import few, page_url

#: A slug that stands in a URL as it is (``reverse()`` would quote nothing in it).
_PLAIN_SLUG = re.compile(r"[A-Za-z0-9_-]+")

#: The most guides the home page lists: a national register's couple of dozen all fit; of
#: more, the ones with the most live services.
HOME_GUIDES = 48


@builds_context_of(HomePage)
def home_context(page: HomePage, request: HttpRequest | None = None) -> dict[str, object]:
    language = get_language() or "lv"
    cache_key = cache_keys.key("home", language)
    data = cache.get(cache_key)
    if data is None:
        data = {
            # Kept with the facets when content is written: a count over every live service of
            # the language cost ~1 s at 100,000 services on PostgreSQL.
            "audience_counts": catalogue_sizes(language),
            "situation_links": situation_links(language, request),
        }
        cache.set(cache_key, data, cache_keys.TIMEOUT)
    return {
        "audience_counts": data["audience_counts"],
        # Escaped by situation_links, as template autoescaping would.
        "featured_situations": mark_safe(data["situation_links"]),  # noqa: S308
    }


def situation_links(language: str, request: HttpRequest | None = None) -> str:
    """The ``<li>`` links to the live guides of a language (every one, up to ``HOME_GUIDES``):
    residents' first, then by title.

    The guides are found as children of the language's guides folder (the tree path's index),
    not by language: filtered by language, PostgreSQL walks every page of it, every service
    too (21 ms at 10,000 services, growing with the catalogue)."""
    folder = (
        few(LifeSituationIndexPage)
        .filter(locale__language_code=language)
        .only("path", "depth")
        .first()
    )
    if folder is None:
        return ""
    guides = LifeSituationPage.objects.child_of(folder).live()
    rows = list(
        guides.order_by("-kind", "title").values_list(  # "life" before "business"
            "pk", "title", "slug", "url_path"
        )[: HOME_GUIDES + 1]
    )
    if len(rows) > HOME_GUIDES:
        slugs = most_used_situations(language, HOME_GUIDES)
        chosen = (
            guides.filter(slug__in=slugs)
            if slugs  # none stored (or none with services): counted here
            else guides.filter(
                pk__in=list(
                    guides.annotate(n=Count("services", filter=Q(services__live=True)))
                    .order_by("-n", "title", "pk")
                    .values_list("pk", flat=True)[:HOME_GUIDES]
                )
            )
        )
        rows = list(
            chosen.order_by("-kind", "title").values_list("pk", "title", "slug", "url_path")
        )
    folder_url: str | None = None
    links = []
    for pk, title, slug, url_path in rows:
        url = None
        if folder_url is not None and _PLAIN_SLUG.fullmatch(slug):
            url = f"{folder_url}{slug}/"
        if url is None:
            url = page_url(LifeSituationPage(pk=pk, slug=slug, url_path=url_path), request)
            if url and _PLAIN_SLUG.fullmatch(slug) and url.endswith(f"/{slug}/"):
                folder_url = url[: -len(slug) - 1]
        links.append(f'<li><a href="{escape(url)}">{escape(title)}</a></li>')
    return "".join(links)
