"""The second pair of eyes in the back office (core/release.py): what an editor who may not
release sees on an entry's form, and the list and review page of the submissions.

With FOUR_EYES on, for someone without the permission "freigeben":
- the public flag is read-only and the actions "veröffentlichen"/"verbergen" are gone;
- saving a public entry keeps the change as a submission; the public row stays as it is
  (only the internal fields, `release_internal_fields`, and the internal contact persons
  are saved directly: the public never sees them);
- an entry that is not public yet is saved as before and has the button "Zur Freigabe
  einreichen".
Whoever may release saves directly, as everyone does with FOUR_EYES off.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from core import release
from core.models import PendingChange
from core.versions import version_form

WAITING_MESSAGE = _(
    "Ihre Änderungen warten auf Freigabe. Öffentlich bleibt die freigegebene Fassung."
)


class ReleaseAdmin:
    """For the ModelAdmin of an entry that is released (a HistoryAdmin)."""

    # Fields that never reach the public: saved directly, never wait for a release.
    release_internal_fields = ()

    def release_applies(self, request):
        """Whether this user's changes wait for a second person."""
        return release.four_eyes_on() and not release.may_release(request.user, self.model)

    def open_change(self, obj):
        if obj is None or obj.pk is None:
            return None
        return PendingChange.objects.open().for_object(obj).select_related("submitted_by").first()

    # --- What an editor may do --------------------------------------------------------------

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        visibility = getattr(self.model, "visibility_field", None)
        if visibility and self.release_applies(request) and visibility not in fields:
            fields.append(visibility)
        return fields

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.release_applies(request):
            actions.pop("publish", None)
            actions.pop("unpublish", None)
        return actions

    def get_changelist_instance(self, request):
        """No editable columns for an editor: a list save would bypass the release."""
        changelist = super().get_changelist_instance(request)
        if self.release_applies(request):
            changelist.list_editable = ()
        return changelist

    # --- The form shows the submitted version --------------------------------------------------

    def get_object(self, request, object_id, from_field=None):
        """For an editor, the entry with its open submission's values: the form goes on
        from there, and a second save updates the submission."""
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and self.release_applies(request):
            change = self.open_change(obj)
            if change is not None and not change.is_new_entry:
                release.apply_data(obj, change.data, change.changed_names())
                obj._open_change = change
        return obj

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        open_change = getattr(obj, "_open_change", None)
        if open_change is None:
            return form
        if open_change.submitted_by_id != request.user.pk:
            return refusing_form(form, open_change.blocked_message())
        if release.TAGS in open_change.changed_names():
            names = open_change.data[release.TAGS]
            return version_form(form, {"tags": [Tag(name=name) for name in names]}, None)
        return form

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        open_change = self.open_change(obj)
        applies = self.release_applies(request)
        context.update(
            open_change=open_change,
            release_applies=applies,
            may_submit_for_release=applies
            and (obj is None or not release.is_public(obj))
            and open_change is None,
            returned_change=self.returned_change(request, obj),
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def returned_change(self, request, obj):
        """This user's latest submission of `obj`, if it came back and nothing followed it."""
        if obj is None or obj.pk is None:
            return None
        latest = PendingChange.objects.for_object(obj).select_related("decided_by").first()
        returned = latest is not None and latest.state == PendingChange.State.RETURNED
        return latest if returned and latest.submitted_by_id == request.user.pk else None

    # --- Saving: a public entry's change waits --------------------------------------------------

    def save_model(self, request, obj, form, change):
        if change and self.release_applies(request):
            live = self.model._default_manager.get(pk=obj.pk)
            if release.is_public(live):
                self.keep_for_release(request, obj, form, live)
                internal = set(form.changed_data) & set(self.release_internal_fields)
                if not internal:
                    return  # nothing the public does not see: the live row stays untouched
        super().save_model(request, obj, form, change)

    def keep_for_release(self, request, obj, form, live):
        tags = form.cleaned_data.pop("tags", None)  # popped: save_m2m leaves the tags be
        change = release.hold_back(obj, live, request.user, self.release_internal_fields, tags)
        if change is not None:
            request._pending_change = change

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        if "_submit_for_release" in request.POST:
            return self.submitted_response(request, obj)
        return response

    def response_change(self, request, obj):
        if getattr(request, "_pending_change", None) is not None:
            self.message_user(request, WAITING_MESSAGE, messages.INFO)
            if "_continue" in request.POST:
                return HttpResponseRedirect(request.path)
            return self.response_post_save_change(request, obj)
        if "_submit_for_release" in request.POST:
            super().response_change(request, obj)
            return self.submitted_response(request, obj)
        open_change = self.open_change(obj)
        if (
            open_change is not None
            and open_change.is_new_entry
            and open_change.submitted_by_id == request.user.pk
        ):
            release.submit(obj, request.user, exclude=self.release_internal_fields)
        return super().response_change(request, obj)

    def submitted_response(self, request, obj):
        """After "Zur Freigabe einreichen": the submission, or why there is none."""
        # Django's own "wurde erfolgreich geändert" is replaced by what happened.
        list(messages.get_messages(request))
        try:
            release.submit(obj, request.user, exclude=self.release_internal_fields)
        except release.ReleaseError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(
                request,
                gettext(
                    "„%(entry)s“ ist zur Freigabe eingereicht. Eine Person aus der Gruppe "
                    "„Freigabe“ prüft den Eintrag und veröffentlicht ihn."
                )
                % {"entry": obj},
                messages.SUCCESS,
            )
        opts = self.model._meta
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        )


def refusing_form(form_class, message):
    """`form_class` that refuses every save with `message`."""
    from django import forms

    class RefusingForm(form_class):
        def clean(self):
            super().clean()
            raise forms.ValidationError(message, code="release_pending")

    RefusingForm.__name__ = form_class.__name__
    return RefusingForm


# --- The submissions: list and review page -----------------------------------------------------


class OverdueFilter(admin.SimpleListFilter):
    title = _("Wartezeit")
    parameter_name = "wartezeit"

    def lookups(self, request, model_admin):
        return [("ueberfaellig", _("überfällig"))]

    def queryset(self, request, queryset):
        if self.value() == "ueberfaellig":
            return queryset.overdue()
        return queryset


class KindFilter(admin.SimpleListFilter):
    title = _("Bereich")
    parameter_name = "bereich"

    def lookups(self, request, model_admin):
        from django.contrib.contenttypes.models import ContentType

        used = PendingChange.objects.values("content_type")
        return [
            (str(content_type.pk), str(content_type.model_class()._meta.verbose_name_plural))
            for content_type in ContentType.objects.filter(pk__in=used)
            if content_type.model_class() is not None
        ]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(content_type_id=self.value())
        return queryset


class StateFilter(admin.SimpleListFilter):
    title = _("Stand")
    parameter_name = "stand"

    def lookups(self, request, model_admin):
        return PendingChange.State.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(state=self.value())
        return queryset


@admin.register(PendingChange)
class PendingChangeAdmin(admin.ModelAdmin):
    """The submissions: a read-only list, and a review page per submission with the buttons
    "Freigeben" and "Zurückgeben" for those who may release (never the submitter)."""

    list_display = ["entry_column", "kind", "state_column", "submitter", "submitted", "decider"]
    list_filter = [StateFilter, KindFilter, OverdueFilter]
    search_fields = [
        "submitted_by__username",
        "submitted_by__last_name",
        "submitted_by_name",
        "comment",
    ]
    list_select_related = ["content_type", "submitted_by", "decided_by"]
    date_hierarchy = "submitted_at"
    review_template = "admin/core/pendingchange/review.html"

    @admin.display(description=_("Eintrag"))
    def entry_column(self, change):
        return change.entry_name

    @admin.display(description=_("Bereich"), ordering="content_type")
    def kind(self, change):
        return change.kind

    @admin.display(description=_("Stand"), ordering="state")
    def state_column(self, change):
        if change.is_overdue:
            return format_html(
                '<strong class="overdue">{} ({})</strong>',
                change.get_state_display(),
                gettext("überfällig"),
            )
        return change.get_state_display()

    @admin.display(description=_("eingereicht von"), ordering="submitted_by")
    def submitter(self, change):
        return change.submitter_name()

    @admin.display(description=_("eingereicht am"), ordering="submitted_at")
    def submitted(self, change):
        return timezone.localtime(change.submitted_at).strftime("%d.%m.%Y, %H:%M")

    @admin.display(description=_("entschieden von"), ordering="decided_by")
    def decider(self, change):
        user = change.decided_by
        return (user.get_full_name() or user.get_username()) if user else "—"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # decided only through the buttons of the review page

    def has_delete_permission(self, request, obj=None):
        return False  # the rows are the log of every decision

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The review page: what changes, who submitted it when, the preview, the buttons."""
        try:
            change = PendingChange.objects.with_related().filter(pk=unquote(object_id)).first()
        except (ValueError, TypeError):
            change = None
        if change is None or change.model is None:
            raise Http404(gettext("Diese Einreichung gibt es nicht."))
        if not self.has_view_permission(request, change):
            raise PermissionDenied
        comment_error = None
        if request.method == "POST":
            try:
                if "_release" in request.POST:
                    change.release(request.user)
                    self.message_user(request, released_message(change), messages.SUCCESS)
                    return HttpResponseRedirect(reverse("admin:core_pendingchange_changelist"))
                if "_return" in request.POST:
                    change.send_back(request.user, request.POST.get("comment", ""))
                    self.message_user(request, returned_message(change), messages.SUCCESS)
                    return HttpResponseRedirect(reverse("admin:core_pendingchange_changelist"))
                if "_withdraw" in request.POST:
                    change.withdraw(request.user)
                    self.message_user(
                        request, gettext("Die Einreichung ist zurückgezogen."), messages.SUCCESS
                    )
                    return HttpResponseRedirect(request.path)
            except release.ReleaseError as error:
                if "_return" in request.POST and change.is_open:
                    comment_error = str(error)
                else:
                    self.message_user(request, str(error), messages.ERROR)
                    return HttpResponseRedirect(request.path)
        return self.review_response(request, change, comment_error)

    def review_response(self, request, change, comment_error=None):
        entry = change.entry
        is_own = change.submitted_by_id is not None and change.submitted_by_id == request.user.pk
        may_release = release.may_release(request.user, change.model)
        may_decide = change.is_open and change.may_be_decided_by(request.user)
        opts = change.model._meta
        entry_admin_url = (
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[entry.pk])
            if entry is not None
            else None
        )
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Freigabe prüfen: %(entry)s") % {"entry": change.entry_name},
            "subtitle": None,
            "opts": self.model._meta,
            "change": change,
            "entry": entry,
            "rows": change.changed_fields() if entry is not None else [],
            "changed_since": change.changed_since() if entry is not None and change.is_open else [],
            "preview_url": preview_url(change, entry),
            "entry_admin_url": entry_admin_url,
            "is_own": is_own,
            "may_decide": may_decide,
            "may_release_model": may_release,
            "comment": request.POST.get("comment", "") if comment_error else "",
            "comment_error": comment_error,
            "overdue_days": change.is_overdue and (timezone.now() - change.submitted_at).days,
        }
        return TemplateResponse(request, self.review_template, context)


def preview_url(change, entry):
    """The entry's public address with the submission shown (the preview banner)."""
    if entry is None or not hasattr(entry, "get_absolute_url") or not change.is_open:
        return None
    return f"{entry.get_absolute_url()}?vorschau={change.pk}"


def returned_message(change):
    if change.is_from_contact:
        text = gettext(
            "Der Vorschlag von %(person)s ist zurückgegeben; der Eintrag bleibt, wie er ist. "
            "Die Ansprechperson erhält darüber keine Nachricht."
        )
    else:
        text = gettext("Die Änderung ist an %(person)s zurückgegeben.")
    return text % {"person": change.submitter_name()}


def released_message(change):
    if change.is_new_entry:
        text = gettext("„%(entry)s“ ist freigegeben und veröffentlicht.")
    else:
        text = gettext("Die Änderung an „%(entry)s“ ist freigegeben und öffentlich.")
    return text % {"entry": change.entry_name}
