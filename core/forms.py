from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from core.search import search_terms

MAX_QUERY_LENGTH = 200


class SearchForm(forms.Form):
    """A search query from the query string; an empty one is no error, just no search."""

    q = forms.CharField(
        label=_("Suchbegriff"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        error_messages={
            "max_length": _("Bitte geben Sie höchstens %(limit_value)d Zeichen ein."),
            "null_characters_not_allowed": _("Der Suchbegriff enthält ungültige Zeichen."),
        },
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

    def clean_q(self):
        query = self.cleaned_data["q"]
        if query and not search_terms(query):
            raise forms.ValidationError(
                _("Bitte geben Sie mindestens ein Wort aus Buchstaben oder Ziffern ein.")
            )
        return query

    @property
    def query(self):
        """The valid search query, or "" when there is none to search for."""
        return self.cleaned_data.get("q", "") if self.is_valid() else ""

    @property
    def query_string(self):
        """The search as a query string, for links that must keep it."""
        return urlencode({"q": self.query}) if self.query else ""

    @property
    def terms(self):
        return search_terms(self.query)


class PublicForm(forms.Form):
    """What every form for visitors has: a trap for bots and errors linked to their fields."""

    # A field people never see; bots that fill in every field give themselves away.
    homepage = forms.CharField(
        label=_("Bitte dieses Feld leer lassen"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def full_clean(self):
        """Point each invalid field to its error message for screen readers."""
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                described = [f"id_{name}_error"]
                if self.fields[name].help_text:
                    described.append(f"id_{name}_helptext")
                self.fields[name].widget.attrs["aria-describedby"] = " ".join(described)

    @property
    def is_spam(self):
        return bool(self.cleaned_data.get("homepage"))
