from core.sitemaps import BilingualSitemap
from partners.models import Partner


class PartnerSitemap(BilingualSitemap):
    def items(self):
        return Partner.objects.published().only("slug", "updated_at")

    def lastmod(self, partner):
        return partner.updated_at
