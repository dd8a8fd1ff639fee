from collections import namedtuple
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from core.forms import PublicForm, SearchForm
from partners.models import EntryReport
from stakeholders.models import StakeholderGroup

TagLink = namedtuple("TagLink", "name count query is_current")


class GroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, group):
        name, _language = group.localized("name")
        return name


class PartnerFilterForm(SearchForm):
    """The search and filters of the partner list, read from the query string."""

    gruppe = GroupChoiceField(
        label=_("Akteursgruppe"),
        queryset=StakeholderGroup.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Alle Gruppen"),
        error_messages={"invalid_choice": _("Diese Akteursgruppe gibt es nicht.")},
    )
    tag = forms.ModelChoiceField(
        label=_("Schlagwort"),
        queryset=Tag.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("Alle Schlagwörter"),
        error_messages={"invalid_choice": _("Dieses Schlagwort gibt es nicht.")},
    )

    def __init__(self, *args, tags, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tag"].queryset = tags

    def selection(self, partners):
        """The partners of the search and the group, before the tag: what tag links count.

        Nothing matches an invalid choice.
        """
        if not self.is_valid():
            return partners.none()
        return partners.selected(query=self.query, group=self.cleaned_data["gruppe"])

    def filter(self, selection):
        """The selection narrowed to the chosen tag."""
        return selection.selected(tag=self.cleaned_data["tag"]) if self.is_valid() else selection

    def tag_links(self, tags):
        """Each tag as a filter link that keeps the search and the group; the chosen one marked."""
        current = self.data.get("tag", "")
        return [
            TagLink(tag.name, tag.partner_count, self.query_with(tag=tag.slug), tag.slug == current)
            for tag in tags
        ]

    def query_with(self, **changes):
        """The search and filters as a query string, with some values changed."""
        values = {name: self.data.get(name, "").strip() for name in self.fields} | changes
        return urlencode({name: value for name, value in values.items() if value})

    @property
    def query_string(self):
        """The search and filters as a query string, for links that must keep them."""
        return self.query_with()

    @property
    def is_filtered(self):
        return bool(self.query_string)


class EntryReportForm(PublicForm, forms.ModelForm):
    """What a visitor found outdated or wrong on a partner's page."""

    privacy_title = _("Wenn Sie einen Eintrag melden")
    privacy_text = _(
        "Das Formular „Eintrag melden“ auf der Seite eines Partnerangebots speichert, was Sie "
        "eingeben (Ihre Beschreibung und Ihre E-Mail-Adresse nur, wenn Sie sie angeben), mit "
        "dem Zeitpunkt und dem gemeldeten Eintrag. Das Büro liest die Meldung in seinem "
        "geschützten Verwaltungsbereich. Wir nutzen die Angaben nur, um den Eintrag zu "
        "berichtigen, und Ihre E-Mail-Adresse nur für Rückfragen zu Ihrer Meldung. Die "
        "Meldung bleibt gespeichert, bis das Büro sie löscht."
    )

    class Meta:
        model = EntryReport
        fields = ["problem", "email"]
        labels = {
            "problem": _("Was ist veraltet oder falsch?"),
            "email": _("Ihre E-Mail-Adresse (freiwillig, für Rückfragen)"),
        }
        help_texts = {
            "problem": _("Zum Beispiel ein Link, der nicht mehr geht. Höchstens 2000 Zeichen.")
        }
        error_messages = {
            "problem": {
                "required": _("Bitte beschreiben Sie kurz, was nicht stimmt."),
                "max_length": _("Bitte höchstens %(limit_value)d Zeichen."),
            },
            "email": {
                "invalid": _(
                    "Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@example.org."
                )
            },
        }
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 6, "maxlength": 2000}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }


class MergeTagsForm(forms.Form):
    name = forms.CharField(
        label=_("Neuer Name"),
        max_length=Tag._meta.get_field("name").max_length,
        help_text=_(
            "Gibt es schon ein Schlagwort mit diesem Namen, erhalten die Partner dieses; "
            "sonst wird es neu angelegt."
        ),
        error_messages={
            "required": _("Bitte einen Namen für das zusammengeführte Schlagwort eingeben.")
        },
    )
