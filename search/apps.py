from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "service_search"
    verbose_name = _("Service search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import curation, query_log, signal_handlers  # noqa: F401
