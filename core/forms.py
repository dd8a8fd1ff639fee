from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import autodiscover_modules
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


class DescribedErrorsMixin:
    """For a visitor's form: each invalid field points screen readers to its error message
    (and its help text) and is marked invalid."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                described = [f"id_{name}_error"]
                if self.fields[name].help_text:
                    described.append(f"id_{name}_helptext")
                self.fields[name].widget.attrs["aria-describedby"] = " ".join(described)
                self.fields[name].widget.attrs["aria-invalid"] = "true"


class PublicForm(DescribedErrorsMixin, forms.Form):
    """What every form for visitors has: a trap for bots, errors linked to their fields and
    a section of the privacy statement.

    Each form says in `privacy_title` and `privacy_text` what it stores, what for and how
    long; the text may name the values of `privacy_values()` (`%(retention_days)s`). A form
    without them cannot be defined, and the privacy statement lists every form that has them
    (`privacy_sections()`), so a new form cannot be left out.
    """

    privacy_title = None
    privacy_text = None
    described_forms = []  # every form that declares its own privacy_text

    # A field people never see; bots that fill in every field give themselves away.
    homepage = forms.CharField(
        label=_("Bitte dieses Feld leer lassen"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if not (cls.privacy_title and cls.privacy_text):
            raise ImproperlyConfigured(
                f"{cls.__qualname__} must say in privacy_title and privacy_text what it "
                "stores: the privacy statement describes every form for visitors."
            )
        if "privacy_text" in cls.__dict__:  # a subclass that only inherits it is the same form
            PublicForm.described_forms.append(cls)

    @classmethod
    def privacy_values(cls):
        """The values that privacy_text names, such as how long a report is kept."""
        return {}

    @classmethod
    def privacy_sections(cls):
        """(title, text) of every form for visitors, for the privacy statement."""
        autodiscover_modules("forms")  # every app's forms, whether a view has imported them
        sections = [
            (str(form.privacy_title), str(form.privacy_text) % form.privacy_values())
            for form in cls.described_forms
        ]
        return sorted(sections)

    @property
    def is_spam(self):
        return bool(self.cleaned_data.get("homepage"))
