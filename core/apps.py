from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app of the site shares; it knows no app above it."""

    name = "core"
    verbose_name = _("Gemeinsame Grundlagen")

    def ready(self):
        from core import page_cache

        page_cache.connect_signals()
