"""What the back office's admin classes share; core registers no model of its own."""

from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin


def english_fieldset(*fields):
    """The English texts, folded away: most entries are edited in German only."""
    return (_("Englische Fassung"), {"fields": list(fields), "classes": ["collapse"]})


class HistoryAdmin(SimpleHistoryAdmin):
    """Every change is recorded and can be viewed and reverted from "Geschichte"."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class SingleRecordAdmin(HistoryAdmin):
    """A record the site has one of: staff change it, nobody adds a second or deletes it."""

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not self.model._default_manager.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class VisitorReportAdmin(admin.ModelAdmin):
    """Reports that visitors send (a core.models.VisitorReport): what they wrote is
    read-only, staff mark them done."""

    actions = ["mark_done"]

    @admin.display(description=_("Meldung"))
    def preview(self, report):
        return report.preview

    @admin.action(description=_("Als erledigt markieren"), permissions=["change"])
    def mark_done(self, request, queryset):
        count = queryset.open().update(done=True)
        self.message_user(
            request,
            ngettext("%d Meldung erledigt.", "%d Meldungen erledigt.", count) % count,
            messages.SUCCESS,
        )

    def has_add_permission(self, request):
        return False
