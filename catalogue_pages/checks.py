"""System checks of catalogue_pages (``manage.py check``, run by every test session)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core import checks

from catalogue_pages.models.context import BuiltContextMixin, context_builder


@checks.register()
def every_page_type_has_a_context_builder(app_configs: Any = None, **kwargs: Any) -> list:
    """A page type that renders through ``BuiltContextMixin`` needs a registered builder."""
    return [
        checks.Error(
            f"{model.__name__} has no context builder.",
            hint="Register one with @builds_context_of in catalogue_pages.contexts.",
            obj=model,
            id="catalogue_pages.E001",
        )
        for model in apps.get_app_config("catalogue_pages").get_models()
        if issubclass(model, BuiltContextMixin) and context_builder(model) is None
    ]
