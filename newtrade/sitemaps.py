from django.db.models import Max
from django.urls import reverse

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

    def lastmod(self, name):
        return latest_change(*self.shows[name])


SITEMAPS = {
    "pages": PageSitemap,
    "groups": GroupSitemap,
    "actors": ActorSitemap,
    "partners": PartnerSitemap,
}
