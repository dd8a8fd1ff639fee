"""The head of every page: title, description, canonical link or noindex, hreflang alternates.

base.html declares the head once; each page passes its title, description and
noindex through its view's context.
"""

from html.parser import HTMLParser

import pytest
from django.db import DatabaseError
from django.test import Client

from tests.factories import make_group, make_partner

SITE_DESCRIPTION = (
    "newtrade nrw, das Büro für Nachhaltige Beschaffung in Nordrhein-Westfalen, "
    "und sein Netzwerk für eine nachhaltige öffentliche Beschaffung."
)


class Head(HTMLParser):
    """What a page's <head> says about it: its title, meta tags and links."""

    def __init__(self, html):
        super().__init__()
        self.title, self.meta, self.links = "", {}, []
        self._in_head = self._in_title = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "head":
            self._in_head = True
        elif self._in_head and tag == "title":
            self._in_title = True
        elif self._in_head and tag == "meta" and ("name" in attrs or "property" in attrs):
            self.meta[attrs.get("name") or attrs["property"]] = attrs["content"]
        elif self._in_head and tag == "link":
            self.links.append(attrs)

    def handle_endtag(self, tag):
        if tag == "head":
            self._in_head = False
        elif tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    @property
    def canonical(self):
        return [link["href"] for link in self.links if link["rel"] == "canonical"]

    @property
    def alternates(self):
        """The hreflang alternates: language → address."""
        return {
            link["hreflang"]: link["href"]
            for link in self.links
            if link["rel"] == "alternate" and "hreflang" in link
        }


def head(response):
    return Head(response.content.decode())


# page: (its address, or how to find it in the SampleNetwork; title; description)
INDEXABLE = {
    "home": ("/", "Das Netzwerk", SITE_DESCRIPTION),
    "partner list": (
        "/partner/",
        "Partnerangebote",
        "Partnerangebote mit Informationen und Hilfe zur nachhaltigen öffentlichen Beschaffung, "
        "nach Akteursgruppe und Schlagwort gefiltert.",
    ),
    "partner": (
        lambda n: n.partner.get_absolute_url(),
        "Testportal Siegel",
        "Vergleicht Gütezeichen für die Beschaffung.",
    ),
    "groups": (
        "/akteure/",
        "Akteure im Netzwerk",
        "Die Akteursgruppen im Netzwerk von newtrade nrw und ihre Rolle für eine nachhaltige "
        "öffentliche Beschaffung.",
    ),
    "group": (
        lambda n: n.actor.group.get_absolute_url(),
        "Gruppe Im Mittelpunkt",
        "Eine Gruppe für Tests.",
    ),
    "actor": (
        lambda n: n.actor.get_absolute_url(),
        "Testamt Düsseldorf",
        "Testamt Düsseldorf im Netzwerk von newtrade nrw",
    ),
    "contact": (
        "/kontakt/",
        "Kontakt",
        "So erreichen Sie newtrade nrw, das Büro für Nachhaltige Beschaffung: "
        "Telefon und Anschrift.",
    ),
    "search form": (
        "/suche/",
        "Suche",
        "Suchen Sie in den Partnerangeboten und bei den Akteuren im Netzwerk von newtrade nrw.",
    ),
    "imprint": ("/impressum/", "Impressum", SITE_DESCRIPTION),
    "privacy": (
        "/datenschutz/",
        "Datenschutzerklärung",
        "Welche Daten diese Website verarbeitet: keine Cookies beim Lesen, kein Tracking, "
        "keine Inhalte Dritter.",
    ),
    "accessibility statement": (
        "/barrierefreiheit/",
        "Erklärung zur Barrierefreiheit",
        "Wie barrierefrei die Website von newtrade nrw ist, was noch fehlt und wie Sie "
        "Barrieren melden.",
    ),
    "barrier form": (
        "/barriere-melden/",
        "Barriere melden",
        "Melden Sie uns Barrieren auf dieser Website: mit einem kurzen Formular, Name und "
        "E-Mail-Adresse freiwillig.",
    ),
    "easy language": (
        "/leichte-sprache/",
        "Leichte Sprache",
        "Informationen über newtrade nrw und diese Internet-Seite in Leichter Sprache.",
    ),
    "sign language": (
        "/gebaerdensprache/",
        "Gebärdensprache",
        "Informationen über newtrade nrw in Deutscher Gebärdensprache.",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "title", "description"), INDEXABLE.values(), ids=INDEXABLE)
def test_indexable_page_names_itself_and_links_its_canonical_and_language_versions(
    client, network, url, title, description
):
    path = url(network) if callable(url) else url
    response = client.get(path)
    assert response.status_code == 200
    page = head(response)
    assert page.title == f"{title} – newtrade nrw"
    assert page.meta["og:title"] == title
    assert page.meta["description"] == page.meta["og:description"] == description
    assert "robots" not in page.meta
    assert page.canonical == [f"http://testserver{path}"] == [page.meta["og:url"]]
    assert page.alternates == {
        "de": f"http://testserver{path}",
        "en": f"http://testserver/en{path}",
        "x-default": f"http://testserver{path}",
    }


def csrf_refused(path):
    return Client(enforce_csrf_checks=True).post(path, {"q": "Siegel"})


def failing(monkeypatch, error):
    def explode(*args, **kwargs):
        raise error

    monkeypatch.setattr("newtrade.views.NetworkView.get_context_data", explode)
    return Client(raise_request_exception=False).get("/")


# page: (how to get it, its status, its title)
NOINDEX = {
    "404": (lambda client, n, mp: client.get("/gibt-es-nicht/"), 404, "Seite nicht gefunden"),
    "search results": (
        lambda client, n, mp: client.get("/suche/?q=Siegel"),
        200,
        "Suche nach „Siegel“",
    ),
    "entry report form": (
        lambda client, n, mp: client.get(f"{n.partner.get_absolute_url()}melden/"),
        200,
        "Eintrag „Testportal Siegel“ melden",
    ),
    "entry report thanks": (
        lambda client, n, mp: client.get(f"{n.partner.get_absolute_url()}melden/danke/"),
        200,
        "Vielen Dank für Ihre Meldung",
    ),
    "barrier report thanks": (
        lambda client, n, mp: client.get("/barriere-melden/danke/"),
        200,
        "Vielen Dank für Ihre Meldung",
    ),
    "400": (
        lambda client, n, mp: client.post("/barriere-melden/", {"message": "x" * 2_100_000}),
        400,
        "Ungültige Anfrage",
    ),
    "403 csrf": (lambda client, n, mp: csrf_refused("/suche/"), 403, "Formular abgelaufen"),
    "500": (lambda client, n, mp: failing(mp, RuntimeError("boom")), 500, "Technischer Fehler"),
    "503": (
        lambda client, n, mp: failing(mp, DatabaseError("down")),
        503,
        "Vorübergehend nicht erreichbar",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize(("get", "status", "title"), NOINDEX.values(), ids=NOINDEX)
def test_noindex_page_has_no_canonical_and_no_language_alternates(
    client, network, monkeypatch, get, status, title
):
    response = get(client, network, monkeypatch)
    assert response.status_code == status
    page = head(response)
    assert page.title == f"{title} – newtrade nrw"
    assert page.meta["og:title"] == title
    assert page.meta["description"] == page.meta["og:description"] == SITE_DESCRIPTION
    assert page.meta["robots"] == "noindex"
    assert page.canonical == []
    assert page.alternates == {}


@pytest.mark.django_db
def test_expired_barrier_form_keeps_its_own_head(network):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/barriere-melden/", {"message": "Der Kontrast ist zu schwach."})
    assert response.status_code == 403
    page = head(response)
    assert page.title == "Barriere melden – newtrade nrw"
    assert page.meta["description"].startswith("Melden Sie uns Barrieren auf dieser Website")
    assert page.alternates["en"] == "http://testserver/en/barriere-melden/"


@pytest.mark.django_db
def test_later_pages_of_a_list_carry_their_number_in_title_and_canonical(client):
    group = make_group()
    for n in range(21):
        make_partner(name=f"Angebot {n:02d}", group=group)
    page = head(client.get("/partner/?page=2"))
    assert page.title == "Partnerangebote – Seite 2 – newtrade nrw"
    assert page.meta["og:title"] == "Partnerangebote"
    assert page.canonical == ["http://testserver/partner/?page=2"]
    results = head(client.get("/suche/?q=Angebot&page=2"))
    assert results.title == "Suche nach „Angebot“ – Seite 2 – newtrade nrw"


@pytest.mark.django_db
def test_title_escapes_what_a_visitor_or_editor_typed_once(client, network):
    response = client.get("/suche/", {"q": "<b>Siegel & Co"})
    html = response.content.decode()
    assert "<title>Suche nach „&lt;b&gt;Siegel &amp; Co“ – newtrade nrw</title>" in html
    assert '<meta property="og:title" content="Suche nach „&lt;b&gt;Siegel &amp; Co“">' in html
    partner = make_partner(name="Müller & Söhne", teaser="Glas & Stein")
    html = client.get(partner.get_absolute_url()).content.decode()
    assert "<title>Müller &amp; Söhne – newtrade nrw</title>" in html
    assert '<meta name="description" content="Glas &amp; Stein">' in html


@pytest.mark.django_db
def test_english_page_has_english_title_description_and_locale(client, network):
    network.partner.teaser_en = "Compares labels for procurement."
    network.partner.save()
    partner_path = network.partner.get_absolute_url()
    page = head(client.get("/en/partner/"))
    assert page.title == "Partner resources – newtrade nrw"
    assert page.meta["og:locale"] == "en_GB"
    assert page.canonical == ["http://testserver/en/partner/"]
    detail = head(client.get(f"/en{partner_path}"))
    assert detail.meta["description"] == "Compares labels for procurement."
    missing = head(client.get("/en/gibt-es-nicht/"))
    assert missing.title == "Page not found – newtrade nrw"


@pytest.mark.django_db
def test_long_group_description_is_cut_to_160_characters(client):
    group = make_group(description="Wort " * 60)
    description = head(client.get(group.get_absolute_url())).meta["description"]
    assert len(description) == 160
    assert description.endswith("…")
