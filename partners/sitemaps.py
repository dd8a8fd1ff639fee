from partners.models import Partner
from stakeholders.sitemaps import BilingualSitemap


class PartnerSitemap(BilingualSitemap):
    def items(self):
        return Partner.objects.published().only("slug", "updated_at")

    def lastmod(self, partner):
        return partner.updated_at
