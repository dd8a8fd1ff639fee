from collections import namedtuple
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from partners.models import EntryReport
from stakeholders.forms import PublicForm, SearchForm
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

    def filter(self, partners, *, by_tag=True):
        """Narrow the partners to the search and the chosen filters.

        Nothing matches an invalid choice. `by_tag=False` leaves the tag filter
        out, to count how many partners each tag would leave.
        """
        if not self.is_valid():
            return partners.none()
        if group := self.cleaned_data["gruppe"]:
            partners = partners.in_group(group.slug)
        if by_tag and (tag := self.cleaned_data["tag"]):
            partners = partners.tagged(tag.slug)
        if self.query:
            partners = partners.search(self.query)
        return partners

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
