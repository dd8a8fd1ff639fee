from core.sitemaps import BilingualSitemap
from stakeholders.models import Actor, StakeholderGroup


class GroupSitemap(BilingualSitemap):
    def items(self):
        return StakeholderGroup.objects.with_last_modified()

    def lastmod(self, group):
        return group.last_modified


class ActorSitemap(BilingualSitemap):
    def items(self):
        fields = ("slug", "updated_at", "publish_from", "group__slug")
        return Actor.objects.public().with_group().only(*fields)

    def lastmod(self, actor):
        return actor.public_change
