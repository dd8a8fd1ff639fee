import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A group's place in the network, from the centre outwards."""

    CENTRAL = "zentral", _("Im Mittelpunkt")
    DEMAND = "nachfrage", _("Stärkt die Nachfrage")
    EXPERTISE = "fachwissen", _("Bringt Fachwissen ein")
    INDIRECT = "indirekt", _("Indirekte Zielgruppe")


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


class StakeholderGroupQuerySet(models.QuerySet):
    def with_member_counts(self):
        """Annotate how many public actors and published partners each group has."""
        partners = self.model._meta.get_field("partners").related_model.objects
        return self.annotate(
            public_actor_count=count_per_group(Actor.objects.public()),
            published_partner_count=count_per_group(partners.published()),
        )


class StakeholderGroup(models.Model):
    name = models.CharField(_("Name"), max_length=120, unique=True)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=120, unique=True)
    role = models.CharField(_("Rolle im Netzwerk"), max_length=20, choices=Role.choices)
    description = models.TextField(
        _("Beschreibung"), help_text=_("Was die Gruppe im Netzwerk beiträgt.")
    )
    order = models.PositiveSmallIntegerField(
        _("Reihenfolge"), default=0, help_text=_("Kleinere Zahlen stehen weiter vorn.")
    )

    objects = StakeholderGroupQuerySet.as_manager()

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


class ActorQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)

    def with_group(self):
        return self.select_related("group")


class Actor(models.Model):
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
        return [*self.group.breadcrumbs, (self.group.name, self.group.get_absolute_url())]


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
