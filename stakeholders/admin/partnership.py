"""What the admin of actors and of partner resources share: the partnership's columns,
filters, fieldsets and actions."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.admin import GenericTabularInline
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.admin import HistoryAdmin, titled
from core.release_admin import ReleaseAdmin
from core.spreadsheets.admin import SpreadsheetAdminMixin
from core.wording import local_moment, person_name
from stakeholders.admin.rows import LabelledFieldsMixin, LabelledInlineRowsFormSet
from stakeholders.linkcheck import check_entries
from stakeholders.models import ContactPerson


class DueFilter(admin.SimpleListFilter):
    title = _("Fälligkeit")
    parameter_name = "faellig"

    def lookups(self, request, model_admin):
        return [
            ("ueberfaellig", _("überfällig")),
            ("bald", _("in den nächsten 14 Tagen fällig")),
            ("ohne", _("ohne Termin")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "ueberfaellig":
            return queryset.overdue(today)
        if self.value() == "bald":
            return queryset.due_soon(today)
        if self.value() == "ohne":
            return queryset.filter(next_step_due__isnull=True)
        return queryset


class ResponsibleFilter(admin.SimpleListFilter):
    """Entries by who looks after their next step: me, nobody, or a named staff member."""

    title = _("Zuständigkeit")  # "Nach Zuständigkeit"
    parameter_name = "zustaendig"

    def lookups(self, request, model_admin):
        people = (
            get_user_model()
            .objects.filter(
                pk__in=model_admin.model.objects.filter(responsible__isnull=False).values(
                    "responsible"
                )
            )
            .order_by("first_name", "last_name", "username")
        )
        return [
            ("mir", _("mir zugewiesen")),
            ("niemand", _("niemandem")),
            *((str(person.pk), person_name(person)) for person in people),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "mir":
            return queryset.filter(responsible=request.user)
        if value == "niemand":
            return queryset.filter(responsible__isnull=True)
        if value and value.isdigit():
            return queryset.filter(responsible_id=int(value))
        return queryset


class ScheduleFilter(admin.SimpleListFilter):
    """Entries by their "Veröffentlichen ab/bis" as it stands now."""

    title = _("Zeitplan")
    parameter_name = "zeitplan"

    def lookups(self, request, model_admin):
        return [
            ("geplant", _("geplant (erscheint später)")),
            ("laeuft-ab", _("läuft ab (verschwindet später)")),
            ("abgelaufen", _("abgelaufen")),
            ("ohne", _("ohne Termin")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "geplant":
            return queryset.filter(publish_from__gt=now)
        if self.value() == "laeuft-ab":
            return queryset.in_publication_window(now).filter(publish_until__isnull=False)
        if self.value() == "abgelaufen":
            return queryset.filter(publish_until__lte=now)
        if self.value() == "ohne":
            return queryset.filter(publish_from__isnull=True, publish_until__isnull=True)
        return queryset


def schedule_label(obj):
    """What "Veröffentlichen ab/bis" mean for the entry now, for the column
    "Sichtbarkeit": "geplant ab …", "läuft ab …", "abgelaufen", or "" without dates."""
    state = obj.schedule_state
    if state == "scheduled":
        return gettext("geplant ab %s") % local_moment(obj.publish_from)
    if state == "ending":
        return gettext("läuft ab %s") % local_moment(obj.publish_until)
    if state == "expired":
        return gettext("abgelaufen")
    return ""


class ContactPersonInline(GenericTabularInline):
    model = ContactPerson
    formset = LabelledInlineRowsFormSet
    extra = 0
    fields = ["name", "role", "email", "phone"]
    verbose_name_plural = _("Ansprechpersonen (intern)")
    view_on_site = False  # internal: no link that suggests the person is on the website


PARTNERSHIP_FIELDSET = (
    _("Partnerschaft (intern, nie öffentlich)"),
    {
        "fields": [
            "partnership_status",
            "partnership_since",
            "next_step",
            "next_step_due",
            "responsible",
            "internal_notes",
        ]
    },
)
# The fields of the fieldset "Veröffentlichung", after the public flag.
SCHEDULE_FIELDS = ["publish_from", "publish_until"]
CURRENCY_FIELDSET = (
    _("Aktualität und Link"),
    {
        "fields": [
            "last_reviewed",
            "link_status",
            "link_result",
            "link_checked_at",
            "link_failing_since",
            "link_redirect_to",
        ]
    },
)
CURRENCY_READONLY = [
    "link_status",
    "link_result",
    "link_checked_at",
    "link_failing_since",
    "link_redirect_to",
]
TIMESTAMPS_FIELDSET = (
    _("Zeitstempel"),
    {"fields": ["created_at", "updated_at"], "classes": ["collapse"]},
)


class PartnershipAdmin(SpreadsheetAdminMixin, ReleaseAdmin, LabelledFieldsMixin, HistoryAdmin):
    """Shared by actors and partner resources: partnership columns, filters and actions.
    Changes to what the public sees wait for a second person's release (ReleaseAdmin);
    lists go out to and come in from spreadsheets (SpreadsheetAdminMixin, `resource_class`)."""

    # What never reaches the public, so an editor saves it directly (the contact persons,
    # "intern", are saved directly too).
    release_internal_fields = [*PARTNERSHIP_FIELDSET[1]["fields"], "last_reviewed"]

    # The list filters every partnership has, before and after its own.
    partnership_filters = [
        titled("partnership_status", _("Stand der Partnerschaft")),
        DueFilter,
        ResponsibleFilter,
        titled("link_status", _("Linkprüfung")),
    ]
    # The list columns every partnership shows after its name and group; its last column
    # is "changed". Few and short, so that a list fits a 1280 px window beside the
    # navigation and the filters; the link check and "zuständig" have their filters and the
    # start page.
    partnership_columns = ["partnership", "due"]
    inlines = [ContactPersonInline]
    readonly_fields = ["created_at", "updated_at", *CURRENCY_READONLY]
    date_hierarchy = "created_at"
    list_select_related = ["group"]
    autocomplete_fields = ["group"]
    prepopulated_fields = {"slug": ["name"]}
    actions = [
        "publish",
        "unpublish",
        "mark_reviewed",
        "check_links_now",
        "export_xlsx",
        "export_csv",
    ]

    @admin.display(description=_("Partnerschaft"), ordering="partnership_status")
    def partnership(self, obj):
        return obj.get_partnership_status_display()

    @admin.display(description=_("fällig am"), ordering="next_step_due")
    def due(self, obj):
        if not obj.next_step_due:
            return "–"
        date = obj.next_step_due.strftime("%d.%m.%Y")
        if obj.is_overdue:
            return format_html('<strong class="overdue">{} ({})</strong>', date, _("überfällig"))
        return date

    @admin.display(description=_("geändert"), ordering="updated_at")
    def changed(self, obj):
        return timezone.localtime(obj.updated_at).strftime("%d.%m.%Y")

    def _set_visible(self, request, queryset, visible):
        changed = sum(obj.set_visible(visible) for obj in queryset)
        template = (
            ngettext("%d Eintrag veröffentlicht.", "%d Einträge veröffentlicht.", changed)
            if visible
            else ngettext("%d Eintrag verborgen.", "%d Einträge verborgen.", changed)
        )
        self.message_user(request, template % changed, messages.SUCCESS)

    @admin.action(description=_("Ausgewählte veröffentlichen"), permissions=["change"])
    def publish(self, request, queryset):
        self._set_visible(request, queryset, True)

    @admin.action(description=_("Ausgewählte verbergen"), permissions=["change"])
    def unpublish(self, request, queryset):
        self._set_visible(request, queryset, False)

    @admin.action(description=_("Als geprüft markieren (Stand: heute)"), permissions=["change"])
    def mark_reviewed(self, request, queryset):
        today = timezone.localdate()
        for obj in queryset:  # one by one, so that history records it
            obj.last_reviewed = today
            obj.save(update_fields=["last_reviewed", "updated_at"])
        count = len(queryset)
        self.message_user(
            request,
            ngettext("%d Eintrag als geprüft markiert.", "%d Einträge als geprüft markiert.", count)
            % count,
            messages.SUCCESS,
        )

    # Checked while the page waits: few enough to finish within gunicorn's timeout.
    check_now_limit = 40

    @admin.action(description=_("Links jetzt prüfen"), permissions=["change"])
    def check_links_now(self, request, queryset):
        if queryset.count() > self.check_now_limit:
            self.message_user(
                request,
                _(
                    "Bitte höchstens %(limit)d Einträge auf einmal prüfen: die übrigen "
                    "danach in weiteren Schritten."
                )
                % {"limit": self.check_now_limit},
                messages.WARNING,
            )
            return
        summary = check_entries(list(queryset), timeout=5, workers=8)
        self.message_user(request, _("Linkprüfung: %s") % summary, messages.INFO)
