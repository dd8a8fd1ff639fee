"""The guide for staff inside the back office ("Hilfe", /admin/hilfe/)."""

import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from tests.factories import make_barrier_report, make_entry_report, make_staff

# Not about the second pair of eyes (tests/core/test_release*.py): saves go live.
pytestmark = pytest.mark.usefixtures("four_eyes_off")

HELP = "/admin/hilfe/"


def links(html):
    hrefs = {href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', html)}
    return sorted(h for h in hrefs if h.startswith(("/admin/", "#")) and "logout" not in h)


def test_help_has_its_admin_address():
    assert reverse("admin:help") == HELP


@pytest.mark.django_db
def test_help_needs_a_staff_login(client):
    assertRedirects(client.get(HELP), f"/admin/login/?next={HELP}")


@pytest.mark.django_db
def test_help_describes_the_daily_jobs_in_german_with_breadcrumbs(editor_client):
    response = editor_client.get(HELP)
    assert response.status_code == 200
    assertContains(response, "<title>Hilfe für das Backoffice | newtrade nrw Backoffice</title>")
    assertContains(response, '<div class="breadcrumbs">')
    assertContains(response, '<a href="/admin/">Start</a> &rsaquo; Hilfe')
    for heading in [
        "Einen Partner anlegen und veröffentlichen",
        "Fällige Schritte",
        "Meldungen bearbeiten",
        "Einträge aktuell halten",
        "Eine frühere Fassung wiederherstellen",
        "Die festen Seiten und die Daten des Büros",
    ]:
        assertContains(response, f">{heading}</h2>")
    assertNotContains(response, "manage.py")


@pytest.mark.django_db
def test_start_page_and_every_header_link_to_the_help(editor_client):
    html = editor_client.get("/admin/").content.decode()
    header = re.search(r'<div id="user-tools">.*?</div>', html, re.S).group(0)
    assert f'<a href="{HELP}">Hilfe</a>' in header
    content = html[html.index('<div class="overview">') :]
    assert f'href="{HELP}"' in content
    help_header = editor_client.get(HELP).content.decode()
    assert f'<a href="{HELP}" aria-current="page">Hilfe</a>' in help_header
    for elsewhere in ["/admin/partners/partner/", "/admin/partners/partner/add/"]:
        html = editor_client.get(elsewhere).content.decode()
        header = re.search(r'<div id="user-tools">.*?</div>', html, re.S).group(0)
        assert f'<a href="{HELP}">Hilfe</a>' in header, elsewhere


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changelist", "actions"),
    [
        (
            "/admin/partners/partner/",
            [
                "Ausgewählte veröffentlichen",
                "Ausgewählte verbergen",
                "Als geprüft markieren (Stand: heute)",
                "Links jetzt prüfen",
            ],
        ),
        ("/admin/partners/entryreport/", ["Als erledigt markieren"]),
        ("/admin/pages/barrierreport/", ["Als erledigt markieren"]),
    ],
)
def test_help_names_the_actions_as_the_lists_offer_them(
    editor_client, network, changelist, actions
):
    """The guide quotes each action's label; the list's action menu has exactly these."""
    make_entry_report(network.partner)
    make_barrier_report()  # a list shows its actions once it has a row
    guide = editor_client.get(HELP).content.decode()
    offered = editor_client.get(changelist).content.decode()
    for action in actions:
        assert f"„{action}“" in guide
        assert re.search(rf"<option [^>]*>{re.escape(action)}</option>", offered), action


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["superuser", "Redaktion"])
def test_every_link_in_the_help_works_for_every_role(client, role):
    user = make_staff(group=None, is_superuser=True) if role == "superuser" else make_staff()
    client.force_login(user)
    html = client.get(HELP).content.decode()
    found = links(html)
    assert len(found) > 6
    for link in found:
        if link.startswith("#"):
            assert f'id="{link[1:]}"' in html, link
        else:
            assert client.get(link).status_code == 200, link


@pytest.mark.django_db
def test_the_help_page_header_links_to_the_help_once(editor_client):
    html = editor_client.get(HELP).content.decode()
    header = re.search(r'<div id="user-tools">.*?</div>', html, re.S).group(0)
    assert header.count(f'href="{HELP}"') == 1


def test_help_explains_the_sign_in_with_the_configured_limits(editor_client, settings):
    settings.ADMIN_SESSION_HOURS = 1
    settings.ADMIN_SESSION_IDLE_MINUTES = 30
    response = editor_client.get("/admin/hilfe/")
    assertContains(response, '<a href="#anmelden">Anmelden: Passwort und zweiter Faktor</a>')
    text = " ".join(response.content.decode().split())
    assert "Nach 5 falschen Passwörtern für denselben Benutzernamen" in text
    assert "für 15 Minuten gesperrt" in text
    assert "Die Sitzung endet 1 Stunde nach dem Anmelden und nach 30 Minuten ohne Klick" in text


def test_help_explains_the_release_when_four_eyes_are_on(editor_client, settings):
    settings.FOUR_EYES = True
    settings.RELEASE_OVERDUE_DAYS = 5
    text = " ".join(editor_client.get("/admin/hilfe/").content.decode().split())
    assert '<a href="#freigabe">Freigabe: Änderungen prüfen lassen</a>' in text
    assert '<h2 id="freigabe">' in text
    assert "Zum Veröffentlichen „Zur Freigabe einreichen“ wählen." in text
    assert "Was länger als 5 Tage wartet, ist als „überfällig“ markiert." in text


def test_help_leaves_the_release_out_for_a_one_person_office(editor_client):
    text = editor_client.get("/admin/hilfe/").content.decode()
    assert 'id="freigabe"' not in text and "Zur Freigabe einreichen" not in text


@pytest.mark.django_db
def test_help_explains_reminders_and_who_is_responsible(editor_client):
    response = editor_client.get(HELP)
    assertContains(
        response, '<a href="#erinnerungen">Erinnerungen und Zuständigkeit</a>', html=True
    )
    assertContains(response, '<h2 id="erinnerungen">Erinnerungen und Zuständigkeit</h2>', html=True)
    assertContains(response, "„Meine fälligen Schritte“")
    assertContains(response, "„mir zugewiesen“")
    assertContains(response, "Ist nichts fällig, kommt keine E-Mail.")
