import datetime
import re

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from stakeholders.search import SearchQuerySet
from stakeholders.translated import ENGLISH_HELP_TEXT, Translated
from stakeholders.vcard import VCard


def phone_uri(number):
    """Turn a written phone number into a `tel:` URI.

    "+49 (0)211/837-1622" becomes "tel:+492118371622": the trunk prefix "(0)"
    is dropped and only the leading plus and the digits are kept.
    """
    digits = re.sub(r"[^\d+]", "", number.replace("(0)", ""))
    return f"tel:{digits}" if digits else ""


def validate_phone(value):
    if not re.fullmatch(r"\+[1-9][\d\s()/-]{5,24}", value.strip()):
        raise ValidationError(
            _(
                "Bitte die Nummer international mit Ländervorwahl angeben, "
                "z. B. +49 (0)211/837-1622."
            )
        )


class Role(models.TextChoices):
    """A group's place in the network, from the centre outwards."""

    CENTRAL = "zentral", _("Im Mittelpunkt")
    DEMAND = "nachfrage", _("Stärkt die Nachfrage")
    EXPERTISE = "fachwissen", _("Bringt Fachwissen ein")
    INDIRECT = "indirekt", _("Indirekte Zielgruppe")


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
        """Staff preview hidden entries on their public page; everyone else sees public ones."""
        opts = self.model._meta
        if user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            return self
        return self.filter(**{self.model.visibility_field: True})


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
        if errors:
            raise ValidationError(errors)

    @property
    def is_visible(self):
        return getattr(self, self.visibility_field)

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
    phone = models.CharField(_("Telefon"), max_length=40, blank=True, validators=[validate_phone])
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("Ansprechperson")
        verbose_name_plural = _("Ansprechpersonen")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.name} ({self.role})" if self.role else self.name

    def get_absolute_url(self):
        return self.partner_entry.get_absolute_url()


def count_per_group(queryset):
    """A subquery counting the rows of `queryset` that belong to the outer group."""
    counts = (
        queryset.filter(group=models.OuterRef("pk"))
        .order_by()
        .values("group")
        .annotate(count=models.Count("pk"))
        .values("count")
    )
    return Coalesce(models.Subquery(counts), 0)


def latest_change_per_group(queryset):
    """A subquery of the latest `updated_at` among the rows of the outer group."""
    latest = (
        queryset.filter(group=models.OuterRef("pk"))
        .order_by("-updated_at")
        .values("updated_at")[:1]
    )
    return models.Subquery(latest)


class StakeholderGroupQuerySet(models.QuerySet):
    def with_member_counts(self):
        """Annotate how many public actors and published partners each group has."""
        partners = self.model._meta.get_field("partners").related_model.objects
        return self.annotate(
            public_actor_count=count_per_group(Actor.objects.public()),
            published_partner_count=count_per_group(partners.listed()),
        )

    def with_last_modified(self):
        """Annotate when each group's page last changed: the group or one of its members."""
        partners = self.model._meta.get_field("partners").related_model.objects
        latest = [latest_change_per_group(members) for members in (Actor.objects, partners.all())]
        return self.annotate(
            last_modified=Greatest("updated_at", *(Coalesce(m, "updated_at") for m in latest))
        )


class StakeholderGroup(Translated, models.Model):
    name = models.CharField(_("Name"), max_length=120, unique=True)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=120, unique=True)
    role = models.CharField(_("Rolle im Netzwerk"), max_length=20, choices=Role.choices)
    description = models.TextField(
        _("Beschreibung"), help_text=_("Was die Gruppe im Netzwerk beiträgt.")
    )
    order = models.PositiveSmallIntegerField(
        _("Reihenfolge"), default=0, help_text=_("Kleinere Zahlen stehen weiter vorn.")
    )
    name_en = models.CharField(
        _("Name (englisch)"),
        max_length=120,
        blank=True,
        help_text=ENGLISH_HELP_TEXT,
    )
    description_en = models.TextField(_("Beschreibung (englisch)"), blank=True)
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    objects = StakeholderGroupQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("Akteursgruppe")
        verbose_name_plural = _("Akteursgruppen")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("stakeholders:detail", kwargs={"slug": self.slug})

    @property
    def breadcrumbs(self):
        """The pages above this one, as (label, URL) pairs."""
        return [(_("Akteure"), reverse("stakeholders:list"))]


class ActorQuerySet(PartnershipQuerySet):
    search_fields = {"name": "A", "description": "C", "place": "D", "group__name": "D"}
    snippet_fields = ("description",)

    def public(self):
        return self.filter(is_public=True)

    def with_group(self):
        return self.select_related("group")


class Actor(Translated, Partnership):
    """A single organisation the office works with."""

    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=200, unique=True)
    group = models.ForeignKey(
        StakeholderGroup,
        on_delete=models.PROTECT,
        related_name="actors",
        verbose_name=_("Akteursgruppe"),
    )
    website = models.URLField(_("Website"), blank=True)
    description = models.TextField(_("Kurzbeschreibung"), blank=True)
    place = models.CharField(_("Ort"), max_length=120, blank=True)
    is_public = models.BooleanField(
        _("öffentlich sichtbar"),
        default=False,
        help_text=_("Nur öffentliche Akteure erscheinen auf der Website."),
    )

    objects = ActorQuerySet.as_manager()
    history = HistoricalRecords()
    visibility_field = "is_public"

    class Meta:
        ordering = ["name"]
        verbose_name = _("Akteur")
        verbose_name_plural = _("Akteure")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse(
            "stakeholders:actor", kwargs={"group_slug": self.group.slug, "slug": self.slug}
        )

    @property
    def breadcrumbs(self):
        """The pages above this one, as (label, URL) pairs."""
        group_name, _language = self.group.localized("name")
        return [*self.group.breadcrumbs, (group_name, self.group.get_absolute_url())]

    @property
    def summary(self):
        """A sentence about this actor for previews, also while it has no description."""
        return self.description or _("%(name)s im Netzwerk von newtrade nrw") % {"name": self.name}

    def structured_data(self, build_url):
        """This actor as a schema.org Organization; `build_url` makes URLs absolute."""
        page_url = build_url(self.get_absolute_url())
        data = {
            "@context": "https://schema.org",
            "@type": "Organization",
            "name": self.name,
            "url": self.website or page_url,
            "mainEntityOfPage": page_url,
        }
        if self.description:
            data["description"] = self.description
        if self.place:
            data["address"] = {"@type": "PostalAddress", "addressLocality": self.place}
        return data


class OfficeQuerySet(models.QuerySet):
    def current(self):
        """The office's record, or None while none is stored."""
        return self.order_by("pk").first()


class Office(models.Model):
    """The office itself, at the centre of the network; there is one record."""

    name = models.CharField(_("Name"), max_length=200)
    subtitle = models.CharField(_("Untertitel"), max_length=200, blank=True)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200)
    postal_code = models.CharField(_("Postleitzahl"), max_length=10)
    city = models.CharField(_("Ort"), max_length=120)
    phone = models.CharField(
        _("Telefon"),
        max_length=40,
        validators=[validate_phone],
        help_text=_("International mit Ländervorwahl, z. B. +49 (0)211/837-1622."),
    )
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    opening_hours = models.TextField(
        _("Erreichbarkeit"),
        blank=True,
        help_text=_("Zum Beispiel die telefonischen Sprechzeiten. Leer lassen, wenn unbekannt."),
    )
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    objects = OfficeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Büro")
        verbose_name_plural = _("Büro")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("stakeholders:contact")

    @property
    def phone_uri(self):
        return phone_uri(self.phone)

    @property
    def full_name(self):
        return f"{self.name}, {self.subtitle}" if self.subtitle else self.name

    @property
    def telephone(self):
        """The phone number in international form without spaces, e.g. +492118371622."""
        return self.phone_uri.removeprefix("tel:")

    def structured_data(self, build_url):
        """The office as a schema.org Organization with its address and a ContactPoint."""
        contact_point = {
            "@type": "ContactPoint",
            "telephone": self.telephone,
            "contactType": "customer service",
            "availableLanguage": "de",
        }
        if self.email:
            contact_point["email"] = self.email
        data = {
            "@context": "https://schema.org",
            "@type": "Organization",
            "@id": build_url(reverse("network")) + "#organisation",
            "name": self.full_name,
            "alternateName": self.name,
            "url": build_url(reverse("network")),
            "telephone": self.telephone,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": self.street,
                "postalCode": self.postal_code,
                "addressLocality": self.city,
                "addressRegion": "Nordrhein-Westfalen",
                "addressCountry": "DE",
            },
            "contactPoint": contact_point,
        }
        if self.email:
            data["email"] = self.email
        return data

    def vcard(self, build_url):
        """The office's contact as a vCard 3.0, which phones import in one tap."""
        card = VCard()
        card.add("FN", self.name)
        card.add("N", "", "", "", "", "")
        card.add("ORG", self.name, self.subtitle)
        card.add("TEL;TYPE=WORK,VOICE", self.telephone)
        if self.email:
            card.add("EMAIL;TYPE=INTERNET,WORK", self.email)
        card.add(
            "ADR;TYPE=WORK", "", "", self.street, self.city, "", self.postal_code, "Deutschland"
        )
        card.add("URL", build_url(reverse("network")))
        if self.opening_hours:
            card.add("NOTE", f"Erreichbarkeit: {self.opening_hours}")
        card.add("REV", self.updated_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ"))
        card.add("X-ABSHOWAS", "COMPANY")
        return card.serialize()
