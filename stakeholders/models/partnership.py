"""The office's internal record of a partnership, shared by actors and partner resources."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import History, cascade_deleted, mark_cascade_deletes, restore_records
from core.phone import PHONE_HELP_TEXT, PhoneNumberField, format_phone
from core.search import SearchQuerySet


class PartnershipStatus(models.TextChoices):
    """How far the office's partnership with an actor or a resource has come."""

    INITIATED = "angebahnt", _("angebahnt")
    IN_TALKS = "im_gespraech", _("im Gespräch")
    ACTIVE = "aktiv", _("aktiv")
    DORMANT = "ruhend", _("ruhend")
    ENDED = "beendet", _("beendet")


FOLLOW_UP_HORIZON = datetime.timedelta(days=14)


class LinkStatus(models.TextChoices):
    """What the last link check found at an entry's website."""

    UNCHECKED = "", _("nicht geprüft")
    OK = "ok", _("erreichbar")
    REDIRECT = "umgeleitet", _("umgeleitet")
    BROKEN = "defekt", _("defekt")


class PartnershipQuerySet(SearchQuerySet):
    def follow_ups_due(self, today=None):
        """Entries whose next step is due within the coming two weeks or overdue."""
        today = today or timezone.localdate()
        return self.filter(next_step_due__lte=today + FOLLOW_UP_HORIZON).order_by("next_step_due")

    def assigned_to(self, user):
        """Entries whose next step `user` is responsible for ("zuständig")."""
        return self.filter(responsible=user)

    def overdue(self, today=None):
        return self.filter(next_step_due__lt=today or timezone.localdate())

    def due_soon(self, today=None):
        """Due today or within the coming two weeks, not yet overdue."""
        today = today or timezone.localdate()
        return self.filter(next_step_due__range=(today, today + FOLLOW_UP_HORIZON))

    def review_due(self, today=None):
        """Entries nobody has confirmed for REVIEW_INTERVAL_DAYS, never-reviewed ones first."""
        today = today or timezone.localdate()
        limit = today - datetime.timedelta(days=settings.REVIEW_INTERVAL_DAYS)
        return self.filter(
            models.Q(last_reviewed__isnull=True) | models.Q(last_reviewed__lt=limit)
        ).order_by(models.F("last_reviewed").asc(nulls_first=True), "name")

    def with_broken_links(self):
        return self.filter(link_status=LinkStatus.BROKEN).order_by("link_failing_since", "name")

    def visible_to(self, user):
        """Staff preview hidden entries on their public page; everyone else sees live ones."""
        opts = self.model._meta
        if user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            return self
        return self.live()

    def in_publication_window(self, now=None):
        """Entries whose "Veröffentlichen ab/bis" let them be seen at `now` (empty: no limit)."""
        now = now or timezone.now()
        return self.filter(
            models.Q(publish_from__isnull=True) | models.Q(publish_from__lte=now),
            models.Q(publish_until__isnull=True) | models.Q(publish_until__gt=now),
        )

    def live(self, now=None):
        """What the public sees at `now`: published (the model's flag) and within the
        publication window. Every public list, page, feed and export starts here."""
        return self.filter(**{self.model.visibility_field: True}).in_publication_window(now)

    def newest_first(self):
        """Latest public change first: the last save, or the "ab" moment where the entry
        appeared later by its date (feeds list newly visible entries at the top)."""
        appeared = Greatest("updated_at", Coalesce("publish_from", "updated_at"))
        return self.alias(appeared=appeared).order_by("-appeared", "-pk")

    def next_publication_change(self, now=None):
        """The next moment after `now` at which a published entry appears or disappears
        by its dates, or None; one query over the indexed dates."""
        now = now or timezone.now()
        ahead = {
            name: models.Q(**{f"{name}__gt": now}) for name in ("publish_from", "publish_until")
        }
        moments = (
            self.filter(**{self.model.visibility_field: True})
            .filter(ahead["publish_from"] | ahead["publish_until"])
            .order_by()
            .aggregate(**{name: models.Min(name, filter=q) for name, q in ahead.items()})
        )
        return min((moment for moment in moments.values() if moment), default=None)


class Partnership(models.Model):
    """The office's internal record of a partnership; never shown to the public."""

    partnership_status = models.CharField(
        _("Stand der Partnerschaft"),
        max_length=20,
        choices=PartnershipStatus.choices,
        default=PartnershipStatus.INITIATED,
    )
    partnership_since = models.DateField(_("Partnerschaft seit"), null=True, blank=True)
    next_step = models.CharField(_("Nächster Schritt"), max_length=300, blank=True)
    next_step_due = models.DateField(_("fällig am"), null=True, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("zuständig"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        limit_choices_to={"is_staff": True},
        related_name="responsible_for_%(class)s",
        help_text=_("Wer im Büro sich um den nächsten Schritt kümmert."),
    )
    internal_notes = models.TextField(
        _("Interne Notizen"), blank=True, help_text=_("Nur für das Büro sichtbar.")
    )
    contacts = GenericRelation("stakeholders.ContactPerson")
    last_reviewed = models.DateField(
        _("zuletzt geprüft"),
        null=True,
        blank=True,
        help_text=_("Wann das Büro zuletzt bestätigt hat, dass der Eintrag stimmt."),
    )
    link_status = models.CharField(
        _("Link"), max_length=12, choices=LinkStatus.choices, blank=True, default=""
    )
    link_result = models.CharField(_("Ergebnis der Linkprüfung"), max_length=200, blank=True)
    link_checked_at = models.DateTimeField(_("Link geprüft am"), null=True, blank=True)
    link_failing_since = models.DateTimeField(_("Link defekt seit"), null=True, blank=True)
    link_redirect_to = models.URLField(_("dauerhaft umgeleitet nach"), max_length=500, blank=True)
    publish_from = models.DateTimeField(
        _("Veröffentlichen ab"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "Ab wann der veröffentlichte Eintrag auf der Website erscheint. "
            "Leer: sofort sichtbar, sobald veröffentlicht."
        ),
    )
    publish_until = models.DateTimeField(
        _("Veröffentlichen bis"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "Ab wann der Eintrag von selbst wieder von der Website verschwindet. "
            "Leer: sichtbar ohne Ende."
        ),
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    # The public flag of the concrete model: "is_published" or "is_public".
    visibility_field = None

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        errors = {}
        if self.next_step_due and not self.next_step.strip():
            errors["next_step"] = _("Bitte beschreiben Sie den Schritt, der fällig wird.")
        if self.partnership_since and self.partnership_since > timezone.localdate():
            errors["partnership_since"] = _("Dieses Datum liegt in der Zukunft.")
        if (
            self.next_step_due
            and self.partnership_since
            and self.next_step_due < self.partnership_since
        ):
            errors["next_step_due"] = _(
                "Der nächste Schritt kann nicht vor dem Beginn der Partnerschaft fällig sein."
            )
        if self.publish_from and self.publish_until and self.publish_until <= self.publish_from:
            errors["publish_until"] = _(
                "„Veröffentlichen bis“ muss nach „Veröffentlichen ab“ liegen."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_visible(self):
        return getattr(self, self.visibility_field)

    def in_publication_window(self, now=None):
        """Whether "Veröffentlichen ab/bis" let this entry be seen at `now`."""
        now = now or timezone.now()
        return (self.publish_from is None or self.publish_from <= now) and (
            self.publish_until is None or self.publish_until > now
        )

    @property
    def is_live(self):
        """Whether the public sees this entry now (as `PartnershipQuerySet.live()`)."""
        return bool(self.is_visible) and self.in_publication_window()

    @property
    def public_change(self):
        """When the public page last changed: the last save, or the "ab" moment where the
        entry appeared later by its date (for feeds and the sitemap)."""
        if self.publish_from and self.updated_at < self.publish_from <= timezone.now():
            return self.publish_from
        return self.updated_at

    @property
    def schedule_state(self):
        """Where the publication window stands now, for staff: "scheduled" (its "ab" lies
        ahead), "ending" (its "bis" lies ahead), "expired", or "" without dates."""
        now = timezone.now()
        if self.publish_until and self.publish_until <= now:
            return "expired"
        if self.publish_from and self.publish_from > now:
            return "scheduled"
        return "ending" if self.publish_until else ""

    def set_visible(self, visible):
        """Publish or hide this entry; saved one by one so that history records it."""
        if self.is_visible != visible:
            setattr(self, self.visibility_field, visible)
            self.save(update_fields=[self.visibility_field, "updated_at"])
            return True
        return False

    @property
    def admin_url(self):
        opts = self._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[self.pk])

    @property
    def is_overdue(self):
        return bool(self.next_step_due and self.next_step_due < timezone.localdate())

    @property
    def as_of(self):
        """The date the public page gives as "Stand": the last review, else the last change."""
        return self.last_reviewed or timezone.localdate(self.updated_at)

    def deleted_with_entry(self):
        """The last versions of the contact persons deleted together with this entry."""
        content_type = ContentType.objects.get_for_model(self)
        return cascade_deleted(ContactPerson, content_type=content_type, object_id=self.pk)

    def restore_deleted_with_entry(self, user=None):
        """Bring back what deleting this entry took with it (HistoryAdmin calls this when
        it restores the entry); returns the restored rows."""
        return restore_records(self.deleted_with_entry(), user=user)

    def record_link_check(self, result, now=None):
        """Store a link check's result in one UPDATE, so an interrupted run stays consistent."""
        now = now or timezone.now()
        failing_since = (
            (self.link_failing_since or now) if result.status == LinkStatus.BROKEN else None
        )
        fields = {
            "link_status": result.status,
            "link_result": result.summary[:200],
            "link_checked_at": now,
            "link_failing_since": failing_since,
            "link_redirect_to": result.permanent_target[:500],
        }
        type(self).objects.filter(pk=self.pk).update(**fields)
        for name, value in fields.items():
            setattr(self, name, value)


class ContactPerson(models.Model):
    """An internal contact person at an actor or partner resource."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    partner_entry = GenericForeignKey("content_type", "object_id")
    name = models.CharField(_("Name"), max_length=200)
    role = models.CharField(_("Funktion"), max_length=200, blank=True)
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    phone = PhoneNumberField(_("Telefon"), blank=True, help_text=PHONE_HELP_TEXT)
    history = History()

    class Meta:
        ordering = ["name"]
        verbose_name = _("Ansprechperson")
        verbose_name_plural = _("Ansprechpersonen")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.name} ({self.role})" if self.role else self.name

    def get_absolute_url(self):
        return self.partner_entry.get_absolute_url()

    @property
    def phone_display(self):
        """The phone number as people here read it, e.g. "0211 8371622"."""
        return format_phone(self.phone)


mark_cascade_deletes(ContactPerson)
