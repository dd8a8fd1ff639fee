from django.db.models import Max
from django.urls import reverse
from django.utils.functional import cached_property

from core.sitemaps import BilingualSitemap
from partners.models import Partner
from partners.sitemaps import PartnerSitemap
from stakeholders.models import Actor, Office, StakeholderGroup
from stakeholders.sitemaps import ActorSitemap, GroupSitemap


def latest_change(*models):
    """When any row of these models last changed, or None if there are none."""
    dates = [model.objects.aggregate(latest=Max("updated_at"))["latest"] for model in models]
    return max(filter(None, dates), default=None)


class PageSitemap(BilingualSitemap):
    """The pages that list the network; each changes when what it shows changes."""

    shows = {
        "network": [Office, StakeholderGroup, Partner],
        "partners:list": [Partner],
        "stakeholders:list": [StakeholderGroup, Actor, Partner],
        "stakeholders:contact": [Office],
    }

    def items(self):
        return list(self.shows)

    def location(self, name):
        return reverse(name)

    @cached_property
    def changes(self):
        """When the rows of each model last changed: one query per model and request."""
        models = dict.fromkeys(model for shown in self.shows.values() for model in shown)
        return {model: latest_change(model) for model in models}

    def lastmod(self, name):
        return max(filter(None, (self.changes[model] for model in self.shows[name])), default=None)

    def get_latest_lastmod(self):
        """The section's date in the index."""
        return max(filter(None, self.changes.values()), default=None)


# The sections of the sitemap index /sitemap.xml, each at /sitemap-<section>.xml with
# ?p=2, ?p=3 … for pages beyond the first (core/sitemaps.py).
SITEMAPS = {
    "pages": PageSitemap,
    "groups": GroupSitemap,
    "actors": ActorSitemap,
    "partners": PartnerSitemap,
}
