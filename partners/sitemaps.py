from core.sitemaps import BilingualSitemap
from partners.models import Partner


class PartnerSitemap(BilingualSitemap):
    def items(self):
        return Partner.objects.published().only("slug", "updated_at", "publish_from")

    def lastmod(self, partner):
        return partner.public_change
