from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImprovementConfig(AppConfig):
    """Continuous improvement (seed PU3-1): quality, links, problem reports, statistics."""

    name = "improvement"
    verbose_name = _("Continuous improvement")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import api_schema, signal_handlers  # noqa: F401
