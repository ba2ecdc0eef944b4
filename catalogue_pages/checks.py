"""System checks of catalogue_pages (``manage.py check``, run by every test session)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core import checks
from django.db import models

from catalogue_pages.models import ServicePage
from catalogue_pages.models.context import BuiltContextMixin, context_builder
from catalogue_pages.register_fields import SERVICE_LISTS


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


@checks.register()
def service_lists_are_json_fields(app_configs: Any = None, **kwargs: Any) -> list:
    """Every JSON list of the register contract is a register-owned JSONField of ServicePage."""
    errors = []
    for name in SERVICE_LISTS:
        field = next((f for f in ServicePage._meta.fields if f.name == name), None)
        if not isinstance(field, models.JSONField) or name not in ServicePage.register_fields:
            errors.append(
                checks.Error(
                    f"ServicePage.{name} must be a JSONField listed in register_fields.",
                    obj=ServicePage,
                    id="catalogue_pages.E002",
                )
            )
    return errors
