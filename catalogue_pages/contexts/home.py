"""The home page: how many services each catalogue lists, and every guide, compactly.

Why every guide: the first twelve by title hid some of the most needed (Tuvinieka nāve,
Pensionēšanās, Uzņēmuma dibināšana) behind a link; the register holds a couple of dozen,
which fit as short links in columns. Residents' situations come first, then businesses'.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils.translation import get_language

from catalogue_pages import cache as cache_keys
from catalogue_pages.audiences import AUDIENCE_FIELDS, AUDIENCES
from catalogue_pages.models import HomePage, LifeSituationPage, ServicePage
from catalogue_pages.models.context import builds_context_of


@builds_context_of(HomePage)
def home_context(page: HomePage, request: HttpRequest | None = None) -> dict[str, object]:
    language = get_language() or "lv"
    cache_key = cache_keys.key("home", language)
    data = cache.get(cache_key)
    if data is None:
        # One pass over the language's live services counts all three catalogues.
        totals = (
            ServicePage.objects.live()
            .filter(locale__language_code=language)
            .aggregate(
                **{
                    f"n_{audience}": Count("pk", filter=Q(**{AUDIENCE_FIELDS[audience]: True}))
                    for audience in AUDIENCES
                }
            )
        )
        counts = {audience: totals[f"n_{audience}"] for audience in AUDIENCES}
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
