from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import (
    HistoryAdmin,
    SingleRecordAdmin,
    VisitorReportAdmin,
    english_fieldset,
    titled,
)
from core.release_admin import ReleaseAdmin
from pages.models import AccessibilityStatement, BarrierReport, Page, SignLanguageVideo


@admin.register(Page)
class PageAdmin(ReleaseAdmin, HistoryAdmin):
    """The fixed pages exist from the start; staff edit them, nobody adds or deletes one.
    They are always public: an editor's change waits for a second person's release."""

    list_display = ["__str__", "title", "has_english", "updated_at"]
    search_fields = ["title", "body"]
    readonly_fields = ["slug", "updated_at"]
    fieldsets = [
        (None, {"fields": ["slug", "title", "body"]}),
        english_fieldset("title_en", "body_en"),
        (None, {"fields": ["updated_at"]}),
    ]

    @admin.display(boolean=True, description=_("englisch"))
    def has_english(self, page):
        return bool(page.body_en)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessibilityStatement)
class AccessibilityStatementAdmin(SingleRecordAdmin):
    list_display = ["__str__", "compliance", "written_on", "reviewed_on"]
    readonly_fields = ["updated_at"]
    fieldsets = [
        (None, {"fields": ["compliance", "non_accessible", "method", "enforcement"]}),
        (None, {"fields": ["written_on", "reviewed_on", "updated_at"]}),
        english_fieldset("non_accessible_en", "method_en", "enforcement_en"),
    ]


@admin.register(BarrierReport)
class BarrierReportAdmin(VisitorReportAdmin):
    """Reports of barriers; staff answer by e-mail, note the date, add notes and mark
    them done."""

    list_display = ["created_at", "page", "preview", "email_link", "answered_on", "done"]
    list_filter = [
        titled("done", _("Bearbeitungsstand")),
        titled("answered_on", _("Antwortdatum")),
        titled("created_at", _("Eingangsdatum")),
    ]
    search_fields = ["page", "message", "name", "email"]
    date_hierarchy = "created_at"
    readonly_fields = ["name", "email_link", "page", "message", "created_at"]
    fields = [*readonly_fields, "answered_on", "done", "staff_notes"]


@admin.register(SignLanguageVideo)
class SignLanguageVideoAdmin(admin.ModelAdmin):
    list_display = ["title", "duration", "order", "uploaded_at"]
    fields = ["title", "title_en", "file", "duration", "order"]
