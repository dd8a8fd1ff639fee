from collections import namedtuple
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from stakeholders.forms import SearchForm
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
