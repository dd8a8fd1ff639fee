"""The office itself, at the centre of the network."""

import datetime

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.history import History
from core.phone import PHONE_HELP_TEXT, PhoneNumberField, format_phone, phone_uri
from core.vcard import VCard

# What an imprint and a privacy statement must name: (label, field of Office).
IMPRINT_FACTS = [
    (_("Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV"), "content_responsible"),
    (_("E-Mail-Adresse nach § 5 DDG"), "email"),
    (_("Kontakt der oder des Datenschutzbeauftragten"), "data_protection_officer"),
]


class OfficeQuerySet(models.QuerySet):
    def current(self):
        """The office's record, or None while none is stored."""
        return self.order_by("pk").first()

    def missing_imprint_facts(self):
        """The imprint facts still to be filled in; all of them while no record is stored."""
        office = self.current()
        return office.missing_imprint_facts() if office else list(IMPRINT_FACTS)


class Office(models.Model):
    """The office itself, at the centre of the network; there is one record."""

    name = models.CharField(_("Name"), max_length=200)
    subtitle = models.CharField(_("Untertitel"), max_length=200, blank=True)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200)
    postal_code = models.CharField(_("Postleitzahl"), max_length=10)
    city = models.CharField(_("Ort"), max_length=120)
    phone = PhoneNumberField(_("Telefon"), help_text=PHONE_HELP_TEXT)
    email = models.EmailField(
        _("E-Mail-Adresse"),
        blank=True,
        help_text=_("Das Impressum muss eine E-Mail-Adresse nennen (§ 5 DDG)."),
    )
    opening_hours = models.TextField(
        _("Erreichbarkeit"),
        blank=True,
        help_text=_("Zum Beispiel die telefonischen Sprechzeiten. Leer lassen, wenn unbekannt."),
    )
    content_responsible = models.TextField(
        _("Verantwortlich für den Inhalt"),
        blank=True,
        help_text=_(
            "Name und Anschrift der Person, die nach § 18 Abs. 2 MStV für den Inhalt "
            "verantwortlich ist. Erscheint im Impressum, sobald sie eingetragen ist."
        ),
    )
    data_protection_officer = models.TextField(
        _("Datenschutzbeauftragte oder Datenschutzbeauftragter"),
        blank=True,
        help_text=_(
            "Wie die oder der Datenschutzbeauftragte zu erreichen ist: Name, Anschrift "
            "oder E-Mail-Adresse. Erscheint in der Datenschutzerklärung, sobald eingetragen."
        ),
    )
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    objects = OfficeQuerySet.as_manager()
    history = History()

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
    def phone_display(self):
        """The phone number as people here read it, e.g. "0211 8371622"."""
        return format_phone(self.phone)

    def missing_imprint_facts(self):
        """(label, field name) of each fact the imprint must name that is still empty."""
        return [(label, name) for label, name in IMPRINT_FACTS if not getattr(self, name).strip()]

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
