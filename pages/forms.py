from django import forms
from django.utils.translation import gettext_lazy as _

from pages.models import BarrierReport


class BarrierReportForm(forms.ModelForm):
    """The feedback form of the accessibility statement; name and e-mail are optional."""

    # A field people never see; bots that fill in every field give themselves away.
    homepage = forms.CharField(
        label=_("Bitte dieses Feld leer lassen"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

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

    def full_clean(self):
        """Point each invalid field to its error message for screen readers."""
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                described = [f"id_{name}_error"]
                if self.fields[name].help_text:
                    described.append(f"id_{name}_helptext")
                attrs["aria-describedby"] = " ".join(described)

    @property
    def is_spam(self):
        return bool(self.cleaned_data.get("homepage"))
