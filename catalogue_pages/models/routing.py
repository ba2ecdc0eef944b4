"""Cheaper Wagtail routing for the public pages (the per-request queries before ``serve``).

* Index pages whose children are all of one type fetch the specific child in one query
  instead of Wagtail's two (the base ``Page`` row, then ``.specific``).
* The privacy check (``before_serve_page``) costs one query instead of two.
* ``page_url`` gives ``page.url`` with Wagtail's site root paths read once per request.
* Page URLs are built without a ``reverse()`` per page (``url_parts``, ``FastUrlMixin``).
* The site root finds its translation in the active language without a locale query
  (``CheapLocalizedMixin``).
"""

from __future__ import annotations

import re
import threading
import time
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.http import Http404, HttpRequest
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import translation
from wagtail.coreutils import WAGTAIL_APPEND_SLASH, get_supported_content_language_variant
from wagtail.models import Locale, Page, PageViewRestriction, Site

#: Wagtail's ``wagtail_serve`` pattern (``wagtail.urls.serve_pattern``, trailing slash on).
_SERVE_PATH = re.compile(r"(?:[\w\-]+/)*")
#: What ``reverse()`` leaves unquoted (``django.urls.resolvers``: RFC 3986 sub-delims + "/~:@").
_REVERSE_SAFE = "!$&'()*+,;=/~:@"
#: ``reverse("wagtail_serve", args=(""))`` per (language, script prefix, URLconf).
_serve_prefixes: dict[tuple[str | None, str, str], str] = {}
_SLOW = object()


def _serve_prefix(language: str | None) -> str | None:
    """The URL of the site root in ``language``: what every page URL of that language starts
    with. ``reverse()`` costs ~0.1 ms (with ``translation.override``, a fifth of a page's URL
    time); the prefix depends only on the language, the script prefix and the URLconf."""
    key = (language, get_script_prefix(), str(get_urlconf() or settings.ROOT_URLCONF))
    prefix = _serve_prefixes.get(key)
    if prefix is None:
        try:
            with translation.override(language):
                prefix = reverse("wagtail_serve", args=("",))
        except NoReverseMatch:
            return None
        _serve_prefixes[key] = prefix
    return prefix


def _fast_url_parts(page: Any, request: Any) -> Any:
    """Wagtail's ``Page.get_url_parts`` for the common case, ``_SLOW`` for any other.

    Same steps as Wagtail's (the site root paths of the page, the active language when it is
    a variant of the root's), but the path is the language's site root URL + the quoted
    rest of ``url_path``, as ``reverse()`` would build it, instead of a ``reverse()`` under
    ``translation.override`` per page: a service page builds about twenty URLs.
    A page of several sites, a path the serve pattern would not match or
    ``WAGTAIL_APPEND_SLASH`` off take Wagtail's own way."""
    possible_sites = page._get_relevant_site_root_paths(request)
    if not possible_sites:
        return None
    site_id, root_path, root_url, language_code = possible_sites[0]
    if not WAGTAIL_APPEND_SLASH or any(values[0] != site_id for values in possible_sites):
        return _SLOW
    if settings.WAGTAIL_I18N_ENABLED:
        active = translation.get_language()
        try:
            if get_supported_content_language_variant(active) == language_code:
                language_code = active
        except LookupError:
            pass
    else:
        language_code = translation.get_language()
    rest = page.url_path[len(root_path) :]
    if not _SERVE_PATH.fullmatch(rest):
        return _SLOW
    prefix = _serve_prefix(language_code)
    if prefix is None:
        return (site_id, None, None)
    return (site_id, root_url, prefix + quote(rest, safe=_REVERSE_SAFE))


def url_parts(page: Any, request: Any = None) -> Any:
    """``page.get_url_parts(request)`` for any page, specific or not, without ``reverse()``."""
    parts = _fast_url_parts(page, request)
    if parts is _SLOW:
        return Page.get_url_parts(page, request)
    return parts


def get_url(page: Any, request: HttpRequest | None = None) -> str | None:
    """``page.get_url(request)`` for any page, specific or not (a base ``Page`` row too),
    with ``url_parts``: Wagtail's rule for relative or absolute, unchanged."""
    parts = url_parts(page, request)
    if parts is None or (parts[1] is None and parts[2] is None):
        return None
    site_id, root_url, path = parts
    current_site = Site.find_for_request(request) if request is not None else None
    sites = {paths[0] for paths in page._get_site_root_paths(request)}
    if (current_site is not None and site_id == current_site.id) or len(sites) == 1:
        return path
    return root_url + path


class FastUrlMixin:
    """Page URLs (``url``, ``get_url``, ``full_url``) through ``url_parts``."""

    def get_url_parts(self, request: Any = None) -> Any:
        return url_parts(self, request)


class CheapViewRestrictionsMixin(FastUrlMixin):
    """Wagtail's privacy check (``before_serve_page``) in one query instead of two.

    (It brings ``FastUrlMixin`` along: every page type of the portal mixes this one in.)

    Wagtail first loads the ancestors (to resolve aliases), then their restrictions. The
    ancestors' paths are known from the page's own path, so one query does both: restrictions
    on the page or an ancestor, or on the page an alias among them points to. Nothing is
    cached, so a restriction added by any process applies at once.

    Cheaper still when routing handed the page its parents (``_cached_parent_obj``, as
    Wagtail's ``route`` and ``specific_child`` do) and none of them is an alias: their ids are
    known, and the query is a plain ``page_id IN (…)`` (a third of the ORM's time).
    """

    def get_view_restrictions(self):
        ids = known_ancestor_ids(self)
        if ids is not None:
            return PageViewRestriction.objects.filter(page_id__in=ids)
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


#: How long a process keeps a home page's folders (``kept_folder``).
FOLDER_TTL = 60.0
_folders: dict[tuple[int, str], tuple[float, Any]] = {}


def forget_folders(**kwargs: Any) -> None:
    _folders.clear()


def _forget_folders_on_save(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A page saved or deleted at a folder's depth or above: forget the folders (and, for
    the tree root itself, its id)."""
    if not isinstance(instance, Page):
        return
    if _folders and (instance.depth or 0) <= _folder_depth():
        forget_folders()
    if (instance.depth or 0) <= 1:
        _tree_roots.clear()


def _folder_depth() -> int:
    return max((folder.depth for _expiry, folder in _folders.values()), default=0)


post_save.connect(_forget_folders_on_save, dispatch_uid="catalogue_pages.routing.folder_save")
post_delete.connect(_forget_folders_on_save, dispatch_uid="catalogue_pages.routing.folder_delete")


def kept_folder(parent: Any, slug: str, is_folder: Any) -> Any:
    """The child of ``parent`` with this slug (a base ``Page``), kept per process when
    ``is_folder(page)`` says it is one of the skeleton's folders.

    Why: the services, guides and institutions folders are created by the site tree, never
    moved, copied or deleted, and their slugs are read-only (docs/architecture.md); routing
    needs only their class and tree position, yet asked the database for the folder on every
    page view below it. A page saved or deleted at a folder's depth or above in this process
    forgets them at once; other processes within ``FOLDER_TTL`` seconds. Anything that is not
    a folder (a catalogue, an information page) is read afresh on every request.
    Raises ``Page.DoesNotExist`` as ``get_children().get(slug=…)`` does."""
    key = (parent.pk, slug)
    now = time.monotonic()
    kept = _folders.get(key)
    if kept is not None and kept[0] > now:
        return kept[1]
    page = parent.get_children().get(slug=slug)
    page._cached_parent_obj = parent
    if is_folder(page):
        _folders[key] = (now + FOLDER_TTL, page)
    return page


#: The tree root's id by its path, with its expiry (Wagtail creates the root once).
_tree_roots: dict[str, tuple[float, int]] = {}


def known_ancestor_ids(page: Any) -> list[int] | None:
    """The ids of ``page`` and all its ancestors, the tree root included, from the parents
    routing attached to it; None when a parent is missing or any of them is an alias (whose
    restrictions are its source's: the query by paths handles it)."""
    ids: list[int] = []
    node = page
    while node.depth > 2:
        if node.alias_of_id is not None:
            return None
        ids.append(node.pk)
        node = node.__dict__.get("_cached_parent_obj")
        if node is None or not isinstance(node, Page):
            return None
    if node.depth != 2 or node.alias_of_id is not None:
        return None
    ids.append(node.pk)
    root_path = node.path[: node.steplen]
    now = time.monotonic()
    kept = _tree_roots.get(root_path)
    if kept is not None and kept[0] > now:
        root_id = kept[1]
    else:
        found = Page.objects.filter(path=root_path).values_list("pk", flat=True).first()
        if found is None:
            return None
        root_id = found
        _tree_roots[root_path] = (now + FOLDER_TTL, root_id)
    ids.append(root_id)
    return ids


def specific_child(parent: Any, model: type, slug: str):
    """The ``model`` child of ``parent`` with this slug as the specific page, in one query.

    None when no such child exists (or it is of another type): Wagtail's generic routing then
    decides, as it would have without this shortcut.
    """
    children = model.objects.child_of(parent)
    # What the page type's own page shows of other rows, fetched in the same query.
    related = getattr(model, "route_select_related", ())
    if related:
        children = children.select_related(*related)
    try:
        child = children.get(slug=slug)
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
    parts = url_parts(page, request)
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


#: How long a process keeps the locale of a language code (``active_locale``).
LOCALE_TTL = 60.0
_locales: dict[str | None, tuple[float, Locale]] = {}
_locales_lock = threading.Lock()


def forget_locales(**kwargs: Any) -> None:
    with _locales_lock:
        _locales.clear()


post_save.connect(forget_locales, sender=Locale, dispatch_uid="catalogue_pages.routing.locale_save")
post_delete.connect(
    forget_locales, sender=Locale, dispatch_uid="catalogue_pages.routing.locale_delete"
)


def active_locale() -> Locale:
    """Wagtail's ``Locale.get_active()``, kept per process for ``LOCALE_TTL`` seconds.

    Why: Wagtail's routing asks the site root for its translation in the active language
    (``root_page.localized``) on every request, and that asks the database for the locale of
    the language code: a query per page view for a row that changes when a language is added
    or removed. A locale saved or deleted in this process is forgotten at once; other
    processes see it within the TTL. Raises what ``Locale.get_active`` raises."""
    code = translation.get_language()
    now = time.monotonic()
    kept = _locales.get(code)
    if kept is not None and kept[0] > now:
        return kept[1]
    locale = Locale.get_active()
    with _locales_lock:
        _locales[code] = (now + LOCALE_TTL, locale)
    return locale


class CheapLocalizedMixin:
    """``localized`` / ``localized_draft`` with the locale from ``active_locale``, and the
    translation found once per page object.

    Wagtail's routing starts at ``site.root_page.localized``; the portal's site cache keeps
    the root as its specific page (``portal.site_cache``), so this is the code that runs.
    Why the memo: the root is the Latvian home page, so every English request asked the
    database for its English translation (an uncached English service page made 5 queries
    where the Latvian one made 4). Kept on the object, the translation lives exactly as long
    as the cached root: ``TTL`` seconds, and forgotten in this process at once when a Site or
    a page at a site root's depth (the English home page among them) is saved or deleted."""

    @property
    def localized_draft(self) -> Any:
        if not settings.WAGTAIL_I18N_ENABLED:
            return self
        try:
            locale = active_locale()
        except (LookupError, Locale.DoesNotExist):
            return self
        # mypy: a mixin: the concrete page gives locale_id and get_translation_or_none
        if locale.id == self.locale_id:  # type: ignore[attr-defined]
            return self
        memo: dict[int, Any] = self.__dict__.setdefault("_translations_by_locale", {})
        if locale.id not in memo:
            memo[locale.id] = self.get_translation_or_none(locale)  # type: ignore[attr-defined]
        return memo[locale.id] or self
