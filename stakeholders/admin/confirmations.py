"""The yearly confirmation requests in the back office (stakeholders/confirmations.py): a
read-only list of whom `manage.py request_confirmations` asked about which entry, and what
they answered. Staff who may change actors or partners (and so look after their reviews)
see it."""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin, titled
from stakeholders import confirmations
from stakeholders.models import EntryConfirmation


def moment(value):
    return timezone.localtime(value).strftime("%d.%m.%Y, %H:%M") if value else "—"


class SentFilter(admin.SimpleListFilter):
    title = _("Versand")
    parameter_name = "versand"

    def lookups(self, request, model_admin):
        return [
            ("gesendet", _("gesendet")),
            ("nicht-gesendet", _("noch nicht gesendet (nächster Lauf versucht es neu)")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "gesendet":
            return queryset.filter(sent_at__isnull=False)
        if self.value() == "nicht-gesendet":
            return queryset.filter(sent_at__isnull=True)
        return queryset


class KindFilter(admin.SimpleListFilter):
    title = _("Bereich")
    parameter_name = "bereich"

    def lookups(self, request, model_admin):
        return [
            (str(ContentType.objects.get_for_model(model).pk), model._meta.verbose_name_plural)
            for _label, model in sorted(confirmations.MODELS.items())
        ]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(entry_type_id=int(self.value()))
        return queryset


@admin.register(EntryConfirmation)
class EntryConfirmationAdmin(ReadOnlyAdmin):
    """Read-only: the requests are made by the command and answered through their link."""

    list_display = ["entry_column", "contact", "sent", "answered", "answer_column"]
    list_filter = [titled("answer", _("Antwort")), SentFilter, KindFilter]
    search_fields = ["contact_name", "email"]
    list_select_related = ["entry_type"]
    date_hierarchy = "created_at"
    fields = [
        "entry_column",
        "kind",
        "contact_name",
        "email",
        "created_at",
        "sent_at",
        "answered_at",
        "answer",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("entry")

    @admin.display(description=_("Eintrag"))
    def entry_column(self, confirmation):
        entry = confirmation.entry
        if entry is None:
            return _("(gelöscht, Nr. %(id)s)") % {"id": confirmation.entry_id}
        return format_html(
            '<a href="{}">{}</a> <span class="quiet">({})</span>',
            entry.admin_url,
            entry,
            entry._meta.verbose_name,
        )

    @admin.display(description=_("Bereich"), ordering="entry_type")
    def kind(self, confirmation):
        model = confirmation.entry_type.model_class()
        return model._meta.verbose_name if model is not None else "—"

    @admin.display(description=_("Ansprechperson"), ordering="contact_name")
    def contact(self, confirmation):
        return format_html(
            '{} (<a href="mailto:{}">{}</a>)',
            confirmation.contact_name,
            confirmation.email,
            confirmation.email,
        )

    @admin.display(description=_("gesendet am"), ordering="sent_at")
    def sent(self, confirmation):
        if confirmation.sent_at is None:
            return _("noch nicht gesendet")
        return moment(confirmation.sent_at)

    @admin.display(description=_("beantwortet am"), ordering="answered_at")
    def answered(self, confirmation):
        return moment(confirmation.answered_at)

    @admin.display(description=_("Antwort"), ordering="answer")
    def answer_column(self, confirmation):
        return confirmation.get_answer_display()

    # --- Read-only, for staff who look after the entries -------------------------------------

    def may_see(self, request):
        user = request.user
        if not (user.is_active and user.is_staff):
            return False
        if user.has_perm("stakeholders.view_entryconfirmation"):
            return True
        return any(
            user.has_perm(f"{model._meta.app_label}.{action}_{model._meta.model_name}")
            for model in confirmations.MODELS.values()
            for action in ("change",)
        )
