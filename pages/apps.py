from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Pflichtseiten und Barrierefreiheit")

    def ready(self):
        from core import reminders
        from pages.models import BarrierReport

        reminders.register(reminders.open_reports(BarrierReport))  # the daily reminder
