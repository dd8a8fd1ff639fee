"""The initial content of the fixed pages and the accessibility statement."""

import pytest
from django.apps import apps
from pytest_django.asserts import assertContains

from pages.models import AccessibilityStatement, Compliance, Page
from tests.initial_content import initial_pages


@pytest.mark.django_db
def test_migrate_writes_the_four_fixed_pages_in_german_and_english(seeded):
    pages = {page.slug: page for page in Page.objects.all()}
    assert set(pages) == set(Page.Slug.values)
    assert "Ministerium für Bundesangelegenheiten, Europa und Medien" in pages["impressum"].body
    assert "Ministry for Federal Affairs, Europe and Media" in pages["impressum"].body_en
    assert "Das Büro hilft Ämtern beim Einkaufen." in pages["leichte-sprache"].body
    assert "This is called: buying sustainably." in pages["leichte-sprache"].body_en
    assert "## Ihre Rechte" in pages["datenschutz"].body
    assert "Deutscher Gebärdensprache" in pages["gebaerdensprache"].body
    assert all(page.title and page.title_en for page in pages.values())


@pytest.mark.django_db
def test_migrate_writes_the_statement_after_the_eu_model(client, seeded):
    statement = AccessibilityStatement.objects.get()
    assert statement.compliance == Compliance.PARTIAL
    response = client.get("/barrierefreiheit/")
    assertContains(response, "<strong>teilweise vereinbar</strong>", html=True)
    assertContains(response, "am 27. November 2026 erstellt und zuletzt am 27. November 2026")
    assertContains(response, 'href="https://www.lbbp.nrw.de/ombudsstelle"')
    assertContains(response, "mailto:ombudsstelle-barrierefreie-it@mags.nrw.de")
    assertContains(response, "Zurzeit gibt es noch kein Video in Gebärdensprache.")
    english = client.get("/en/barrierefreiheit/")
    assertContains(english, "there is no sign language video yet")


@pytest.mark.django_db
def test_running_the_pages_migration_again_adds_nothing_and_keeps_edits(seeded):
    page = Page.objects.get(slug="impressum")
    page.body = "Von der Redaktion geändert."
    page.save()
    statement = AccessibilityStatement.objects.get()
    statement.method = "Von der Redaktion geprüft."
    statement.save()

    initial_pages.create_pages(apps, schema_editor=None)
    initial_pages.create_pages(apps, schema_editor=None)

    assert (Page.objects.count(), AccessibilityStatement.objects.count()) == (4, 1)
    page.refresh_from_db()
    statement.refresh_from_db()
    assert page.body == "Von der Redaktion geändert."
    assert statement.method == "Von der Redaktion geprüft."
