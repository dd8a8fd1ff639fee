"""Abstract models that several apps build on, and the one table core keeps itself:
the record of staff sign-ins (core/signin.py writes it)."""

import datetime
from urllib.parse import quote

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
