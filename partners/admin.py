from django.contrib import admin

from partners.models import Partner


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "group", "operator", "is_published", "order", "updated_at"]
    list_editable = ["is_published", "order"]
    list_filter = ["is_published", "group", "tags"]
    list_select_related = ["group"]
    search_fields = ["name", "teaser", "description", "operator"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["group"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "teaser", "description"]}),
        (None, {"fields": ["website", "operator", "group", "tags"]}),
        (None, {"fields": ["is_published", "order"]}),
        ("Zeitstempel", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]
