from core.sitemaps import BilingualSitemap, PublicEntrySitemap
from stakeholders.models import Actor, StakeholderGroup


class GroupSitemap(BilingualSitemap):
    def items(self):
        return StakeholderGroup.objects.with_last_modified().order_by("pk")

    def lastmod(self, group):
        return group.last_modified


class ActorSitemap(PublicEntrySitemap):
    """Every public actor; its address names its group (read in the same query)."""

    url_name = "stakeholders:actor"
    url_fields = {"group_slug": "group__slug", "slug": "slug"}

    def entries(self):
        return Actor.objects.public()
