from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import VisitorReportAdmin, english_fieldset, titled
from partners.models import EntryReport, Partner
from stakeholders.admin import (
    CURRENCY_FIELDSET,
    PARTNERSHIP_FIELDSET,
    TIMESTAMPS_FIELDSET,
    PartnershipAdmin,
)


@admin.register(Partner)
class PartnerAdmin(PartnershipAdmin):
    list_display = [
        "name",
        "group",
        *PartnershipAdmin.partnership_columns,
        "is_published",
        "ended",
        "order",
        "updated_at",
    ]
    list_editable = ["order"]
    list_filter = [
        *PartnershipAdmin.partnership_filters,
        titled("is_published", _("Veröffentlichung")),
        titled("ended", _("Stand des Angebots")),
        titled("group", _("Akteursgruppe")),
        titled("tags", _("Schlagwort")),
    ]
    autocomplete_fields = ["group", "successor"]
    search_fields = ["name", "teaser", "description", "operator", "internal_notes", "next_step"]
    csv_fields = [
        *PartnershipAdmin.csv_fields[:4],
        "operator",
        "teaser",
        "tags",
        "is_published",
        "ended",
        *PartnershipAdmin.csv_fields[4:],
    ]
    fieldsets = [
        (None, {"fields": ["name", "slug", "teaser", "description"]}),
        (None, {"fields": ["website", "operator", "group", "tags"]}),
        (_("Veröffentlichung"), {"fields": ["is_published", "order", "ended", "successor"]}),
        english_fieldset("teaser_en", "description_en"),
        CURRENCY_FIELDSET,
        PARTNERSHIP_FIELDSET,
        TIMESTAMPS_FIELDSET,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")


@admin.register(EntryReport)
class EntryReportAdmin(VisitorReportAdmin):
    """Visitors' notes that an entry is outdated."""

    list_display = ["created_at", "partner", "preview", "email", "done"]
    list_filter = [titled("done", _("Bearbeitungsstand")), titled("created_at", _("Eingangsdatum"))]
    search_fields = ["problem", "email", "partner__name"]
    list_select_related = ["partner"]
    readonly_fields = ["partner", "problem", "email", "created_at"]
    fields = [*readonly_fields, "done"]
