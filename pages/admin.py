from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from pages.models import AccessibilityStatement, BarrierReport, Page, SignLanguageVideo
from stakeholders.admin import HistoryAdmin, english_fieldset


@admin.register(Page)
class PageAdmin(HistoryAdmin):
    """The fixed pages exist from the start; staff edit them, nobody adds or deletes one."""

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
class AccessibilityStatementAdmin(HistoryAdmin):
    list_display = ["__str__", "compliance", "written_on", "reviewed_on"]
    readonly_fields = ["updated_at"]
    fieldsets = [
        (None, {"fields": ["compliance", "non_accessible", "method", "enforcement"]}),
        (None, {"fields": ["written_on", "reviewed_on", "updated_at"]}),
        english_fieldset("non_accessible_en", "method_en", "enforcement_en"),
    ]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not AccessibilityStatement.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BarrierReport)
class BarrierReportAdmin(admin.ModelAdmin):
    """Reports from visitors: what they sent is read-only, staff note and close them."""

    list_display = ["created_at", "page", "short_message", "email", "handled"]
    list_filter = ["handled", "created_at"]
    search_fields = ["page", "message", "name", "email"]
    date_hierarchy = "created_at"
    readonly_fields = ["name", "email", "page", "message", "created_at"]
    fields = [*readonly_fields, "handled", "staff_notes"]
    actions = ["mark_handled"]

    @admin.display(description=_("Meldung"))
    def short_message(self, report):
        return report.message[:80] + ("…" if len(report.message) > 80 else "")

    @admin.action(description=_("Ausgewählte Meldungen als erledigt markieren"))
    def mark_handled(self, request, queryset):
        count = queryset.open().update(handled=True)
        self.message_user(
            request,
            ngettext("%d Meldung erledigt.", "%d Meldungen erledigt.", count) % count,
            messages.SUCCESS,
        )

    def has_add_permission(self, request):
        return False


@admin.register(SignLanguageVideo)
class SignLanguageVideoAdmin(admin.ModelAdmin):
    list_display = ["title", "duration", "order", "uploaded_at"]
    fields = ["title", "title_en", "file", "duration", "order"]
