"""The home page: how many services each catalogue lists, and every guide, compactly.

Why every guide: the first twelve by title hid some of the most needed (Tuvinieka nāve,
Pensionēšanās, Uzņēmuma dibināšana) behind a link; the register holds a couple of dozen,
which fit as short links in columns. Residents' situations come first, then businesses'.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import get_language

from catalogue_pages import cache as cache_keys
from catalogue_pages.facets import catalogue_sizes
from catalogue_pages.models import HomePage, LifeSituationPage
from catalogue_pages.models.context import builds_context_of


@builds_context_of(HomePage)
def home_context(page: HomePage, request: HttpRequest | None = None) -> dict[str, object]:
    language = get_language() or "lv"
    cache_key = cache_keys.key("home", language)
    data = cache.get(cache_key)
    if data is None:
        # Kept with the facets when content is written: a count over every live service of
        # the language cost ~1 s at 100,000 services on PostgreSQL.
        counts = catalogue_sizes(language)
        situations = list(
            LifeSituationPage.objects.live()
            .filter(locale__language_code=language)
            .only("title", "url_path", "kind", "summary")
            .order_by("-kind", "title")  # "life" before "business"
        )
        data = {
            "audience_counts": counts,
            "featured_situations": [
                {"title": s.title, "url": s.get_url(), "kind": s.kind} for s in situations
            ],
        }
        cache.set(cache_key, data, cache_keys.TIMEOUT)
    return data
