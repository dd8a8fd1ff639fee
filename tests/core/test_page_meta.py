"""What search engines and link previews read: JSON-LD, canonical links, Open Graph."""

import json
from html.parser import HTMLParser

import pytest

from stakeholders.models import Role
from tests.factories import PUBLISHED_OFFICE, make_group, make_office, make_partner
from tests.public_pages import PUBLIC_PAGES


class HeadData(HTMLParser):
    """The JSON-LD blocks, the canonical link, the meta properties and the breadcrumbs."""

    def __init__(self):
        super().__init__()
        self.json_ld, self.meta, self.canonical = [], {}, None
        self.breadcrumb_links = []
        self._in_json_ld = self._in_breadcrumbs = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs["href"]
        elif tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta[attrs.get("property") or attrs["name"]] = attrs["content"]
        elif tag == "nav" and attrs.get("class") == "breadcrumbs":
            self._in_breadcrumbs = True
        elif tag == "a" and self._in_breadcrumbs:
            self.breadcrumb_links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_ld = False
        elif tag == "nav":
            self._in_breadcrumbs = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data

    def of_type(self, schema_type):
        return [item for item in map(json.loads, self.json_ld) if item["@type"] == schema_type]


def head_data(client, url):
    parser = HeadData()
    parser.feed(client.get(url).content.decode())
    return parser


@pytest.mark.django_db
@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_every_page_describes_the_office_with_address_and_phone(client, network, page):
    make_office(**PUBLISHED_OFFICE, email="")
    data = head_data(client, PUBLIC_PAGES[page](network))
    [office] = data.of_type("Organization")[:1]
    assert office["@context"] == "https://schema.org"
    assert office["name"] == "newtrade nrw, Büro für Nachhaltige Beschaffung"
    assert office["url"] == "http://testserver/"
    assert office["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Stadttor 1",
        "postalCode": "40190",
        "addressLocality": "Düsseldorf",
        "addressRegion": "Nordrhein-Westfalen",
        "addressCountry": "DE",
    }
    assert office["contactPoint"]["@type"] == "ContactPoint"
    assert office["contactPoint"]["telephone"] == "+492118371622"
    assert "email" not in office  # none stored, none invented


@pytest.mark.django_db
def test_office_with_an_email_address_is_described_with_it(client):
    make_office(email="buero@example.org")
    [office] = head_data(client, "/kontakt/").of_type("Organization")
    assert office["email"] == "buero@example.org"
    assert office["contactPoint"]["email"] == "buero@example.org"


@pytest.mark.django_db
@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_every_page_has_a_canonical_link_and_open_graph_tags(client, network, page):
    url = PUBLIC_PAGES[page](network)
    data = head_data(client, url)
    if url.startswith("/suche/?q="):  # result pages are not for search engines
        assert data.meta["robots"] == "noindex"
        assert data.canonical is None
    else:
        assert data.canonical == "http://testserver" + url.split("?")[0]
        assert "robots" not in data.meta
    assert data.meta["og:url"] == "http://testserver" + url.split("?")[0]
    assert data.meta["og:title"]
    assert data.meta["og:description"]
    assert data.meta["og:locale"] == "de_DE"


@pytest.mark.django_db
def test_canonical_link_of_a_list_keeps_the_page_number_unless_filtered(client):
    for n in range(21):
        make_partner(name=f"Angebot {n:02d}")
    assert head_data(client, "/partner/?page=2").canonical == "http://testserver/partner/?page=2"
    assert head_data(client, "/partner/?page=2&q=").canonical == "http://testserver/partner/?page=2"
    filtered = head_data(client, "/partner/?q=Angebot&page=2")
    assert filtered.canonical == "http://testserver/partner/"


@pytest.mark.django_db
def test_partner_page_describes_the_partner(client, network):
    partner = network.partner
    data = head_data(client, partner.get_absolute_url())
    [described] = data.of_type("WebSite")
    assert described["name"] == partner.name
    assert described["url"] == partner.website
    assert described["mainEntityOfPage"] == f"http://testserver{partner.get_absolute_url()}"
    assert described["publisher"]["@type"] == "Organization"
    assert described["publisher"]["name"] == partner.operator
    assert "Gütezeichen" in described["keywords"]
    assert data.meta["og:title"] == partner.name


@pytest.mark.django_db
def test_partner_without_website_is_described_as_a_creative_work(client):
    partner = make_partner(website="", operator="")
    data = head_data(client, partner.get_absolute_url())
    [described] = data.of_type("CreativeWork")
    assert described["url"] == f"http://testserver{partner.get_absolute_url()}"
    assert "publisher" not in described


@pytest.mark.django_db
def test_actor_page_describes_the_actor_as_an_organization(client, network):
    data = head_data(client, network.actor.get_absolute_url())
    office, actor = data.of_type("Organization")
    assert office["name"] == network.office.full_name
    assert actor["name"] == network.actor.name
    assert actor["mainEntityOfPage"] == f"http://testserver{network.actor.get_absolute_url()}"


@pytest.fixture
def institute(db):
    """An actor in a group, with the names the breadcrumbs show."""
    from tests.factories import make_actor

    group = make_group(name="Wissenschaftliche Institute", role=Role.EXPERTISE)
    return make_actor(name="Wuppertal Institut für Klima, Umwelt, Energie", group=group)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("page", "names"),
    [
        (lambda actor, partner: "/partner/", ["Das Netzwerk", "Partner"]),
        (lambda actor, partner: "/akteure/", ["Das Netzwerk", "Akteure"]),
        (lambda actor, partner: "/kontakt/", ["Das Netzwerk", "Kontakt"]),
        (lambda actor, partner: "/suche/", ["Das Netzwerk", "Suche"]),
        (
            lambda actor, partner: partner.get_absolute_url(),
            ["Das Netzwerk", "Partner", "Siegelklarheit"],
        ),
        (
            lambda actor, partner: actor.group.get_absolute_url(),
            ["Das Netzwerk", "Akteure", "Wissenschaftliche Institute"],
        ),
        (
            lambda actor, partner: actor.get_absolute_url(),
            [
                "Das Netzwerk",
                "Akteure",
                "Wissenschaftliche Institute",
                "Wuppertal Institut für Klima, Umwelt, Energie",
            ],
        ),
    ],
    ids=["partners", "groups", "contact", "search", "partner", "group", "actor"],
)
def test_list_and_detail_pages_carry_a_breadcrumb_list(client, institute, page, names):
    partner = make_partner(name="Siegelklarheit")
    data = head_data(client, page(institute, partner))
    [breadcrumbs] = data.of_type("BreadcrumbList")
    items = breadcrumbs["itemListElement"]
    assert [item["name"] for item in items] == names
    assert [item["position"] for item in items] == list(range(1, len(names) + 1))
    assert all(item["@type"] == "ListItem" for item in items)
    assert items[0]["item"] == "http://testserver/"
    assert items[-1]["item"] == data.canonical
    if len(names) > 2:  # detail pages show the same trail
        visible = ["http://testserver" + href for href in data.breadcrumb_links]
        assert visible == [item["item"] for item in items[:-1]]


@pytest.mark.django_db
def test_json_ld_survives_text_that_would_end_the_script(client):
    partner = make_partner(name="</script><script>alert(1)</script>", teaser="a & b < c")
    html = client.get(partner.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    data = head_data(client, partner.get_absolute_url())
    [described] = data.of_type("CreativeWork")
    assert described["name"] == "</script><script>alert(1)</script>"
    assert described["description"] == "a & b < c"
