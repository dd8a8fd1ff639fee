from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from core import markup
from core.history import History
from core.models import VisitorReport
from core.translated import ENGLISH_HELP_TEXT, Translated


class PageQuerySet(models.QuerySet):
    def get_page(self, slug):
        """The page, or an unsaved empty one while staff have not written it yet."""
        return self.filter(slug=slug).first() or self.model(slug=slug)


class Page(Translated, models.Model):
    """A fixed page staff edit in the admin: Impressum, Datenschutz, Leichte Sprache, …"""

    class Slug(models.TextChoices):
        IMPRINT = "impressum", _("Impressum")
        PRIVACY = "datenschutz", _("Datenschutzerklärung")
        EASY_LANGUAGE = "leichte-sprache", _("Leichte Sprache")
        SIGN_LANGUAGE = "gebaerdensprache", _("Gebärdensprache")

    slug = models.SlugField(_("Seite"), choices=Slug.choices, unique=True)
    title = models.CharField(_("Überschrift"), max_length=200)
    body = models.TextField(_("Text"), blank=True, help_text=markup.HELP_TEXT)
    title_en = models.CharField(_("Überschrift (englisch)"), max_length=200, blank=True)
    body_en = models.TextField(
        _("Text (englisch)"),
        blank=True,
        help_text=ENGLISH_HELP_TEXT,
    )
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    objects = PageQuerySet.as_manager()
    history = History()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("Pflichtseite")
        verbose_name_plural = _("Pflichtseiten")
        # The second pair of eyes (core/release.py): who may put changes live.
        permissions = [("release_page", "Pflichtseiten: freigeben")]

    def __str__(self):
        return self.get_slug_display()

    def get_absolute_url(self):
        return reverse(f"pages:{self.slug}")


class Compliance(models.TextChoices):
    FULL = "vollstaendig", _("vollständig vereinbar")
    PARTIAL = "teilweise", _("teilweise vereinbar")
    NONE = "nicht", _("nicht vereinbar")


class AccessibilityStatementQuerySet(models.QuerySet):
    def current(self):
        return self.order_by("pk").first()


class AccessibilityStatement(Translated, models.Model):
    """The Erklärung zur Barrierefreiheit after the EU model statement; there is one."""

    compliance = models.CharField(
        _("Stand der Vereinbarkeit"), max_length=20, choices=Compliance.choices
    )
    non_accessible = models.TextField(
        _("Nicht barrierefreie Inhalte"),
        blank=True,
        help_text=_(
            "Welche Inhalte nicht barrierefrei sind, warum, und welche Alternative es gibt. "
        )
        + markup.HELP_TEXT,
    )
    non_accessible_en = models.TextField(_("Nicht barrierefreie Inhalte (englisch)"), blank=True)
    method = models.TextField(
        _("Wie die Barrierefreiheit bewertet wurde"), help_text=markup.HELP_TEXT
    )
    method_en = models.TextField(_("Bewertung (englisch)"), blank=True)
    enforcement = models.TextField(
        _("Durchsetzungsverfahren"),
        help_text=_("Die Ombudsstelle des Landes NRW mit Link und Anschrift. ") + markup.HELP_TEXT,
    )
    enforcement_en = models.TextField(_("Durchsetzungsverfahren (englisch)"), blank=True)
    written_on = models.DateField(_("Erklärung erstellt am"))
    reviewed_on = models.DateField(_("zuletzt überprüft am"))
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    objects = AccessibilityStatementQuerySet.as_manager()
    history = History()

    class Meta:
        verbose_name = _("Erklärung zur Barrierefreiheit")
        verbose_name_plural = _("Erklärung zur Barrierefreiheit")

    def __str__(self):
        return str(self._meta.verbose_name)

    def get_absolute_url(self):
        return reverse("pages:barrierefreiheit")

    def clean(self):
        super().clean()
        if self.reviewed_on and self.written_on and self.reviewed_on < self.written_on:
            raise ValidationError(
                {"reviewed_on": _("Die Überprüfung kann nicht vor der Erstellung liegen.")}
            )
        if self.reviewed_on and self.reviewed_on > timezone.localdate():
            raise ValidationError({"reviewed_on": _("Dieses Datum liegt in der Zukunft.")})


class BarrierReport(VisitorReport):
    """A visitor's message about a barrier on the site (the feedback mechanism of BITV)."""

    name = models.CharField(_("Name"), max_length=200, blank=True)
    page = models.CharField(_("Seite"), max_length=500)
    message = models.TextField(_("Beschreibung der Barriere"), max_length=5000)
    staff_notes = models.TextField(_("Notizen des Büros"), blank=True)
    answered_on = models.DateField(
        _("beantwortet am"),
        null=True,
        blank=True,
        help_text=_("Wann das Büro der meldenden Person geantwortet hat."),
    )

    text_field = "message"
    reply_subject = _("Ihre Meldung einer Barriere vom %(date)s")

    class Meta(VisitorReport.Meta):
        verbose_name = _("Gemeldete Barriere")
        verbose_name_plural = _("Gemeldete Barrieren")

    def __str__(self):
        return f"{self.page} ({self.received_on})"

    def get_absolute_url(self):
        return reverse("admin:pages_barrierreport_change", args=[self.pk])

    def clean(self):
        super().clean()
        if self.answered_on is None:
            return
        if self.answered_on > timezone.localdate():
            raise ValidationError({"answered_on": _("Dieses Datum liegt in der Zukunft.")})
        if self.created_at and self.answered_on < timezone.localdate(self.created_at):
            raise ValidationError(
                {"answered_on": _("Die Antwort kann nicht vor dem Eingang der Meldung liegen.")}
            )

    @property
    def site_url(self):
        """The reported page when the visitor gave a path or an address on this site; a
        page's name ("Kontakt") or another site's address is no link."""
        page = self.page.strip()
        allowed = {host for host in settings.ALLOWED_HOSTS if "*" not in host}
        if any(char.isspace() for char in page):
            return None
        if not url_has_allowed_host_and_scheme(page, allowed, require_https=False):
            return None
        parts = urlsplit(page)
        if not parts.netloc and not page.startswith("/"):
            return None  # a relative name such as "kontakt", not a path
        path = parts.path or "/"
        return f"{path}?{parts.query}" if parts.query else path


def validate_video(upload):
    """Accept only MP4 and WebM files up to SIGN_LANGUAGE_VIDEO_MAX_MB, checked by content."""
    limit = settings.SIGN_LANGUAGE_VIDEO_MAX_MB * 1024 * 1024
    if upload.size > limit:
        raise ValidationError(
            _("Die Datei ist %(size)s groß; erlaubt sind höchstens %(limit)s."),
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    upload.seek(0)
    head = upload.read(12)
    upload.seek(0)
    is_mp4 = head[4:8] == b"ftyp"
    is_webm = head[:4] == b"\x1a\x45\xdf\xa3"
    if not (is_mp4 or is_webm):
        raise ValidationError(_("Bitte ein Video im Format MP4 oder WebM hochladen."))


class SignLanguageVideo(Translated, models.Model):
    """A video in German Sign Language, served from our own host."""

    title = models.CharField(_("Titel"), max_length=200)
    title_en = models.CharField(_("Titel (englisch)"), max_length=200, blank=True)
    file = models.FileField(
        _("Videodatei"),
        upload_to="gebaerdensprache/",
        validators=[FileExtensionValidator(["mp4", "webm"]), validate_video],
        help_text=_("MP4 oder WebM."),
    )
    duration = models.DurationField(
        _("Laufzeit"), help_text=_("Stunden:Minuten:Sekunden, z. B. 0:04:30.")
    )
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    uploaded_at = models.DateTimeField(_("hochgeladen am"), auto_now_add=True)

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("Video in Gebärdensprache")
        verbose_name_plural = _("Videos in Gebärdensprache")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("pages:gebaerdensprache")

    @property
    def content_type(self):
        return "video/webm" if self.file.name.lower().endswith(".webm") else "video/mp4"

    @property
    def duration_display(self):
        minutes, seconds = divmod(int(self.duration.total_seconds()), 60)
        return f"{minutes}:{seconds:02d} min"
