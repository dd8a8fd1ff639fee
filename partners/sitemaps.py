from core.sitemaps import PublicEntrySitemap
from partners.models import Partner


class PartnerSitemap(PublicEntrySitemap):
    """Every published partner, ended ones too (their page says so)."""

    url_name = "partners:detail"

    def entries(self):
        return Partner.objects.published()
