from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CataloguePagesConfig(AppConfig):
    name = "catalogue_pages"
    verbose_name = _("Catalogue pages")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Django loads these once the models are: the only imports made inside a function.
        from . import checks, contexts, sentence_segments, signal_handlers  # noqa: F401

        sentence_segments.install()
