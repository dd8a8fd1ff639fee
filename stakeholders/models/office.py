"""The office itself, at the centre of the network."""

import datetime

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.phone import phone_uri, validate_phone
from core.vcard import VCard


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
