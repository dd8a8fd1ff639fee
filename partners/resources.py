"""The spreadsheet columns of partner resources (core/spreadsheets)."""

from core.spreadsheets.resources import TagsField, TagsWidget, column
from partners.models import Partner
from stakeholders.resources import PartnershipResource, model_column, partnership_columns


class PartnerResource(PartnershipResource):
    class Meta(PartnershipResource.Meta):
        model = Partner
        fields = ()

    def columns(self):
        first, partnership = partnership_columns(Partner)
        return {
            **first,
            "teaser": model_column(Partner, "teaser"),
            "description": model_column(Partner, "description"),
            "operator": model_column(Partner, "operator"),
            "tags": column(
                "tags",
                Partner._meta.get_field("tags").verbose_name,
                widget=TagsWidget(),
                field_class=TagsField,
            ),
            "ended": model_column(Partner, "ended"),
            **partnership,
        }

    def for_export(self, queryset):
        return super().for_export(queryset).prefetch_related("tags")
