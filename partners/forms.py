from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from stakeholders.models import StakeholderGroup


class PartnerFilterForm(forms.Form):
    """The filters of the partner list, read from the query string."""

    gruppe = forms.ModelChoiceField(
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

    def filter(self, partners):
        """Narrow the partners to the chosen filters; nothing matches an unknown one."""
        if not self.is_valid():
            return partners.none()
        if group := self.cleaned_data["gruppe"]:
            partners = partners.in_group(group.slug)
        if tag := self.cleaned_data["tag"]:
            partners = partners.tagged(tag.slug)
        return partners

    @property
    def query(self):
        """The chosen filters as a query string, for links that must keep them."""
        return urlencode({name: self.data[name] for name in self.fields if self.data.get(name)})

    @property
    def is_filtered(self):
        return bool(self.query)
