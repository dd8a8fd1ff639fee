from django.contrib import admin

from stakeholders.models import Actor, Office, StakeholderGroup


@admin.register(StakeholderGroup)
class StakeholderGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "order"]
    list_editable = ["order"]
    list_filter = ["role"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "group", "place", "is_public"]
    list_filter = ["is_public", "group"]
    list_select_related = ["group"]
    search_fields = ["name", "description", "place"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["group"]


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    """The single office record: staff change it, nobody adds a second or deletes it."""

    list_display = ["name", "phone", "email", "updated_at"]
    readonly_fields = ["updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "subtitle"]}),
        ("Anschrift", {"fields": ["street", "postal_code", "city"]}),
        ("Erreichbarkeit", {"fields": ["phone", "email", "opening_hours"]}),
        (None, {"fields": ["updated_at"]}),
    ]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not Office.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
