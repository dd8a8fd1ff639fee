"""The English site under /en/: interface, fixed pages, language switch and fallbacks."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from partners.models import Partner
from tests.test_pages import PUBLIC_URLS

ENGLISH_URLS = [f"/en{url}" for url in PUBLIC_URLS] + [
    "/en/barrierefreiheit/",
    "/en/barriere-melden/",
    "/en/leichte-sprache/",
    "/en/gebaerdensprache/",
    "/en/impressum/",
    "/en/datenschutz/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ENGLISH_URLS)
def test_english_page_is_in_english_with_a_way_back_to_german(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Skip to content" in html
    assert 'aria-label="Main navigation"' in html
    assert 'lang="de" hreflang="de">Deutsch</a>' in html
    for german in ["Zum Inhalt springen", "Hauptnavigation", "Suchbegriff", "Weitere Seiten"]:
        assert german not in html


@pytest.mark.django_db
def test_german_root_stays_german_for_english_browsers(client):
    response = client.get("/", headers={"accept-language": "en"})
    assert response.status_code == 200
    assertContains(response, '<html lang="de">')
    assertContains(response, 'href="/en/" lang="en" hreflang="en">English</a>', html=False)


@pytest.mark.django_db
def test_pages_name_their_other_language_version_with_hreflang(client):
    html = client.get("/en/partner/siegelklarheit/").content.decode()
    assert (
        '<link rel="alternate" hreflang="de" href="http://testserver/partner/siegelklarheit/">'
        in html
    )
    assert (
        '<link rel="alternate" hreflang="en" href="http://testserver/en/partner/siegelklarheit/">'
        in html
    )
    assert 'hreflang="x-default" href="http://testserver/partner/siegelklarheit/"' in html


@pytest.mark.django_db
def test_language_switch_keeps_the_search(client):
    html = client.get("/partner/?q=Siegel").content.decode()
    assert 'href="/en/partner/?q=Siegel" lang="en"' in html


@pytest.mark.django_db
def test_group_texts_are_shown_in_english_where_staff_gave_them(client):
    response = client.get("/en/akteure/")
    assertContains(response, "Policy makers and public administration")
    assertContains(response, "At the centre")
    assertNotContains(response, ">Politik und Verwaltung<")


@pytest.mark.django_db
def test_missing_english_partner_text_shows_the_german_one_marked_as_german(client):
    partner = Partner.objects.get(slug="siegelklarheit")
    response = client.get("/en/partner/siegelklarheit/")
    assertContains(
        response, f'<p class="lead"><span lang="de">{partner.teaser}</span></p>', html=True
    )
    partner.teaser_en = "Rates sustainability labels for credibility."
    partner.save()
    response = client.get("/en/partner/siegelklarheit/")
    assertContains(
        response, '<p class="lead">Rates sustainability labels for credibility.</p>', html=True
    )
    german = client.get("/partner/siegelklarheit/")
    assertContains(german, f'<p class="lead">{partner.teaser}</p>', html=True)


@pytest.mark.django_db
def test_english_fixed_pages_have_english_texts(client):
    assertContains(
        client.get("/en/barrierefreiheit/"), "<strong>partially compliant</strong>", html=True
    )
    assertContains(client.get("/en/leichte-sprache/"), "This is called: buying sustainably.")
    assertContains(
        client.get("/en/datenschutz/"), "Visitors who only read these pages get no cookie."
    )
    assertContains(client.get("/en/impressum/"), "Ministry for Federal Affairs, Europe and Media")


@pytest.mark.django_db
def test_english_form_errors_are_in_english(client):
    response = client.post("/en/barriere-melden/", {"page": "", "message": ""})
    assertContains(response, "Please tell us on which page the barrier is.")
    assertContains(response, "Please describe the barrier.")


@pytest.mark.django_db
def test_english_search_and_filters_speak_english(client):
    assertContains(client.get("/en/suche/", {"q": "!!!"}), "Please enter at least one word")
    response = client.get("/en/partner/", {"gruppe": "gibt-es-nicht"})
    assertContains(response, "This stakeholder group does not exist.")
    assertContains(response, "0 resources match your selection.")
