from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from newtrade import overview


class NewtradeAdminSite(admin.AdminSite):
    """The back office: its start page shows an overview of the network."""

    site_header = _("newtrade nrw – Backoffice")
    site_title = _("newtrade nrw Backoffice")
    index_title = _("Überblick über das Netzwerk")

    def index(self, request, extra_context=None):
        context = {
            "overview": True,
            "groups": overview.counts_per_group(),
            "statuses": overview.counts_per_status(),
            "follow_ups": overview.follow_ups(),
            "broken_links": overview.broken_links(),
            "reviews_due": overview.reviews_due(),
            "review_due_count": overview.review_due_count(),
            "review_interval_days": settings.REVIEW_INTERVAL_DAYS,
            "open_reports": overview.open_reports(),
            "deleted": overview.recently_deleted(),
            "chart": overview.GrowthChart(),
            **(extra_context or {}),
        }
        return super().index(request, extra_context=context)
