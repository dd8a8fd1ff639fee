"""Fields in the admin's tables that a screen reader can name.

Django's admin heads the fields of an editable list (`list_editable`) and of a tabular
inline with column headings that are no <label>: each field gets the label of its
column and, in a saved row, the entry it belongs to ("Reihenfolge: Kompass
Nachhaltigkeit"). Autocomplete fields (select2) take their name from the text they
show; an empty one says which field it is.
"""

from django.contrib.admin.widgets import AdminSplitDateTime, AutocompleteSelect
from django.contrib.contenttypes.forms import BaseGenericInlineFormSet
from django.db.models import DateTimeField
from django.forms import BaseModelFormSet, HiddenInput, Media
from django.utils.text import capfirst
from django.utils.translation import gettext


def label_row(form):
    """Give each visible field of a table row an accessible name."""
    entry = str(form.instance) if form.instance.pk else ""
    for field in form.fields.values():
        if isinstance(field.widget, HiddenInput):
            continue
        label = capfirst(str(field.label or ""))
        field.widget.attrs["aria-label"] = f"{label}: {entry}" if entry else label


class LabelledRowsFormSet(BaseModelFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        label_row(form)


class LabelledInlineRowsFormSet(BaseGenericInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        label_row(form)


class LabelledFieldsMixin:
    """For a ModelAdmin: its editable list, its autocomplete fields and the two inputs of
    each date-and-time field have names."""

    def get_changelist_formset(self, request, **kwargs):
        kwargs.setdefault("formset", LabelledRowsFormSet)
        return super().get_changelist_formset(request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = NamedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, DateTimeField) and isinstance(
            getattr(formfield, "widget", None), AdminSplitDateTime
        ):
            # Django heads the two inputs "Datum:" and "Zeit:" in plain text, no <label>.
            label = capfirst(str(db_field.verbose_name))
            date, time = formfield.widget.widgets
            date.attrs["aria-label"] = gettext("%(field)s: Datum") % {"field": label}
            time.attrs["aria-label"] = gettext("%(field)s: Uhrzeit") % {"field": label}
        return formfield


class NamedAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete field; empty, it shows "<field> auswählen" instead of nothing."""

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs=extra_attrs)
        field = capfirst(str(self.field.verbose_name))
        attrs["data-placeholder"] = gettext("%(field)s auswählen") % {"field": field}
        return attrs

    @property
    def media(self):
        return super().media + Media(
            js=["admin/js/autocomplete.js", "js/admin-autocomplete-names.js"]
        )
