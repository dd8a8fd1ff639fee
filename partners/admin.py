from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from partners.models import Partner
from stakeholders.admin import (
    PARTNERSHIP_FIELDSET,
    TIMESTAMPS_FIELDSET,
    DueFilter,
    PartnershipAdmin,
    english_fieldset,
)


@admin.register(Partner)
class PartnerAdmin(PartnershipAdmin):
    list_display = [
        "name",
        "group",
        "partnership_status",
        "due",
        "is_published",
        "order",
        "updated_at",
    ]
    list_editable = ["order"]
    list_filter = ["partnership_status", DueFilter, "is_published", "group", "tags"]
    search_fields = ["name", "teaser", "description", "operator", "internal_notes", "next_step"]
    csv_fields = [
        *PartnershipAdmin.csv_fields[:4],
        "operator",
        "teaser",
        "is_published",
        *PartnershipAdmin.csv_fields[4:],
    ]
    fieldsets = [
        (None, {"fields": ["name", "slug", "teaser", "description"]}),
        (None, {"fields": ["website", "operator", "group", "tags"]}),
        (_("Veröffentlichung"), {"fields": ["is_published", "order"]}),
        english_fieldset("teaser_en", "description_en"),
        PARTNERSHIP_FIELDSET,
        TIMESTAMPS_FIELDSET,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")
