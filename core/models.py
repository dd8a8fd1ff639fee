"""Abstract models that several apps build on; core has no tables of its own."""

import datetime

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

    A concrete report names its `text_field`, the visitor's own words.
    """

    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    created_at = models.DateTimeField(_("eingegangen am"), auto_now_add=True)
    done = models.BooleanField(_("erledigt"), default=False)

    objects = VisitorReportQuerySet.as_manager()
    text_field = None
    preview_length = 80

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
