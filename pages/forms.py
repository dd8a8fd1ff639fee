from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.forms import PublicForm
from pages.models import BarrierReport


class BarrierReportForm(PublicForm, forms.ModelForm):
    """The feedback form of the accessibility statement; name and e-mail are optional."""

    privacy_title = _("Wenn Sie eine Barriere melden")
    privacy_text = _(
        "Das Formular „Barriere melden“ speichert, was Sie eingeben (Name und E-Mail-Adresse "
        "nur, wenn Sie sie angeben, die Seite und Ihre Beschreibung), mit dem Zeitpunkt. Das "
        "Büro liest die Meldung in seinem geschützten Verwaltungsbereich und erhält sie per "
        "E-Mail. Wir nutzen die Angaben nur, um die Barriere zu beheben und Ihnen zu "
        "antworten. Nach %(retention_days)s Tagen wird die Meldung automatisch gelöscht."
    )

    @classmethod
    def privacy_values(cls):
        # The period after which delete_old_barrier_reports deletes a report.
        return {"retention_days": settings.BARRIER_REPORT_RETENTION_DAYS}

    class Meta:
        model = BarrierReport
        fields = ["name", "email", "page", "message"]
        labels = {
            "name": _("Ihr Name (freiwillig)"),
            "email": _("Ihre E-Mail-Adresse (freiwillig, für unsere Antwort)"),
            "page": _("Auf welcher Seite ist die Barriere?"),
            "message": _("Was funktioniert nicht?"),
        }
        help_texts = {
            "page": _("Die Adresse oder der Name der Seite, zum Beispiel „Kontakt“."),
            "message": _("Beschreiben Sie die Barriere. Höchstens 5000 Zeichen."),
        }
        error_messages = {
            "page": {
                "required": _("Bitte geben Sie an, auf welcher Seite die Barriere ist."),
                "max_length": _("Bitte höchstens %(limit_value)d Zeichen."),
            },
            "message": {
                "required": _("Bitte beschreiben Sie die Barriere."),
                "max_length": _("Bitte höchstens %(limit_value)d Zeichen."),
            },
            "name": {"max_length": _("Bitte höchstens %(limit_value)d Zeichen.")},
            "email": {
                "invalid": _(
                    "Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@example.org."
                )
            },
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "message": forms.Textarea(attrs={"rows": 8, "maxlength": 5000}),
        }
