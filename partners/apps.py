from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partnerangebote")

    def ready(self):
        from core import reminders
        from partners.models import EntryReport, Partner
        from stakeholders import confirmations
        from stakeholders.reminders import register_sources

        # The daily reminder (core/reminders.py): partners' steps and reviews, reports.
        register_sources(Partner)
        reminders.register(reminders.open_reports(EntryReport))
        # The yearly confirmation by the contact person (stakeholders/confirmations.py).
        confirmations.register(Partner)
