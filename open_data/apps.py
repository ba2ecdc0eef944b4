from django.apps import AppConfig


class OpenDataConfig(AppConfig):
    """The catalogue as open data: the CPSV-AP dump, its change feed and the DCAT-AP record."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "open_data"
    verbose_name = "Open data"

    def ready(self) -> None:
        from open_data import signal_handlers  # noqa: F401
