"""Who builds a page's template context: the builder registered for its page type.

Why: what a page shows needs queries over other page types (a catalogue counts services, a
guide lists them), so the builders (``catalogue_pages.contexts``) import the models. A model
that imported its builder would close a loop, so the models stay below: a builder registers
itself with ``@builds_context_of(PageType)``, ``CataloguePagesConfig.ready`` imports them all,
and ``catalogue_pages.checks`` reports a page type that would render without one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

#: ``builder(page, request) -> dict`` merged into the page's template context.
ContextBuilder = Callable[[Any, HttpRequest], dict[str, Any]]

_builders: dict[type, ContextBuilder] = {}


def builds_context_of(*models: type) -> Callable[[ContextBuilder], ContextBuilder]:
    """Register the decorated function as the context builder of these page types."""

    def register(builder: ContextBuilder) -> ContextBuilder:
        for model in models:
            _builders[model] = builder
        return builder

    return register


def context_builder(model: type) -> ContextBuilder | None:
    """The builder registered for ``model`` (or the nearest base class), if any."""
    for klass in model.__mro__:
        if klass in _builders:
            return _builders[klass]
    return None


class BuiltContextMixin:
    """``get_context`` adds what the page type's registered builder returns."""

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        # mypy: a mixin: Page.get_context comes next in the concrete class's MRO
        context = super().get_context(request, *args, **kwargs)  # type: ignore[misc]
        builder = context_builder(type(self))
        if builder is None:
            raise ImproperlyConfigured(f"No context builder is registered for {type(self)}.")
        context.update(builder(self, request))
        return context
