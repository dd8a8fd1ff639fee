"""The back office: who may use it, every model listed and searchable, German list filters."""

import re

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import (
    make_contact,
    make_entry_report,
    make_partner,
)


@pytest.mark.django_db
def test_editorial_group_cannot_manage_users(editor_client, editor):
    assert not editor.has_perm("auth.change_user")
    assert editor_client.get("/admin/auth/user/").status_code == 403
    assert editor_client.get("/admin/auth/group/").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model",
    [
        "stakeholders/stakeholdergroup",
        "stakeholders/actor",
        "stakeholders/office",
        "stakeholders/contactperson",
        "partners/partner",
        "partners/entryreport",
        "taggit/tag",
    ],
)
def test_staff_can_list_and_search_every_model(admin_client, network, model):
    make_contact(network.actor, name="Nachhaltige Ansprechperson")
    make_entry_report(network.partner, problem="Nachhaltig veraltet.")
    url = f"/admin/{model}/"
    response = admin_client.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count > 0  # the rows and their columns render
    assert admin_client.get(url, {"q": "Nachhaltig"}).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("app", ["partners", "stakeholders", "pages", "taggit"])
def test_app_pages_list_their_models_without_an_empty_copy_of_the_overview(editor_client, app):
    """The app pages extend the start page's template; the overview belongs to the start
    page alone (an empty copy of it said "Alle Einträge sind aktuell bestätigt")."""
    make_partner(name="Noch nie geprüft")
    response = editor_client.get(f"/admin/{app}/")
    assert response.status_code == 200
    assertNotContains(response, "Fällige Schritte")
    assertNotContains(response, "Alle Einträge sind aktuell bestätigt")
    assertContains(response, f'href="/admin/{app}/')


FILTER_HEADINGS = {
    "partners/partner": [
        "Stand der Partnerschaft",
        "Fälligkeit",
        "Zuständigkeit",
        "Linkprüfung",
        "Veröffentlichung",
        "Zeitplan",
        "Stand des Angebots",
        "Akteursgruppe",
        "Schlagwort",
    ],
    "stakeholders/actor": [
        "Stand der Partnerschaft",
        "Fälligkeit",
        "Zuständigkeit",
        "Linkprüfung",
        "Sichtbarkeit",
        "Zeitplan",
        "Akteursgruppe",
    ],
    "stakeholders/stakeholdergroup": ["Rolle im Netzwerk"],
    "partners/entryreport": ["Bearbeitungsstand", "Eingangsdatum"],
    "pages/barrierreport": ["Bearbeitungsstand", "Antwortdatum", "Eingangsdatum"],
}


@pytest.mark.django_db
@pytest.mark.parametrize("model", FILTER_HEADINGS)
def test_list_filters_read_as_german_phrases(editor_client, network, model):
    """Django heads each filter "Nach <name of the field>" ("Nach veröffentlicht")."""
    make_entry_report(network.partner)
    html = editor_client.get(f"/admin/{model}/").content.decode()
    headings = [" ".join(h.split()) for h in re.findall(r"<summary>(.*?)</summary>", html, re.S)]
    assert headings == [f"Nach {title}" for title in FILTER_HEADINGS[model]]


# --- The start page: what staff do most first, short on a fresh install ----------------
