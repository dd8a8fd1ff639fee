"""Abstract models that several apps build on, and the tables core keeps itself: the
record of staff sign-ins (core/signin.py writes it) and the changes waiting for release
(core/release.py)."""

import datetime
from typing import NamedTuple
from urllib.parse import quote

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import history, release


class VisitorReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(done=False)

    def older_than(self, days, now=None):
        return self.filter(created_at__lt=(now or timezone.now()) - datetime.timedelta(days=days))


class VisitorReport(models.Model):
    """What a visitor sent through one of the site's forms; staff read it and mark it done.

    A concrete report names its `text_field`, the visitor's own words, and may give the
    subject of a reply (`reply_subject`) and the public page it is about (`site_url`).
    """

    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    created_at = models.DateTimeField(_("eingegangen am"), auto_now_add=True)
    done = models.BooleanField(_("erledigt"), default=False)

    objects = VisitorReportQuerySet.as_manager()
    text_field = None
    preview_length = 80
    reply_subject = _("Ihre Meldung vom %(date)s")

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @property
    def preview(self):
        """The start of what the visitor wrote, for lists."""
        text = getattr(self, self.text_field)
        if len(text) <= self.preview_length:
            return text
        return text[: self.preview_length] + "…"

    @property
    def received_on(self):
        return timezone.localtime(self.created_at).strftime("%d.%m.%Y")

    @property
    def reply_url(self):
        """A mailto: link to answer the visitor, with a subject and their words quoted;
        None without an address."""
        if not self.email:
            return None
        date = self.received_on
        quoted = [f"> {line}".rstrip() for line in getattr(self, self.text_field).splitlines()]
        attribution = _("Am %(date)s schrieben Sie:") % {"date": date}
        body = "\r\n".join(["", "", str(attribution), *quoted])
        subject = str(self.reply_subject) % {"date": date}
        query = f"subject={quote(subject, safe='')}&body={quote(body, safe='')}"
        return f"mailto:{quote(self.email, safe='@')}?{query}"

    @property
    def site_url(self):
        """The public page the report is about, for "Auf der Website anzeigen"; None when
        there is none to show."""
        return None


class SignInRecordQuerySet(models.QuerySet):
    def older_than(self, days, now=None):
        return self.filter(at__lt=(now or timezone.now()) - datetime.timedelta(days=days))

    def counted_failures(self, address_hash, since):
        """The failed sign-ins from one address since then that count towards its limit:
        wrong passwords, not the attempts refused because of a lock."""
        return self.filter(
            address_hash=address_hash, succeeded=False, locked_out=False, at__gte=since
        )

    def address_lock_end(self, address_hash, now=None):
        """Until when sign-ins from this address are refused for all user names, because
        SIGN_IN_ADDRESS_FAILURE_LIMIT of them failed within SIGN_IN_ADDRESS_COOLOFF;
        None while they are not."""
        if not address_hash:
            return None
        limit = settings.SIGN_IN_ADDRESS_FAILURE_LIMIT
        window = settings.SIGN_IN_ADDRESS_COOLOFF
        recent = self.counted_failures(address_hash, (now or timezone.now()) - window)
        # The lock lasts until the limit-th most recent failure leaves the window.
        times = recent.order_by("-at").values_list("at", flat=True)[limit - 1 : limit]
        return times[0] + window if times else None


class SignInRecord(models.Model):
    """One attempt to sign in to the back office: when, with which user name, whether it
    succeeded. The client's address is kept only as a keyed hash (core.security), enough to
    see that attempts came from the same address, not which address that was."""

    at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now, db_index=True)
    username = models.CharField(
        _("Benutzername"), max_length=150, help_text=_("So, wie er eingegeben wurde.")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Konto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sign_in_records",
        help_text=_("Das Konto mit diesem Benutzernamen, falls es eines gibt."),
    )
    succeeded = models.BooleanField(_("erfolgreich"), default=False)
    locked_out = models.BooleanField(
        _("wegen Sperre abgewiesen"),
        default=False,
        help_text=_(
            "Das Passwort wurde nicht geprüft, weil vorher zu viele Anmeldungen "
            "fehlgeschlagen waren."
        ),
    )
    address_hash = models.CharField(
        _("Adresse (Prüfwert)"),
        max_length=32,
        blank=True,
        help_text=_(
            "Ein Prüfwert der Adresse, von der die Anmeldung kam: gleiche Adresse, gleicher "
            "Wert. Die Adresse selbst wird nicht gespeichert."
        ),
    )

    objects = SignInRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        verbose_name = _("Anmeldung")
        verbose_name_plural = _("Anmeldungen")
        indexes = [models.Index(fields=["address_hash", "at"], name="signin_address_at")]

    def __str__(self):
        outcome = _("erfolgreich") if self.succeeded else _("fehlgeschlagen")
        when = timezone.localtime(self.at).strftime("%d.%m.%Y %H:%M")
        return f"{self.username} – {outcome} – {when}"


# --- Changes waiting for release (the second pair of eyes, core/release.py) -------------------


class PendingChangeQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state=PendingChange.State.SUBMITTED)

    def for_object(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
        )

    def overdue(self, now=None):
        """Open submissions waiting longer than RELEASE_OVERDUE_DAYS."""
        limit = (now or timezone.now()) - datetime.timedelta(days=settings.RELEASE_OVERDUE_DAYS)
        return self.open().filter(submitted_at__lt=limit)

    def submitted_by_user(self, user):
        return self.filter(submitted_by=user)

    def reviewable_by(self, user):
        """Open submissions `user` may decide: of models they may release, not their own;
        with FOUR_EYES off also a contact person's proposal to an entry they may change."""
        waiting = self.open().exclude(submitted_by=user)
        content_types = ContentType.objects.filter(pk__in=waiting.values("content_type"))
        allowed, contacts_only = [], []
        for content_type in content_types:
            model = content_type.model_class()
            if model is None:
                continue
            if release.may_release(user, model):
                allowed.append(content_type.pk)
            elif release.may_decide_contact_change(user, model):
                contacts_only.append(content_type.pk)
        return waiting.filter(
            models.Q(content_type__in=allowed)
            | models.Q(content_type__in=contacts_only, submitted_by__isnull=True)
        )

    def with_related(self):
        return self.select_related("content_type", "submitted_by", "decided_by")


class FieldChange(NamedTuple):
    """One line of a review: the field's name, what the public sees now, what is to come."""

    label: str
    old: str
    new: str


class PendingChange(models.Model):
    """A change to an entry (a partner, an actor, a fixed page) handed in for release:
    the entry's values as submitted, what the submitter saw, and who decided when.

    Nothing here is deleted: the rows are the log of every submission, release and return.
    """

    class State(models.TextChoices):
        SUBMITTED = "eingereicht", _("wartet auf Freigabe")
        RETURNED = "zurueckgegeben", _("zurückgegeben")
        RELEASED = "freigegeben", _("freigegeben")
        WITHDRAWN = "zurueckgezogen", _("zurückgezogen")

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("Bereich")
    )
    object_id = models.PositiveBigIntegerField(_("Nummer des Eintrags"))
    content_object = GenericForeignKey("content_type", "object_id")
    data = models.JSONField(
        _("eingereichte Fassung"),
        encoder=DjangoJSONEncoder,
        help_text=_("Die Werte des Eintrags, wie sie eingereicht wurden."),
    )
    base = models.JSONField(
        _("Ausgangsfassung"),
        encoder=DjangoJSONEncoder,
        default=dict,
        help_text=_("Die Werte, die beim Einreichen öffentlich waren."),
    )
    is_new_entry = models.BooleanField(
        _("neuer Eintrag"),
        default=False,
        help_text=_("Der Eintrag war noch nicht öffentlich; die Freigabe veröffentlicht ihn."),
    )
    state = models.CharField(
        _("Stand"), max_length=20, choices=State.choices, default=State.SUBMITTED, db_index=True
    )
    # Empty for a change that an entry's contact person proposed from outside, without an
    # account (the yearly confirmation of an entry): `submitted_by_name` names them then.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("eingereicht von"),
    )
    submitted_by_name = models.CharField(
        _("eingereicht von (extern)"),
        max_length=300,
        blank=True,
        help_text=_("Name und E-Mail-Adresse der Ansprechperson, die die Änderung vorschlug."),
    )
    submitted_at = models.DateTimeField(_("eingereicht am"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entschieden von"),
    )
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    comment = models.TextField(
        _("Anmerkung"), blank=True, help_text=_("Warum die Änderung zurückgegeben wurde.")
    )
    released_as_superuser = models.BooleanField(
        _("als Superuser freigegeben"),
        default=False,
        help_text=_("Freigegeben von einem Superuser ohne Mitgliedschaft in „Freigabe“."),
    )

    objects = PendingChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("Freigabe")
        verbose_name_plural = _("Freigaben")
        indexes = [models.Index(fields=["content_type", "object_id", "state"])]

    def __str__(self):
        entry = self.entry_name
        return gettext("%(entry)s (eingereicht am %(date)s)") % {
            "entry": entry,
            "date": timezone.localtime(self.submitted_at).strftime("%d.%m.%Y"),
        }

    def get_absolute_url(self):
        return self.get_admin_url()

    # --- What it is about ------------------------------------------------------------------

    @property
    def model(self):
        return self.content_type.model_class()

    @property
    def entry(self):
        """The live entry, or None once it is deleted."""
        return self.model._default_manager.filter(pk=self.object_id).first()

    @property
    def entry_name(self):
        entry = self.entry
        return str(entry) if entry is not None else self.data.get("name") or self.object_id

    @property
    def kind(self):
        return capfirst(self.model._meta.verbose_name)

    def get_admin_url(self):
        """The back office's page to review it."""
        return reverse("admin:core_pendingchange_change", args=[self.pk])

    @property
    def is_open(self):
        return self.state == self.State.SUBMITTED

    @property
    def is_overdue(self):
        limit = timezone.now() - datetime.timedelta(days=settings.RELEASE_OVERDUE_DAYS)
        return self.is_open and self.submitted_at < limit

    @property
    def is_from_contact(self):
        """Whether an entry's contact person proposed it from outside (no account)."""
        return self.submitted_by_id is None

    @property
    def contact_name(self):
        """The contact person's name, for a change they proposed; else ""."""
        return split_contact(self.submitted_by_name)[0] if self.is_from_contact else ""

    @property
    def contact_email(self):
        """The contact person's e-mail address, for a change they proposed; else ""."""
        return split_contact(self.submitted_by_name)[1] if self.is_from_contact else ""

    def submitter_name(self):
        user = self.submitted_by
        if user is not None:
            return user.get_full_name() or user.get_username()
        if self.contact_name:
            return gettext("Ansprechperson (extern): %(name)s") % {"name": self.contact_name}
        return "—"

    def may_be_decided_by(self, user):
        """Whether `user` may release or return this change (never their own): who may
        release the entry's kind, and with FOUR_EYES off, for a contact person's
        proposal, also who may change such entries (nobody else would decide it)."""
        if user.pk is not None and user.pk == self.submitted_by_id:
            return False
        if release.may_release(user, self.model):
            return True
        return self.is_from_contact and release.may_decide_contact_change(user, self.model)

    def blocked_message(self):
        """Why someone else may not change the entry while this waits."""
        text = gettext(
            "Für „%(entry)s“ wartet bereits eine Änderung von %(person)s vom %(date)s auf "
            "Freigabe. Bitte warten Sie, bis sie freigegeben oder zurückgegeben ist."
        )
        if self.is_from_contact:
            text += " " + gettext(
                "Freigeben oder zurückgeben können sie Mitglieder der Gruppe „Freigabe“ auf "
                "der Prüfseite."
            )
        return text % {
            "entry": self.entry_name,
            "person": self.submitter_name(),
            "date": timezone.localtime(self.submitted_at).strftime("%d.%m.%Y"),
        }

    # --- What it changes -------------------------------------------------------------------

    def changed_names(self):
        """The keys of `data` the submitter changed against what they saw."""
        return [key for key, value in self.data.items() if self.base.get(key, object()) != value]

    def preview(self):
        """The entry as it will look once released: an unsaved copy of the live row with
        the submitted values (`preview_tags`: the tag names). It cannot be saved."""
        entry = self.entry
        if entry is None:
            return None
        release.apply_data(entry, self.data, self.changed_names())
        if release.TAGS in self.data:
            entry.preview_tags = list(self.data[release.TAGS])
        if self.is_new_entry and (field := getattr(self.model, "visibility_field", None)):
            setattr(entry, field, True)
        entry.save = refuse_saving_preview
        entry.delete = refuse_saving_preview
        return entry

    def display(self, name, value):
        if name == release.TAGS:
            return ", ".join(value or []) or "—"
        field = self.model._meta.get_field(name)
        value = release.python_value(field, value)
        if field.is_relation and value is not None:
            value = field.related_model._default_manager.filter(pk=value).first() or value
        from core.diff import field_display

        return field_display(field, value)

    def label(self, name):
        if name == release.TAGS:
            return capfirst(release.tag_field(self.model).verbose_name)
        return capfirst(self.model._meta.get_field(name).verbose_name)

    def current_data(self):
        entry = self.entry
        if entry is None:
            return {}
        return release.snapshot(entry, tags=None if release.TAGS in self.data else ())

    def changed_fields(self):
        """(field, old, new) for the review page: old is what the public sees now. A new
        entry shows every field that has a value."""
        current = self.current_data()
        if self.is_new_entry:
            names = [key for key, value in self.data.items() if value not in (None, "", [])]
        else:
            names = self.changed_names()
        return [
            FieldChange(
                self.label(name),
                self.display(name, current.get(name)) if not self.is_new_entry else "—",
                self.display(name, self.data[name]),
            )
            for name in names
        ]

    def changed_since(self):
        """The labels of fields the submitter changed that someone else has changed in the
        live entry since (the release puts the submitted value there; the other stays in
        the entry's history)."""
        current = self.current_data()
        return [
            self.label(name)
            for name in self.changed_names()
            if name in current and current[name] != self.base.get(name)
        ]

    # --- Decisions -------------------------------------------------------------------------

    def check_decider(self, user):
        if not self.is_open:
            raise release.ReleaseError(
                gettext("Über diese Einreichung ist bereits entschieden: %(state)s.")
                % {"state": self.get_state_display()}
            )
        if user.pk == self.submitted_by_id:
            raise release.ReleaseError(
                gettext(
                    "Sie haben diese Änderung selbst eingereicht. Freigeben oder zurückgeben "
                    "muss sie eine andere Person (Vier-Augen-Prinzip)."
                )
            )
        if not self.may_be_decided_by(user):
            raise release.ReleaseError(
                gettext("Sie dürfen Änderungen an %(kind)s nicht freigeben.")
                % {"kind": self.model._meta.verbose_name_plural}
            )

    def release(self, user):
        """Apply the submitted values to the live entry (only the fields the submitter
        changed, so a colleague's later change to other fields stays), publish a new entry,
        and record it in the entry's history with who released whose change."""
        with transaction.atomic():
            locked = type(self).objects.select_for_update().get(pk=self.pk)
            self.state = locked.state
            self.check_decider(user)
            entry = self.model._default_manager.select_for_update().filter(pk=self.object_id)
            entry = entry.first()
            if entry is None:
                raise release.ReleaseError(gettext("Den Eintrag gibt es nicht mehr."))
            self.released_as_superuser = user.is_superuser and not (
                release.holds_release_permission(user, self.model)
            )
            changed = self.changed_names()
            release.apply_data(entry, self.data, changed)
            if self.is_new_entry and (field := getattr(self.model, "visibility_field", None)):
                setattr(entry, field, True)
            entry.skip_history_when_saving = True
            entry.save()
            if release.TAGS in changed:
                entry.tags.set(self.data[release.TAGS])
            del entry.skip_history_when_saving
            history.record_version(entry, "~", user=user, reason=self.release_reason(user))
            self.state = self.State.RELEASED
            self.decided_by = user
            self.decided_at = timezone.now()
            self.save(update_fields=["state", "decided_by", "decided_at", "released_as_superuser"])
        self.log(user, self.release_reason(user))
        return entry

    def release_reason(self, user):
        """The entry's history names who released whose change (at most 100 characters,
        simple_history's limit; the full times are in this row)."""
        if self.released_as_superuser:
            reason = gettext("Als Superuser freigegeben von %(releaser)s")
        else:
            reason = gettext("Freigegeben von %(releaser)s")
        if self.is_from_contact:
            reason += gettext(" (Vorschlag der Ansprechperson %(person)s vom %(date)s)")
            person = self.contact_name[:25]
        else:
            reason += gettext(" (eingereicht von %(person)s am %(date)s)")
            person = self.submitter_name()[:30]
        reason %= {
            "releaser": (user.get_full_name() or user.get_username())[:30],
            "person": person,
            "date": timezone.localtime(self.submitted_at).strftime("%d.%m.%Y"),
        }
        return reason[:100]

    def send_back(self, user, comment):
        """Return the change to its submitter with a comment; the live entry stays."""
        comment = (comment or "").strip()
        if not comment:
            raise release.ReleaseError(
                gettext("Bitte schreiben Sie dazu, warum Sie die Änderung zurückgeben.")
            )
        with transaction.atomic():
            locked = type(self).objects.select_for_update().get(pk=self.pk)
            self.state = locked.state
            self.check_decider(user)
            self.state = self.State.RETURNED
            self.comment = comment
            self.decided_by = user
            self.decided_at = timezone.now()
            self.save(update_fields=["state", "comment", "decided_by", "decided_at"])
        self.log(user, gettext("Zurückgegeben: %(comment)s") % {"comment": comment})

    def withdraw(self, user):
        """The submitter takes their open submission back; the live entry stays."""
        if not self.is_open or user.pk != self.submitted_by_id:
            raise release.ReleaseError(
                gettext("Nur die einreichende Person kann eine offene Einreichung zurückziehen.")
            )
        self.state = self.State.WITHDRAWN
        self.decided_by = user
        self.decided_at = timezone.now()
        self.save(update_fields=["state", "decided_by", "decided_at"])
        self.log(user, gettext("Einreichung zurückgezogen"))

    def log(self, user, message):
        """An entry in the back office's log ("Letzte Aktionen") on the entry itself."""
        from django.contrib.admin.models import CHANGE, LogEntry

        entry = self.entry
        if entry is None:
            return
        LogEntry.objects.log_actions(
            user_id=user.pk,
            queryset=[entry],
            action_flag=CHANGE,
            change_message=message,
            single_object=True,
        )


def split_contact(text):
    """ "Name <address>" as (name, address); a text without an address is all name."""
    name, separator, rest = (text or "").rpartition(" <")
    if separator and rest.endswith(">"):
        return name.strip(), rest[:-1].strip()
    return (text or "").strip(), ""


def refuse_saving_preview(*args, **kwargs):
    raise release.ReleaseError(gettext("Eine Vorschau wird nie gespeichert."))


# --- Reminders (core/reminders.py, `manage.py send_reminders`) --------------------------------


class ReminderSentQuerySet(models.QuerySet):
    def on(self, day):
        return self.filter(day=day)


class ReminderSent(models.Model):
    """That a staff member's daily reminder went out on `day`: written only once the mail
    server accepted it, so a failed mail is sent again on the next run."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Konto"),
        on_delete=models.CASCADE,
        related_name="reminders_sent",
    )
    day = models.DateField(_("Tag"))
    sent_at = models.DateTimeField(_("gesendet um"), default=timezone.now)

    objects = ReminderSentQuerySet.as_manager()

    class Meta:
        ordering = ["-day", "user"]
        verbose_name = _("gesendete Erinnerung")
        verbose_name_plural = _("gesendete Erinnerungen")
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="reminder_once_a_day"),
        ]

    def __str__(self):
        return f"{self.user} – {self.day:%d.%m.%Y}"
