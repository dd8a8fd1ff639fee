"""The network's contact with the outside, without accounts: organisations that propose
themselves or a resource ("Partner werden"), and contacts who confirm their entry once a
year. Both reach staff only through links signed with the site's secret key."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.phone import PHONE_HELP_TEXT, PhoneNumberField


class Proposal(models.Model):
    """An organisation's proposal to take part in the network as an actor of a group, or
    of a resource for public buyers; it reaches staff once its e-mail address is confirmed."""

    class Kind(models.TextChoices):
        ACTOR = "akteur", _("Als Akteur im Netzwerk mitmachen")
        RESOURCE = "angebot", _("Ein Angebot für Beschaffende vorschlagen")

    class Decision(models.TextChoices):
        OPEN = "", _("offen")
        ACCEPTED = "angenommen", _("angenommen")
        DECLINED = "abgelehnt", _("abgelehnt")

    kind = models.CharField(_("Art des Vorschlags"), max_length=10, choices=Kind.choices)
    organisation = models.CharField(_("Organisation"), max_length=200)
    group = models.ForeignKey(
        "stakeholders.StakeholderGroup",
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("Akteursgruppe"),
    )
    website = models.URLField(_("Website"), blank=True)
    description = models.TextField(_("Kurzbeschreibung"), max_length=2000)
    contact_name = models.CharField(_("Ansprechperson"), max_length=200)
    contact_email = models.EmailField(_("E-Mail-Adresse"))
    contact_phone = PhoneNumberField(_("Telefon"), blank=True, help_text=PHONE_HELP_TEXT)
    language = models.CharField(_("Sprache"), max_length=5, default="de")
    created_at = models.DateTimeField(_("eingegangen am"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("E-Mail-Adresse bestätigt am"), null=True, blank=True)
    decision = models.CharField(
        _("Entscheidung"), max_length=12, choices=Decision.choices, blank=True, default=""
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entschieden von"),
    )
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    decline_message = models.TextField(_("Nachricht an die Ansprechperson"), blank=True)
    # The unpublished entry made from the proposal once it was confirmed.
    entry_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entry_id = models.PositiveBigIntegerField(null=True, blank=True)
    entry = GenericForeignKey("entry_type", "entry_id")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Vorschlag")
        verbose_name_plural = _("Vorschläge")

    def __str__(self):
        return self.organisation


class EntryConfirmationQuerySet(models.QuerySet):
    def older_than(self, days):
        """Requests made more than `days` days ago, however they were answered."""
        return self.filter(created_at__lt=timezone.now() - datetime.timedelta(days=days))


class EntryConfirmation(models.Model):
    """A yearly request to an entry's contact person to confirm the public entry or to
    propose changes; answered through a signed link."""

    class Answer(models.TextChoices):
        OPEN = "", _("offen")
        CURRENT = "aktuell", _("Alles ist aktuell")
        CHANGES = "aenderungen", _("Änderungen vorgeschlagen")
        NOT_RESPONSIBLE = "nicht_zustaendig", _("nicht mehr zuständig")

    entry_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    entry_id = models.PositiveBigIntegerField()
    entry = GenericForeignKey("entry_type", "entry_id")
    contact_name = models.CharField(_("Ansprechperson"), max_length=200)
    email = models.EmailField(_("E-Mail-Adresse"))
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    sent_at = models.DateTimeField(_("gesendet am"), null=True, blank=True)
    answered_at = models.DateTimeField(_("beantwortet am"), null=True, blank=True)
    answer = models.CharField(
        _("Antwort"), max_length=20, choices=Answer.choices, blank=True, default=""
    )

    objects = EntryConfirmationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Bestätigungsanfrage")
        verbose_name_plural = _("Bestätigungsanfragen")
        indexes = [models.Index(fields=["entry_type", "entry_id"])]

    def __str__(self):
        return f"{self.contact_name} <{self.email}>"
