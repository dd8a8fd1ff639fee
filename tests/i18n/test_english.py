"""The English site under /en/: interface, fixed pages, language switch and fallbacks."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from stakeholders.models import Role
from tests.factories import make_group, make_office, make_page, make_statement
from tests.public_pages import PUBLIC_PAGES

# Every kind of public page and the pages of the pages app; each is asked for under /en/.
PAGES = {
    **PUBLIC_PAGES,
    "accessibility statement": lambda network: "/barrierefreiheit/",
    "barrier form": lambda network: "/barriere-melden/",
    "easy language": lambda network: "/leichte-sprache/",
    "sign language": lambda network: "/gebaerdensprache/",
    "imprint": lambda network: "/impressum/",
    "privacy": lambda network: "/datenschutz/",
}


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_english_page_is_in_english_with_a_way_back_to_german(client, network, page):
    response = client.get(f"/en{PAGES[page](network)}")
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
def test_pages_name_their_other_language_version_with_hreflang(client, network):
    path = network.partner.get_absolute_url()
    html = client.get(f"/en{path}").content.decode()
    assert f'<link rel="alternate" hreflang="de" href="http://testserver{path}">' in html
    assert f'<link rel="alternate" hreflang="en" href="http://testserver/en{path}">' in html
    assert f'hreflang="x-default" href="http://testserver{path}"' in html


@pytest.mark.django_db
def test_language_switch_keeps_the_search(client):
    html = client.get("/partner/?q=Siegel").content.decode()
    assert 'href="/en/partner/?q=Siegel" lang="en"' in html


@pytest.mark.django_db
def test_group_texts_are_shown_in_english_where_staff_gave_them(client):
    make_group(
        name="Politik und Verwaltung",
        name_en="Policy makers and public administration",
        description="Ministerien und Kommunen.",
        description_en="Ministries and local authorities.",
        role=Role.CENTRAL,
    )
    make_group(name="Nur auf Deutsch", description="Noch ohne Übersetzung.")
    response = client.get("/en/akteure/")
    assertContains(response, "Policy makers and public administration")
    assertContains(response, "Ministries and local authorities.")
    assertContains(response, "At the centre")
    assertNotContains(response, ">Politik und Verwaltung<")
    assertContains(response, '<span lang="de">Nur auf Deutsch</span>', html=True)


@pytest.mark.django_db
def test_missing_english_partner_text_shows_the_german_one_marked_as_german(client, network):
    partner = network.partner
    path = partner.get_absolute_url()
    response = client.get(f"/en{path}")
    assertContains(
        response, f'<p class="lead"><span lang="de">{partner.teaser}</span></p>', html=True
    )
    partner.teaser_en = "Rates sustainability labels for credibility."
    partner.save()
    response = client.get(f"/en{path}")
    assertContains(
        response, '<p class="lead">Rates sustainability labels for credibility.</p>', html=True
    )
    german = client.get(path)
    assertContains(german, f'<p class="lead">{partner.teaser}</p>', html=True)


@pytest.mark.django_db
def test_english_fixed_pages_have_english_texts(client):
    make_statement(non_accessible_en="Some test content is not accessible.")
    make_page("leichte-sprache", body_en="This is called: buying sustainably.")
    make_page("impressum", title_en="Legal notice", body_en="## Responsible\nThe office.")
    response = client.get("/en/barrierefreiheit/")
    assertContains(response, "<strong>partially compliant</strong>", html=True)
    assertContains(response, "Some test content is not accessible.")
    assertContains(client.get("/en/leichte-sprache/"), "This is called: buying sustainably.")
    assertContains(
        client.get("/en/datenschutz/"), "Visitors who only read these pages get no cookie."
    )
    imprint = client.get("/en/impressum/")
    assertContains(imprint, "<h1>Legal notice</h1>", html=True)
    assertContains(imprint, "<h2>Responsible</h2>", html=True)
    assertNotContains(imprint, "Text der Seite impressum")


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


@pytest.mark.django_db
def test_the_back_office_names_tags_in_german(editor_client):
    """taggit's German translation leaves its app name and model plural in English."""
    start = editor_client.get("/admin/")
    assertContains(start, "Schlagwörter")
    assertNotContains(start, "Taggit")
    tags = editor_client.get("/admin/taggit/tag/")
    assertNotContains(tags, "Taggit")
    assertNotContains(tags, ">Tags<")


@pytest.mark.django_db
def test_imprint_facts_are_labelled_in_english(client):
    make_office(
        content_responsible="Erika Muster\nStadttor 1\n40190 Düsseldorf",
        data_protection_officer="Behördlicher Datenschutz",
    )
    assertContains(client.get("/en/impressum/"), "Responsible for the content under § 18 (2) MStV")
    assertContains(client.get("/en/datenschutz/"), "Contact of the data protection officer")
