from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = _("E-mail alerts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from alerts import signal_handlers  # noqa: F401  (connects services_changed)
