"""What the back office's admin classes share, and the record of sign-ins (the one model
core registers itself)."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from core import (
    history,
    release_admin,  # noqa: F401 (registers the submissions' admin)
)
from core.diff import describe_versions, version_changes
from core.models import PendingChange, SignInRecord
from core.versions import (
    EditConflict,
    UnixNewlinesField,
    count_phrase,
    display_value,
    group_by_model,
    restore_reason,
    version_form,
    version_initial,
)


def english_fieldset(*fields):
    """The English texts, folded away: most entries are edited in German only."""
    return (_("Englische Fassung"), {"fields": list(fields), "classes": ["collapse"]})


def titled(field_path, title, empty_label=None):
    """A list filter on `field_path` under its own heading. Django heads a filter
    "Nach <the field's name>", which reads wrongly for most names ("Nach veröffentlicht");
    `title` is what reads well after "Nach" ("Veröffentlichung"). `empty_label` names the
    choice "no value" of a relation ("ohne Schlagwort") instead of a bare dash."""

    class TitledFilter(admin.FieldListFilter):
        def __new__(cls, field, request, params, model, model_admin, field_path):
            spec = admin.FieldListFilter.create(
                field, request, params, model, model_admin, field_path=field_path
            )
            spec.title = title
            if empty_label is not None:
                spec.empty_value_display = empty_label
            return spec

    return (field_path, TitledFilter)


LOGO_FIELDSET = (
    _("Logo"),
    {
        "fields": ["logo", "logo_preview", "logo_alt", "logo_decorative"],
        "description": _(
            "Das Logo erscheint auf den Karten, auf der Seite des Eintrags und in den "
            "Daten für Suchmaschinen. Die Website zeigt es höchstens 160 Pixel breit."
        ),
    },
)


class LogoAdminMixin:
    """The "Logo" fieldset (LOGO_FIELDSET) of an entry with a logo (core.images.WithLogo):
    a small preview of the current logo beside the upload."""

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "logo_preview"]

    @admin.display(description=_("Aktuelles Logo"))
    def logo_preview(self, obj):
        logo = obj.logo_image if obj is not None else None
        if logo is None:
            return gettext("kein Logo")
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="{}" class="logo-preview">',
            logo.src,
            logo.display_width,
            logo.display_height,
            obj.logo_alt_text,
        )


@admin.display(description=_("Telefon"), ordering="phone")
def national_phone(obj):
    """A list column: the stored international number as people in Germany write it."""
    return obj.phone_display or None


def restore_message(obj, reason, recorded):
    """The one message after a restore: what came back, or that nothing had to."""
    if not recorded:
        text = gettext("„%(entry)s“ entspricht bereits dieser Fassung; nichts wurde geändert.")
        return text % {"entry": obj}, messages.INFO
    text = gettext("„%(entry)s“ wurde %(reason)s.") % {"entry": obj, "reason": reason}
    return text, messages.SUCCESS


class HistoryAdmin(SimpleHistoryAdmin):
    """Every change is recorded and can be viewed and reverted from "Geschichte".

    A save records one version once its tags are set, and none when nothing changed; a
    restore brings back the version's tags and, for a deleted entry, what the delete took
    with it; a save over a colleague's change made since the form was opened shows both
    versions and asks which is to stay (optimistic locking, see EditConflict).
    """

    formfield_overrides = {
        models.URLField: {"assume_scheme": "https"},
        models.TextField: {"form_class": UnixNewlinesField},
    }
    change_form_template = "admin/history_change_form.html"
    object_history_form_template = "admin/history_restore_form.html"

    # --- Forms: a version's tags, the version the form was opened with ------------------

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        version = getattr(obj, "_history", None)  # set on a version opened from "Geschichte"
        initial = version_initial(version) if version is not None else {}
        conflict = None
        if obj is not None and version is None and request.method == "POST":
            conflict = self.edit_conflict(request, obj)
        if not initial and conflict is None:
            return form
        return version_form(form, initial, conflict)

    def edit_conflict(self, request, obj):
        """The conflict of this POST with a version saved since its form was opened."""
        if not hasattr(request, "_edit_conflict"):
            seen = request.POST.get("_seen_version")
            request._edit_conflict = EditConflict.find(obj, seen, request.user)
        return request._edit_conflict

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None:
            conflict = getattr(request, "_edit_conflict", None)
            if conflict is not None:
                context["edit_conflict"] = conflict
                context["edit_conflict_rows"] = conflict.rows(context["adminform"].form)
                context["seen_version"] = conflict.token
            elif request.method == "POST" and "_seen_version" in request.POST:
                context["seen_version"] = request.POST["_seen_version"]
            else:
                latest = history.latest_version(obj)
                context["seen_version"] = str(latest.history_id) if latest else ""
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- One version per save, recorded once its tags and inlines are saved -------------

    def save_model(self, request, obj, form, change):
        version = getattr(obj, "_history", None)
        was_deleted = (
            version is not None and not self.model._default_manager.filter(pk=obj.pk).exists()
        )
        obj._pending_version = {
            "type": "~" if change and not was_deleted else "+",
            "version": version,
            "was_deleted": was_deleted,
        }
        obj.skip_history_when_saving = True  # see record_pending_version
        super().save_model(request, obj, form, change)
        if was_deleted:
            self.keep_creation_dates(obj, version)

    def keep_creation_dates(self, obj, version):
        """A restored entry keeps when it was first created: saving it anew set its
        `auto_now_add` fields ("angelegt am") to now."""
        dates = {
            field.attname: getattr(version, field.attname)
            for field in obj._meta.concrete_fields
            if getattr(field, "auto_now_add", False)
        }
        if dates:
            type(obj)._default_manager.filter(pk=obj.pk).update(**dates)
            for name, value in dates.items():
                setattr(obj, name, value)

    def log_addition(self, request, obj, message):
        self.record_pending_version(request, obj)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self.record_pending_version(request, obj)
        return super().log_change(request, obj, message)

    def record_pending_version(self, request, obj):
        """Record the save that save_model began, now that its tags are set (the admin
        calls log_addition or log_change after save_related and after a restore's m2m)."""
        pending = obj.__dict__.pop("_pending_version", None)
        if pending is None:
            return
        del obj.skip_history_when_saving
        restored = None
        if pending["was_deleted"]:
            restore = getattr(obj, "restore_deleted_with_entry", None)
            restored = restore(request.user) if restore else []
        reason = restore_reason(obj, pending["version"], restored)
        recorded = history.record_version(obj, pending["type"], user=request.user, reason=reason)
        if pending["version"] is not None:
            request._restore_message = restore_message(obj, reason, recorded is not None)

    def response_change(self, request, obj):
        """After a restore one message says what happened, instead of Django's "geändert"."""
        restored = getattr(request, "_restore_message", None)
        if restored is None:
            return super().response_change(request, obj)
        self.message_user(request, *restored)
        return self.response_post_save_change(request, obj)

    # --- "Geschichte": the tags of each version, what a restore brings back ------------

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """Each version's action, author and changes in German (core.diff)."""
        describe_versions(historical_records)

    def history_view(self, request, object_id, extra_context=None):
        try:
            exists = self.model._default_manager.filter(pk=unquote(object_id)).exists()
        except (ValueError, ValidationError) as error:
            raise Http404(gettext("Diesen Eintrag gibt es nicht.")) from error
        context = {"entry_exists": exists, **(extra_context or {})}
        if exists:
            entry = self.model(pk=unquote(object_id))
            context["release_log"] = PendingChange.objects.for_object(entry).with_related()
        return super().history_view(request, object_id, context)

    def history_view_title(self, request, obj):
        return gettext("Geschichte: %(entry)s") % {"entry": obj}

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        historical = self.model.history.model
        pk_name = self.model._meta.pk.attname
        try:
            version = get_object_or_404(
                historical, **{pk_name: unquote(object_id), "history_id": version_id}
            )
        except (ValueError, ValidationError) as error:
            raise Http404(gettext("Diese Fassung gibt es nicht.")) from error
        latest = history.latest_version(version.instance)
        date = display_value(None, version.history_date)
        title = gettext("Fassung vom %(date)s") % {"date": date}
        context = {
            "title": title,
            "subtitle": str(version.instance),
            "version": version,
            "version_tags": getattr(version, "tags_display", None),
            "restore_changes": version_changes(version, latest) if latest != version else [],
            "entry_exists": True,
            "entry": self.model._default_manager.filter(pk=version.id).first(),
        }
        if context["entry"] is None:
            context.update(entry_exists=False, entry=version.instance)
            entry = version.instance
            comes_back = getattr(entry, "deleted_with_entry", list)()
            context.update(
                deletion=history.latest_version(entry),
                comes_back=[record.instance for record in comes_back],
                comes_back_count=[
                    count_phrase(type(rows[0]), len(rows))
                    for rows in group_by_model([r.instance for r in comes_back])
                ],
            )
        return super().history_form_view(
            request, object_id, version_id, {**context, **(extra_context or {})}
        )


class SingleRecordAdmin(HistoryAdmin):
    """A record the site has one of: staff change it, nobody adds a second or deletes it."""

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not self.model._default_manager.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class VisitorReportAdmin(admin.ModelAdmin):
    """Reports that visitors send (a core.models.VisitorReport): what they wrote is
    read-only, staff mark them done, answer by e-mail and open the page a report is about."""

    actions = ["mark_done"]

    @admin.display(description=_("Meldung"))
    def preview(self, report):
        return report.preview

    @admin.display(description=_("E-Mail-Adresse"), ordering="email")
    def email_link(self, report):
        """The visitor's address as a link that starts a reply quoting the report."""
        if not report.email:
            return self.get_empty_value_display()
        return format_html('<a href="{}">{}</a>', report.reply_url, report.email)

    def view_on_site(self, report):
        """ "Auf der Website anzeigen" opens the public page the report is about."""
        return report.site_url

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


# No admin pages for the second factors: each account sees its own on "Zweiter Faktor", and
# a superuser's reset (core/two_factor/) is the only change made for someone else.
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record staff read and nobody changes in the admin (it is written elsewhere);
    `may_see(request)` says who may read it."""

    def may_see(self, request):
        raise NotImplementedError

    def has_module_permission(self, request):
        return self.may_see(request)

    def has_view_permission(self, request, obj=None):
        return self.may_see(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SignInRecord)
class SignInRecordAdmin(ReadOnlyAdmin):
    """Who signed in to the back office or tried to, for superusers only, and nobody
    changes it: the record is written by the sign-in itself (core/signin.py)."""

    list_display = ["when", "username", "user", "outcome", "same_address"]
    list_filter = [
        titled("succeeded", _("Erfolg")),
        titled("locked_out", _("Sperre")),
        titled("at", _("Zeitpunkt")),
    ]
    search_fields = ["username"]
    list_select_related = ["user"]
    date_hierarchy = "at"
    fields = ["at", "username", "user", "succeeded", "locked_out", "address_hash"]
    readonly_fields = fields

    @admin.display(description=_("Zeitpunkt"), ordering="at")
    def when(self, record):
        """To the second: attempts in a row often fall within one minute."""
        return timezone.localtime(record.at).strftime("%d.%m.%Y, %H:%M:%S")

    @admin.display(description=_("Ergebnis"), ordering="succeeded")
    def outcome(self, record):
        if record.succeeded:
            return gettext("angemeldet")
        if record.locked_out:
            return gettext("abgewiesen (gesperrt)")
        return gettext("fehlgeschlagen")

    @admin.display(description=_("gleiche Adresse"))
    def same_address(self, record):
        """A link to every record from the same address (its hash)."""
        if not record.address_hash:
            return self.get_empty_value_display()
        url = reverse("admin:core_signinrecord_changelist")
        return format_html(
            '<a href="{}?address_hash={}" title="{}">{}</a>',
            url,
            record.address_hash,
            gettext("Alle Anmeldungen von dieser Adresse"),
            gettext("Prüfwert %(hash)s…") % {"hash": record.address_hash[:8]},
        )

    def may_see(self, request):
        return request.user.is_active and request.user.is_superuser
