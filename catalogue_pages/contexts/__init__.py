"""What each page type shows: one context builder per page type, above the models.

Each module registers its builder with ``@builds_context_of(PageType)``
(``catalogue_pages.models.context``); ``CataloguePagesConfig.ready`` imports this package so
every builder is registered before a page renders. Values that need a query are handed to the
templates as ``functools.cache``-wrapped callables: inside a page's ``{% cache %}`` fragment
nothing is queried on a cache hit.
"""

from . import catalogue, guide, home, indexes, institution, service

__all__ = ["catalogue", "guide", "home", "indexes", "institution", "service"]
