"""Abstract models that several apps build on; core has no tables of its own."""

import datetime
from urllib.parse import quote

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
