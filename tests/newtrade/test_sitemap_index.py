"""The sitemap index /sitemap.xml and its sections: pages of at most 10,000 addresses
that together hold every public page, each page cheap to make and kept in the page cache."""

import datetime
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from django.conf import settings
from django.contrib.sites.requests import RequestSite
from django.db import connection
from django.template.loader import get_template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.sitemaps import SITEMAP_XML, URLS_PER_PAGE
from newtrade.sitemaps import SITEMAPS
from partners.models import Partner
from partners.sitemaps import PartnerSitemap
from stakeholders.models import Actor
from stakeholders.sitemaps import ActorSitemap
from tests.factories import make_actor, make_partner

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}
ORIGIN = "http://testserver"


def get_xml(client, address):
    response = client.get(address)
    assert response.status_code == 200, address
    assert response["Content-Type"] == "application/xml"
    return ET.fromstring(response.content)


def index(client):
    """(address, lastmod) of each sitemap page the index lists."""
    root = get_xml(client, "/sitemap.xml")
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    return [
        (
            entry.findtext("sm:loc", namespaces=NS).removeprefix(ORIGIN),
            entry.findtext("sm:lastmod", namespaces=NS),
        )
        for entry in root.findall("sm:sitemap", NS)
    ]


def urls_on(client, address):
    """address → (lastmod, {hreflang: alternate address}) of one sitemap page."""
    root = get_xml(client, address)
    assert root.tag == f"{{{NS['sm']}}}urlset"
    urls = {}
    for url in root.findall("sm:url", NS):
        location = url.findtext("sm:loc", namespaces=NS).removeprefix(ORIGIN)
        alternates = {
            link.get("hreflang"): link.get("href").removeprefix(ORIGIN)
            for link in url.findall("xhtml:link", NS)
        }
        assert location not in urls, location
        urls[location] = (url.findtext("sm:lastmod", namespaces=NS), alternates)
    return urls


@pytest.fixture
def small_pages(monkeypatch):
    """Three partners or actors per page, so that a few make several pages."""
    monkeypatch.setattr(PartnerSitemap, "limit", 3)
    monkeypatch.setattr(ActorSitemap, "limit", 3)


@pytest.fixture
def crowd(network, clock):
    """More partners and actors than fit on one page, and some the public doesn't see."""
    group = network.partner.group
    for n in range(8):
        make_partner(name=f"Partner {n}", group=group)
        make_actor(name=f"Akteur {n}", group=group)
    hidden = [
        make_partner(name="Noch nicht", group=group, publish_from=clock.at(days=1)),
        make_partner(name="Nicht mehr", group=group, publish_until=clock.at(days=-1)),
        make_partner(name="Nicht veröffentlicht", group=group, is_published=False),
        make_actor(name="Verborgen", group=group, is_public=False),
        make_actor(name="Akteur bald", group=group, publish_from=clock.at(days=1)),
    ]
    make_partner(name="Partner danach", group=group)  # after the hidden ones
    return [network.draft, network.hidden_actor, *hidden]


def every_page(client):
    return [address for address, _lastmod in index(client)]


@pytest.mark.django_db
def test_the_index_lists_each_section_and_each_of_its_pages_with_lastmod(
    client, small_pages, crowd
):
    entries = index(client)
    pages = Counter(address.split("?")[0] for address, _lastmod in entries)
    # The first page of a section has no ?p=; the partners and actors need several.
    assert set(pages) == {f"/sitemap-{section}.xml" for section in SITEMAPS}
    assert pages["/sitemap-pages.xml"] == pages["/sitemap-groups.xml"] == 1
    assert pages["/sitemap-partners.xml"] >= 4 and pages["/sitemap-actors.xml"] >= 3
    for section, count in pages.items():
        listed = [address for address, _lastmod in entries if address.startswith(section)]
        assert listed == [section] + [f"{section}?p={n}" for n in range(2, count + 1)]
    for _address, lastmod in entries:
        datetime.datetime.fromisoformat(lastmod)  # each page is dated by its section


@pytest.mark.django_db
def test_the_index_dates_a_section_by_its_latest_public_change(client, network):
    changed = timezone.now() + datetime.timedelta(days=3)
    Partner.objects.filter(pk=network.partner.pk).update(updated_at=changed)
    lastmods = dict(index(client))
    assert datetime.datetime.fromisoformat(lastmods["/sitemap-partners.xml"]) == changed
    assert datetime.datetime.fromisoformat(lastmods["/sitemap-actors.xml"]) < changed


@pytest.mark.django_db
def test_the_index_dates_a_section_by_when_a_scheduled_entry_appeared(client, network, clock):
    appears = clock.at(days=2)
    make_partner(name="Geplant", group=network.partner.group, publish_from=appears)
    make_actor(name="Geplant", group=network.actor.group, publish_from=clock.at(days=9))
    clock(days=3)
    lastmods = {address: datetime.datetime.fromisoformat(day) for address, day in index(client)}
    assert lastmods["/sitemap-partners.xml"] == appears  # after every save
    assert lastmods["/sitemap-actors.xml"] < appears  # not there yet


@pytest.mark.django_db
def test_every_public_entry_is_on_exactly_one_page_and_hidden_ones_on_none(
    client, small_pages, crowd
):
    seen = Counter()
    for address in every_page(client):
        urls = urls_on(client, address)
        if "partners" in address or "actors" in address:
            assert len(urls) <= 3 * len(settings.LANGUAGES)
        seen.update(list(urls))
    public = [*Partner.objects.published(), *Actor.objects.public()]
    assert len(public) == 3 + 1 + 2 * 8 + 1  # the sample's partners and actor, the crowd, one more
    for entry in public:
        url = entry.get_absolute_url()
        assert seen[url] == 1, url
        assert seen[f"/en{url}"] == 1, url
    addresses = set(seen)
    for entry in crowd:
        url = entry.get_absolute_url()
        assert url not in addresses and f"/en{url}" not in addresses, url
    assert set(seen.values()) == {1}


@pytest.mark.django_db
def test_each_address_names_its_german_and_english_alternates(client, network):
    urls = urls_on(client, "/sitemap-actors.xml")
    german = network.actor.get_absolute_url()
    alternates = {"de": german, "en": f"/en{german}", "x-default": german}
    lastmod = timezone.localdate(network.actor.public_change).isoformat()
    assert urls == {german: (lastmod, alternates), f"/en{german}": (lastmod, alternates)}
    partners = urls_on(client, "/sitemap-partners.xml")
    assert partners[f"/en{network.partner.get_absolute_url()}"][1]["en"] == (
        f"/en{network.partner.get_absolute_url()}"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("section", SITEMAPS)
def test_each_section_writes_what_djangos_sitemap_template_writes(rf, network, section):
    request = rf.get(f"/sitemap-{section}.xml")
    sitemap = SITEMAPS[section]()
    urlset = sitemap.get_urls(page=1, site=RequestSite(request), protocol="https")
    ours = ET.fromstring(SITEMAP_XML.render({"urlset": urlset}, request))
    djangos = ET.fromstring(get_template("sitemap.xml").render({"urlset": urlset}, request))

    def content(root):
        return [
            [(element.tag, sorted(element.attrib.items()), (element.text or "").strip())]
            for element in root.iter()
        ]

    assert content(ours) == content(djangos)
    assert len(urlset) >= 2


@pytest.mark.django_db
def test_an_address_with_odd_characters_is_escaped(rf):
    urlset = [
        {
            "location": "https://example.org/a?b=1&c=<2>",
            "lastmod": None,
            "changefreq": None,
            "priority": "",
            "alternates": [{"location": "https://example.org/\"'&", "lang_code": "de"}],
        }
    ]
    root = ET.fromstring(SITEMAP_XML.render({"urlset": urlset}, rf.get("/")))
    assert root.findtext("sm:url/sm:loc", namespaces=NS) == "https://example.org/a?b=1&c=<2>"
    assert root.find("sm:url/xhtml:link", NS).get("href") == "https://example.org/\"'&"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address",
    [
        "/sitemap-partners.xml?p=99",
        "/sitemap-partners.xml?p=0",
        "/sitemap-partners.xml?p=zwei",
        "/sitemap-partners.xml?p=1.5",
        "/sitemap-unbekannt.xml",
        "/sitemap-.xml",
    ],
)
def test_a_page_or_section_that_does_not_exist_is_the_sites_404_page(client, network, address):
    response = client.get(address)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert b"<urlset" not in response.content
    assert b"Traceback" not in response.content


@pytest.mark.django_db
def test_a_page_after_the_last_is_404(client, small_pages, crowd):
    last = every_page(client)[-1]
    assert last.startswith("/sitemap-partners.xml?p=")
    number = int(last.rsplit("=", 1)[1])
    assert client.get(f"/sitemap-partners.xml?p={number + 1}").status_code == 404


def test_no_page_holds_more_than_10000_addresses():
    assert URLS_PER_PAGE == 10_000
    for sitemap in SITEMAPS.values():
        assert sitemap.limit * len(settings.LANGUAGES) <= URLS_PER_PAGE


def count_queries(client, address):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


@pytest.fixture
def uncached(settings):
    """Measure the work of making a page, not the cache."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.mark.django_db
def test_a_page_needs_the_same_few_queries_for_3_and_30_entries(
    client, uncached, network, django_assert_max_num_queries
):
    group = network.partner.group
    addresses = ["/sitemap.xml", *(f"/sitemap-{section}.xml" for section in SITEMAPS)]
    small = {address: count_queries(client, address) for address in addresses}
    for n in range(30):
        make_partner(name=f"Partner {n}", group=group)
        make_actor(name=f"Akteur {n}", group=group)
    large = {address: count_queries(client, address) for address in addresses}
    assert large == small
    for section in ("partners", "actors"):
        # The page's rows in one query with the group's slug; no COUNT, no OFFSET.
        with django_assert_max_num_queries(3) as queries:
            client.get(f"/sitemap-{section}.xml")
        sql = " ".join(query["sql"] for query in queries.captured_queries)
        assert "COUNT(" not in sql and "OFFSET" not in sql


@pytest.mark.django_db
def test_each_page_is_kept_in_the_page_cache_until_content_changes(client, small_pages, crowd):
    pages = index(client)
    first = urls_on(client, "/sitemap-partners.xml")
    second = urls_on(client, "/sitemap-partners.xml?p=2")
    assert first and second and not set(first) & set(second)
    with CaptureQueriesContext(connection) as queries:
        assert index(client) == pages
        assert urls_on(client, "/sitemap-partners.xml") == first
        assert urls_on(client, "/sitemap-partners.xml?p=2") == second
    assert len(queries) == 0  # each page from the cache, each ?p= apart
    partner = make_partner(name="Ganz neu", group=crowd[0].group)
    found = Counter()
    for address in every_page(client):
        found.update(list(urls_on(client, address)))
    assert found[partner.get_absolute_url()] == 1


@pytest.mark.django_db
def test_without_partners_and_actors_their_sections_are_empty_pages(client):
    assert [address for address, _lastmod in index(client)] == [
        f"/sitemap-{section}.xml" for section in SITEMAPS
    ]
    assert urls_on(client, "/sitemap-partners.xml") == {}
    assert urls_on(client, "/sitemap-actors.xml") == {}
    assert client.get("/sitemap-partners.xml?p=2").status_code == 404
