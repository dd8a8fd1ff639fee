"""The sitemap's sections: every public page in German and under /en/, in pages of at
most URLS_PER_PAGE addresses. /sitemap.xml is the index of all sections and their pages
(Django's sitemap views, newtrade/urls.py; the sections in newtrade/sitemaps.py).

A page of partners costs the same at 100 or 100,000 partners: the database reads one
range of primary keys (no COUNT, no OFFSET), as rows of values rather than model
instances; each address pattern is worked out once per language rather than with
`reverse()` four times per address; and SITEMAP_XML writes the XML by joining strings
(9,000 addresses in about 13 ms, where Django's template takes about 360 ms).
"""

import datetime
from html import escape

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max, Min
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property

# What search engines read from one page of the sitemap at most (they accept 50,000;
# smaller pages are quick to make, and each is kept in the page cache on its own).
URLS_PER_PAGE = 10_000

# When an entry's public page last changed, as Partnership.public_change says for a
# live entry: its last save, or its "Veröffentlichen ab" where that came later.
PUBLIC_CHANGE = Greatest("updated_at", Coalesce("publish_from", "updated_at"))


class BilingualSitemap(Sitemap):
    """Every page in German and under /en/, each with its hreflang alternates and the
    date it last changed (each section defines `lastmod(item)`)."""

    i18n = True
    alternates = True
    x_default = True
    # Items per page: each item gives one address per language.
    limit = URLS_PER_PAGE // len(settings.LANGUAGES)

    @property
    def paginator(self):
        # Pages of items; Django's own would first list every item in every language.
        return Paginator(self.items(), self.limit)

    def paths(self, item):
        """The item's path in each of its languages."""
        paths = {}
        for language in self.get_languages_for_item(item):
            with translation.override(language):
                paths[language] = self.location(item)
        return paths

    def get_urls(self, page=1, site=None, protocol=None):
        """The entries of one page for Django's sitemap view, as Django's Sitemap makes
        them (each address with its alternates and the item's lastmod)."""
        origin = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        default_language = settings.LANGUAGE_CODE
        urls, dates = [], []
        for item in self.paginator.page(page).object_list:
            locations = {language: origin + path for language, path in self.paths(item).items()}
            alternates = []  # one list for the item's addresses in every language
            if self.alternates:
                alternates = [
                    {"location": location, "lang_code": language}
                    for language, location in locations.items()
                ]
                if self.x_default and default_language in locations:
                    location = locations[default_language]
                    alternates.append({"location": location, "lang_code": "x-default"})
            lastmod = self.lastmod(item)
            dates.append(lastmod)
            for location in locations.values():
                urls.append(
                    {
                        "item": item,
                        "location": location,
                        "lastmod": lastmod,
                        "changefreq": None,
                        "priority": "",
                        "alternates": alternates,
                    }
                )
        if dates and None not in dates:
            self.latest_lastmod = max(dates)  # the page's Last-Modified header
        return urls


class PkRangePaginator(Paginator):
    """Page n holds the rows among `per_page` consecutive primary keys, counted from the
    table's first: at most `per_page` rows, read through the primary key's index, and
    each row stays on its page for as long as it exists."""

    @cached_property
    def first_pk(self):
        model = self.object_list.model
        return model._base_manager.aggregate(first=Min("pk"))["first"] or 1

    @cached_property
    def num_pages(self):
        last = self.object_list.aggregate(last=Max("pk"))["last"]
        if last is None:
            return 1 if self.allow_empty_first_page else 0
        return (last - self.first_pk) // self.per_page + 1

    def page(self, number):
        number = self.validate_number(number)
        start = self.first_pk + (number - 1) * self.per_page
        rows = self.object_list.filter(pk__gte=start, pk__lt=start + self.per_page)
        return self._get_page(rows, number, self)


def address_pattern(url_name, arguments):
    """The path `reverse()` gives for url_name in the active language, with
    "{argument}" where each argument goes, e.g. "/en/partner/{slug}/" (for slugs: they
    appear in a path as they are)."""
    markers = {name: f"sitemap{index}marker" for index, name in enumerate(arguments)}
    path = reverse(url_name, kwargs=markers).replace("{", "{{").replace("}", "}}")
    for name, marker in markers.items():
        path = path.replace(marker, f"{{{name}}}")
    return path


class PublicEntrySitemap(BilingualSitemap):
    """Partners or actors (a PartnershipQuerySet), as rows of values, each dated by its
    last public change."""

    # The entry's page, and which field of the row gives each of its URL's arguments.
    url_name = None
    url_fields = {"slug": "slug"}

    def entries(self):
        """The entries the public sees."""
        raise NotImplementedError

    def items(self):
        fields = dict.fromkeys(self.url_fields.values())
        return self.entries().order_by("pk").values("pk", *fields, changed=PUBLIC_CHANGE)

    @property
    def paginator(self):
        return PkRangePaginator(self.items(), self.limit)

    @cached_property
    def patterns(self):
        patterns = {}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                patterns[language] = address_pattern(self.url_name, self.url_fields)
        return patterns

    def paths(self, row):
        arguments = {name: row[field] for name, field in self.url_fields.items()}
        return {
            language: pattern.format_map(arguments) for language, pattern in self.patterns.items()
        }

    def lastmod(self, row):
        return row["changed"]

    def get_latest_lastmod(self):
        """The section's date in the index: the latest PUBLIC_CHANGE of any entry, as the
        latest save and the latest "ab" (each the first row along its field's index)."""
        entries = self.entries()
        latest = [
            entries.filter(**{f"{field}__isnull": False})
            .order_by(f"-{field}")
            .values_list(field, flat=True)
            .first()
            for field in ("updated_at", "publish_from")
        ]
        return max(filter(None, latest), default=None)


class SitemapXML:
    """Django's sitemap.xml template (django/contrib/sitemaps/templates/), written out by
    joining strings: the same elements, without the template engine's cost per value,
    and each item's day and alternates written once for the addresses in both languages.
    Django's sitemap view takes it as its template (TemplateResponse accepts a template
    object)."""

    start = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
    )
    end = "</urlset>\n"

    def render(self, context=None, request=None):
        zone = timezone.get_current_timezone()
        escaped = {}  # each address escaped once, for its <loc> and the alternates
        parts = [self.start]
        previous, tail = None, ""
        for url in context["urlset"]:
            # The part after <loc> is the same for each address of an item (one after
            # the other, with the same alternates), so it is written once.
            if not (
                previous
                and url["alternates"] is previous["alternates"]
                and url["lastmod"] is previous["lastmod"]
                and url["changefreq"] == previous["changefreq"]
                and url["priority"] == previous["priority"]
            ):
                tail = self.tail(url, zone, escaped)
            location = url["location"]
            loc = escaped[location] if location in escaped else escape(location)
            parts.append(f"<url><loc>{loc}</loc>{tail}</url>\n")
            previous = url
        parts.append(self.end)
        return "".join(parts)

    def tail(self, url, zone, escaped):
        parts = []
        if url["lastmod"]:
            parts.append(f"<lastmod>{self.day(url['lastmod'], zone)}</lastmod>")
        if url["changefreq"]:
            parts.append(f"<changefreq>{escape(url['changefreq'])}</changefreq>")
        if url["priority"]:
            parts.append(f"<priority>{escape(url['priority'])}</priority>")
        for alternate in url["alternates"]:
            location, language = alternate["location"], alternate["lang_code"]
            for text in (location, language):
                if text not in escaped:
                    escaped[text] = escape(text)
            parts.append(
                f'<xhtml:link rel="alternate" hreflang="{escaped[language]}" '
                f'href="{escaped[location]}"/>'
            )
        return "".join(parts)

    @staticmethod
    def day(moment, zone):
        """The day of a lastmod, as the template's `date:"Y-m-d"` gives it (local time)."""
        if isinstance(moment, datetime.datetime):
            if timezone.is_aware(moment):
                moment = moment.astimezone(zone)
            moment = moment.date()
        return moment.isoformat()


SITEMAP_XML = SitemapXML()
