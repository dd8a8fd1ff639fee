from django.contrib.sitemaps import Sitemap


class BilingualSitemap(Sitemap):
    """Every page in German and under /en/, each with its hreflang alternates."""

    i18n = True
    alternates = True
    x_default = True
