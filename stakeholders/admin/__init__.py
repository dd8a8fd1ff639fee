from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import (
    LOGO_FIELDSET,
    HistoryAdmin,
    LogoAdminMixin,
    SingleRecordAdmin,
    english_fieldset,
    national_phone,
    titled,
)
from stakeholders.admin import (
    confirmations,  # noqa: F401 (registers the requests' admin)
    proposals,  # noqa: F401 (registers the proposals' admin)
)
from stakeholders.admin.partnership import (
    CURRENCY_FIELDSET,
    PARTNERSHIP_FIELDSET,
    SCHEDULE_FIELDS,
    TIMESTAMPS_FIELDSET,
    PartnershipAdmin,
    ResponsibleFilter,
    ScheduleFilter,
    local_moment,
    schedule_label,
)
from stakeholders.admin.rows import LabelledFieldsMixin
from stakeholders.models import Actor, ContactPerson, Office, StakeholderGroup
from stakeholders.resources import ActorResource

__all__ = [
    "CURRENCY_FIELDSET",
    "PARTNERSHIP_FIELDSET",
    "SCHEDULE_FIELDS",
    "TIMESTAMPS_FIELDSET",
    "PartnershipAdmin",
    "ResponsibleFilter",
    "ScheduleFilter",
    "local_moment",
    "schedule_label",
]


@admin.register(StakeholderGroup)
class StakeholderGroupAdmin(LabelledFieldsMixin, HistoryAdmin):
    list_display = ["name", "role", "order"]
    list_editable = ["order"]
    list_filter = [titled("role", _("Rolle im Netzwerk"))]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "role", "description", "order"]}),
        english_fieldset("name_en", "description_en"),
    ]


@admin.register(Actor)
class ActorAdmin(LogoAdminMixin, PartnershipAdmin):
    resource_class = ActorResource
    list_display = [
        "name",
        "group",
        *PartnershipAdmin.partnership_columns,
        "visibility",
        "changed",
    ]
    list_filter = [
        *PartnershipAdmin.partnership_filters,
        titled("is_public", _("Sichtbarkeit")),
        ScheduleFilter,
        titled("group", _("Akteursgruppe")),
    ]
    search_fields = ["name", "description", "place", "internal_notes", "next_step"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "group", "description", "place", "website"]}),
        (_("Veröffentlichung"), {"fields": ["is_public", *SCHEDULE_FIELDS]}),
        LOGO_FIELDSET,
        CURRENCY_FIELDSET,
        PARTNERSHIP_FIELDSET,
        TIMESTAMPS_FIELDSET,
    ]

    @admin.display(description=_("Sichtbarkeit"), ordering="is_public")
    def visibility(self, obj):
        if not obj.is_public:
            return _("verborgen")
        return schedule_label(obj) or _("öffentlich")


@admin.register(ContactPerson)
class ContactPersonAdmin(HistoryAdmin):
    """Contact persons are edited inline on their actor or partner; this list finds them."""

    list_display = ["name", "role", "email", national_phone, "partner_entry"]
    search_fields = ["name", "role", "email"]
    view_on_site = False  # internal, never on a public page

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("partner_entry")

    def has_add_permission(self, request):
        return False


@admin.register(Office)
class OfficeAdmin(SingleRecordAdmin):
    """The office's record."""

    list_display = ["name", national_phone, "email", "updated_at"]
    readonly_fields = ["updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "subtitle"]}),
        (_("Anschrift"), {"fields": ["street", "postal_code", "city"]}),
        (_("Erreichbarkeit"), {"fields": ["phone", "email", "opening_hours"]}),
        (
            _("Impressum und Datenschutz"),
            {"fields": ["content_responsible", "data_protection_officer"]},
        ),
        (None, {"fields": ["updated_at"]}),
    ]
