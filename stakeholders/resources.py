"""The spreadsheet columns of actors, and those every partnership shares (core/spreadsheets)."""

from core.spreadsheets.resources import (
    ByNameWidget,
    ChoiceWidget,
    DateWidget,
    EntryResource,
    MomentWidget,
    StaffWidget,
    YesNoWidget,
    column,
)
from stakeholders.models import Actor, StakeholderGroup


def model_column(model, name, **kwargs):
    """A column named as the field is in the admin, with the widget its kind needs."""
    field = model._meta.get_field(name)
    label = str(field.verbose_name)
    if field.choices:
        kwargs.setdefault("widget", ChoiceWidget(field.choices))
    elif field.get_internal_type() == "BooleanField":
        kwargs.setdefault("widget", YesNoWidget())
    elif field.get_internal_type() == "DateField":
        kwargs.setdefault("widget", DateWidget())
    elif field.get_internal_type() == "DateTimeField":
        kwargs.setdefault("widget", MomentWidget())
        kwargs.setdefault("readonly", True)
    return column(name, label, **kwargs)


def partnership_columns(model):
    """The columns every partnership has, in the order of the admin's form."""
    return {
        "name": model_column(model, "name"),
        "slug": model_column(model, "slug"),
        "group": model_column(model, "group", widget=ByNameWidget(StakeholderGroup.objects.all())),
        "website": model_column(model, "website"),
    }, {
        "partnership_status": model_column(model, "partnership_status"),
        "partnership_since": model_column(model, "partnership_since"),
        "next_step": model_column(model, "next_step"),
        "next_step_due": model_column(model, "next_step_due"),
        "responsible": model_column(model, "responsible", widget=StaffWidget()),
        "internal_notes": model_column(model, "internal_notes"),
        "last_reviewed": model_column(model, "last_reviewed"),
        # Export only: an import never publishes or hides, and time stamps are the site's.
        model.visibility_field: model_column(model, model.visibility_field, readonly=True),
        "created_at": model_column(model, "created_at"),
        "updated_at": model_column(model, "updated_at"),
    }


class PartnershipResource(EntryResource):
    """Columns are declared per instance (each import reads the names of groups, people
    and tags afresh): `columns()` returns them in order."""

    def columns(self):
        raise NotImplementedError

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = self.columns()

    def get_import_order(self):
        return list(self.fields)

    def get_export_order(self):
        return list(self.fields)

    def for_export(self, queryset):
        return queryset.select_related("group", "responsible")


class ActorResource(PartnershipResource):
    class Meta(EntryResource.Meta):
        model = Actor
        fields = ()

    def columns(self):
        first, partnership = partnership_columns(Actor)
        return {
            **first,
            "description": model_column(Actor, "description"),
            "place": model_column(Actor, "place"),
            **partnership,
        }
