from django.conf import settings
from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from newtrade import overview
from pages.models import BarrierReport
from partners.models import EntryReport, Partner
from stakeholders.models import Actor, StakeholderGroup


class NewtradeAdminSite(admin.AdminSite):
    """The back office: its start page shows an overview of the network, its page "Hilfe"
    the daily jobs step by step."""

    site_header = _("newtrade nrw – Backoffice")
    site_title = _("newtrade nrw Backoffice")
    index_title = _("Überblick über das Netzwerk")
    empty_value_display = "—"  # as the history shows an empty value

    def has_permission(self, request):
        """Staff who have also used their second factor in this session (core/two_factor/;
        its middleware sends everyone else there first), as django_otp's OTPAdminSite."""
        return super().has_permission(request) and (
            not settings.STAFF_2FA or request.user.is_verified()
        )

    def get_urls(self):
        return [
            path("hilfe/", self.admin_view(self.help_view), name="help"),
            *super().get_urls(),
        ]

    def index(self, request, extra_context=None):
        """The start page: each panel only with the entries this user may open."""
        user = request.user
        models = overview.viewable(user)

        def may(model):
            return overview.may(user, "view", model)

        context = {
            "overview": True,
            "may_add_partner": overview.may(user, "add", Partner),
            "may_add_actor": overview.may(user, "add", Actor),
            "my_follow_ups": overview.follow_ups(models=models, responsible=user),
            "follow_ups": overview.follow_ups(models=models),
            # None for a user who neither releases nor submits: the panel leaves them out.
            "waiting_for_release": overview.waiting_for_release(user),
            "own_submissions": overview.own_submissions(user),
            "release_overdue_days": settings.RELEASE_OVERDUE_DAYS,
            # None for a user who may not open them: the panel leaves them out.
            "open_reports": overview.open_reports() if may(EntryReport) else None,
            "open_barrier_reports": (
                overview.open_barrier_reports() if may(BarrierReport) else None
            ),
            "new_proposals": overview.new_proposals(user),
            "missing_imprint_facts": overview.missing_imprint_facts(user),
            "link_check": overview.LinkCheck(models=models),
            "never_reviewed": overview.never_reviewed(models=models),
            "reviews_due": overview.reviews_due(models=models),
            "review_due_count": overview.review_due_count(models=models),
            "review_interval_days": settings.REVIEW_INTERVAL_DAYS,
            "may_view_entries": bool(models),
            "groups": overview.counts_per_group(),
            "statuses": overview.counts_per_status(),
            "chart": overview.GrowthChart(),
            "undated": overview.filtered_lists(models, partnership_since__isnull=True),
            "deleted": overview.recently_deleted(
                models=overview.viewable(user, [Actor, Partner, StakeholderGroup])
            ),
            **(extra_context or {}),
        }
        return super().index(request, extra_context=context)

    def help_view(self, request):
        """A short German guide to the daily jobs in this back office."""
        context = {
            **self.each_context(request),
            "title": _("Hilfe für das Backoffice"),
            "review_interval_days": settings.REVIEW_INTERVAL_DAYS,
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
            "session_hours": settings.ADMIN_SESSION_HOURS,
            "idle_minutes": settings.ADMIN_SESSION_IDLE_MINUTES,
            "four_eyes": settings.FOUR_EYES,
            "release_overdue_days": settings.RELEASE_OVERDUE_DAYS,
        }
        return TemplateResponse(request, "admin/help.html", context)
