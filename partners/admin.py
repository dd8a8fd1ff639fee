from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit.models import Tag

from core.admin import (
    LOGO_FIELDSET,
    LogoAdminMixin,
    VisitorReportAdmin,
    english_fieldset,
    titled,
)
from partners.forms import MergeTagsForm
from partners.models import EntryReport, Partner, merge_tags
from partners.resources import PartnerResource
from stakeholders.admin import (
    CURRENCY_FIELDSET,
    PARTNERSHIP_FIELDSET,
    SCHEDULE_FIELDS,
    TIMESTAMPS_FIELDSET,
    PartnershipAdmin,
    ScheduleFilter,
    schedule_label,
)


@admin.register(Partner)
class PartnerAdmin(LogoAdminMixin, PartnershipAdmin):
    resource_class = PartnerResource
    list_display = [
        "name",
        "group",
        *PartnershipAdmin.partnership_columns,
        "visibility",
        "order",
        "changed",
    ]
    list_editable = ["order"]
    list_filter = [
        *PartnershipAdmin.partnership_filters,
        titled("is_published", _("Veröffentlichung")),
        ScheduleFilter,
        titled("ended", _("Stand des Angebots")),
        titled("group", _("Akteursgruppe")),
        titled("tags", _("Schlagwort"), empty_label=_("ohne Schlagwort")),
    ]
    autocomplete_fields = ["group", "successor"]
    search_fields = ["name", "teaser", "description", "operator", "internal_notes", "next_step"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "teaser", "description"]}),
        (None, {"fields": ["website", "operator", "group", "tags"]}),
        (
            _("Veröffentlichung"),
            {"fields": ["is_published", *SCHEDULE_FIELDS, "order", "ended", "successor"]},
        ),
        LOGO_FIELDSET,
        english_fieldset("teaser_en", "description_en"),
        CURRENCY_FIELDSET,
        PARTNERSHIP_FIELDSET,
        TIMESTAMPS_FIELDSET,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    @admin.display(description=_("Sichtbarkeit"), ordering="is_published")
    def visibility(self, obj):
        if not obj.is_published:
            return _("Entwurf")
        if obj.schedule_state in ("scheduled", "expired"):
            return schedule_label(obj)  # not on the website now
        if obj.is_ended:
            return _("beendet")
        return schedule_label(obj) or _("öffentlich")


@admin.register(EntryReport)
class EntryReportAdmin(VisitorReportAdmin):
    """Visitors' notes that an entry is outdated."""

    list_display = ["created_at", "partner", "preview", "email_link", "done"]
    list_filter = [titled("done", _("Bearbeitungsstand")), titled("created_at", _("Eingangsdatum"))]
    search_fields = ["problem", "email", "partner__name"]
    list_select_related = ["partner"]
    readonly_fields = ["partner", "problem", "email_link", "created_at"]
    fields = [*readonly_fields, "done"]


# --- Tags --------------------------------------------------------------------------------

admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    """taggit's tags as partners use them: how many partners carry each, and a merge."""

    list_display = ["name", "slug", "partner_count"]
    search_fields = ["name"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["merge_selected"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(partner_count=Count("partners_taggedpartner_items"))
        )

    @admin.display(description=_("Anzahl Partner"), ordering="partner_count")
    def partner_count(self, obj):
        return obj.partner_count

    @admin.action(description=_("Ausgewählte Schlagwörter zusammenführen"), permissions=["delete"])
    def merge_selected(self, request, queryset):
        """Ask for the name of the merged tag, then merge (merging deletes tags)."""
        tags = list(queryset.order_by("name"))
        form = MergeTagsForm(
            request.POST if "apply" in request.POST else None, initial={"name": tags[0].name}
        )
        if form.is_valid():
            target, changed = merge_tags(tags, form.cleaned_data["name"], user=request.user)
            merged = ngettext(
                "%(count)d Schlagwort zu „%(name)s“ zusammengeführt",
                "%(count)d Schlagwörter zu „%(name)s“ zusammengeführt",
                len(tags),
            ) % {"count": len(tags), "name": target.name}
            self.message_user(request, f"{merged}; {changed} Partner geändert.", messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Schlagwörter zusammenführen"),
            "opts": self.model._meta,
            "form": form,
            "tags": tags,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/taggit/tag/merge_confirmation.html", context)
