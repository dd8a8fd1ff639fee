from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app of the site shares; it knows no app above it."""

    name = "core"
    default = True  # this module also holds the configs of two libraries (below)
    verbose_name = _("Gemeinsame Grundlagen")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_login_failed
        from django.db.models.signals import post_migrate

        from core import page_cache, reminders, signin
        from core.permissions import rename_default_permissions

        page_cache.connect_signals()
        post_migrate.connect(rename_default_permissions, dispatch_uid="core.permissions")
        user_logged_in.connect(signin.signed_in, dispatch_uid="core.signin.signed_in")
        user_login_failed.connect(signin.sign_in_failed, dispatch_uid="core.signin.failed")
        reminders.register(reminders.pending_releases)  # the daily reminder mail


class AxesConfig(AxesAppConfig):
    """django-axes under a German name: it names its app "Axes" and leaves that untranslated."""

    verbose_name = _("Anmeldeschutz")


class SimpleHistoryConfig(AppConfig):
    """django-simple-history, which has no app config of its own, under a German name."""

    name = "simple_history"
    verbose_name = _("Änderungsgeschichte")
