"""The project's own app config: only so its system checks (``portal/checks.py``) register."""

from __future__ import annotations

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal configuration"

    def ready(self) -> None:
        from portal import checks  # noqa: F401 — registers the deployment checks
