from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StakeholdersConfig(AppConfig):
    name = "stakeholders"
    verbose_name = _("Netzwerk und Büro")

    def ready(self):
        from stakeholders import confirmations
        from stakeholders.models import Actor
        from stakeholders.reminders import register_sources

        register_sources(Actor)  # the daily reminder, core/reminders.py
        confirmations.register(Actor)  # the yearly confirmation by the contact person
