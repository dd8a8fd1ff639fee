"""Every public page: it answers, has one h1, and carries the phone number."""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from stakeholders.models import Office

PUBLIC_URLS = [
    "/",
    "/partner/",
    "/partner/?gruppe=politik-und-verwaltung",
    "/partner/?tag=recht",
    "/partner/?q=Beschaffung&gruppe=politik-und-verwaltung",
    "/partner/kompass-nachhaltigkeit/",
    "/akteure/",
    "/akteure/wissenschaftliche-institute/",
    "/akteure/buergerinnen-und-buerger-nrw/",
    "/akteure/wissenschaftliche-institute/wuppertal-institut/",
    "/kontakt/",
    "/suche/",
    "/suche/?q=Siegel",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_page_renders_with_one_h1_and_the_phone_link(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert '<html lang="de">' in html
    assert 'href="tel:+492118371622"' in html
    assert '<a class="skip-link" href="#inhalt">' in html
    assert 'id="inhalt"' in html


class LoadedResources(HTMLParser):
    """The addresses a browser would load for a page, and the types of its scripts."""

    def __init__(self):
        super().__init__()
        self.addresses, self.script_types = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") in {"stylesheet", "icon", "preload", "modulepreload"}:
            self.addresses.append(attrs["href"])
        elif tag in {"img", "iframe", "audio", "video", "source", "embed"} and "src" in attrs:
            self.addresses.append(attrs["src"])
        elif tag == "script":
            self.script_types.append(attrs.get("type", "text/javascript"))
            if "src" in attrs:
                self.addresses.append(attrs["src"])


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_page_loads_nothing_from_another_host_and_runs_no_script(client, url):
    parser = LoadedResources()
    parser.feed(client.get(url).content.decode())
    assert parser.addresses, "a page loads at least its stylesheet"
    for address in parser.addresses:
        assert urlsplit(address).netloc == "", address
    # Only JSON-LD data blocks, which browsers never run.
    assert set(parser.script_types) <= {"application/ld+json"}


@pytest.mark.django_db
def test_unknown_page_answers_the_sites_own_404(client):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    assertions = ["Diese Seite gibt es nicht", 'href="tel:+492118371622"', "Hauptnavigation"]
    for text in assertions:
        assert text in response.content.decode()


@pytest.mark.django_db
def test_server_error_answers_the_sites_own_500_page_with_the_phone(rf):
    from newtrade.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Hier ist etwas schiefgegangen" in html
    assert 'href="tel:+492118371622"' in html


@pytest.mark.django_db
def test_uncaught_exception_renders_the_500_page(monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("newtrade.views.NetworkView.get_context_data", explode)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    assert "Hier ist etwas schiefgegangen" in response.content.decode()
    assert "boom" not in response.content.decode()


@pytest.mark.django_db
def test_pages_read_well_without_office_record(client):
    Office.objects.all().delete()
    for url in ["/", "/kontakt/"]:
        response = client.get(url)
        assert response.status_code == 200
        assert "tel:" not in response.content.decode()
    assert "Die Kontaktdaten werden gerade überarbeitet" in client.get("/kontakt/").content.decode()


@pytest.mark.django_db
def test_navigation_marks_the_current_section(client):
    html = client.get(reverse("partners:detail", args=["siegelklarheit"])).content.decode()
    assert f'<a href="{reverse("partners:list")}" aria-current="page">Partner</a>' in html
    assert html.count('aria-current="page">') == 2  # nav and breadcrumbs
