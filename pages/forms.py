from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import PublicForm
from pages.models import BarrierReport


class BarrierReportForm(PublicForm, forms.ModelForm):
    """The feedback form of the accessibility statement; name and e-mail are optional."""

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
