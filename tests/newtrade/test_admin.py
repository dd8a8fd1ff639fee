"""The back office's start page: the overview of the network, and who may use the site."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from newtrade.overview import GrowthChart, counts_per_group, counts_per_status, follow_ups
from stakeholders.models import PartnershipStatus
from tests.factories import make_actor, make_contact, make_entry_report, make_group, make_partner


@pytest.mark.django_db
def test_overview_shows_counts_follow_ups_and_growth_chart(admin_client):
    group = make_group(name="Gruppe im Überblick")
    make_actor(
        name="Fälliger Akteur",
        group=group,
        next_step="Rückruf",
        next_step_due=timezone.localdate() - datetime.timedelta(days=1),
        partnership_since=timezone.localdate().replace(day=1),
        partnership_status=PartnershipStatus.ACTIVE,
        last_reviewed=timezone.localdate(),  # so that only the follow-ups name it
    )
    make_partner(
        name="Später fällig",
        next_step="Anruf",
        next_step_due=datetime.date(2099, 1, 1),
        last_reviewed=timezone.localdate(),
    )
    response = admin_client.get("/admin/")
    assertContains(response, "Fälliger Akteur")
    assertContains(response, "<td>Rückruf</td>", html=True)
    assertContains(response, "(überfällig)")
    assertNotContains(response, "Später fällig")
    assertContains(response, "Netzwerk nach Gruppen")
    assertContains(
        response,
        '<tr><td>Gruppe im Überblick</td><td class="num">1</td><td class="num">0</td></tr>',
        html=True,
    )
    assertContains(
        response, '<tr><td>aktiv</td><td class="num">1</td><td class="num">0</td></tr>', html=True
    )
    assertContains(response, 'role="img"')
    assertContains(response, '<title id="growth-title">')
    assertContains(response, "wurde 1 Partnerschaft")
    assertContains(response, "1 Eintrag hat noch kein Datum")  # the partner


@pytest.mark.django_db
def test_overview_reads_well_for_an_empty_network(admin_client):
    response = admin_client.get("/admin/")
    assertContains(response, "In den nächsten 14 Tagen ist kein Schritt fällig.")
    assertContains(response, "Keine offenen Meldungen.")
    assertContains(response, "Alle Einträge sind aktuell bestätigt.")
    assertContains(response, "wurden 0 Partnerschaften")


@pytest.mark.django_db
def test_counts_per_group_and_status_count_actors_and_partners_of_every_state():
    group = make_group()
    make_actor(group=group, is_public=False, partnership_status=PartnershipStatus.IN_TALKS)
    make_partner(group=group, is_published=False, partnership_status=PartnershipStatus.IN_TALKS)
    make_partner(group=group, partnership_status=PartnershipStatus.ENDED)
    empty = make_group()
    rows = {g: (actors, partners) for g, actors, partners in counts_per_group()}
    assert rows[group] == (1, 2)
    assert rows[empty] == (0, 0)
    statuses = {label: (actors, partners) for label, actors, partners in counts_per_status()}
    assert statuses["im Gespräch"] == (1, 1)
    assert statuses["beendet"] == (0, 1)
    assert list(statuses) == [label for _value, label in PartnershipStatus.choices]


@pytest.mark.django_db
def test_follow_ups_are_sorted_across_actors_and_partners():
    today = datetime.date(2026, 11, 27)
    later = make_partner(next_step="B", next_step_due=datetime.date(2026, 12, 5))
    sooner = make_actor(next_step="A", next_step_due=datetime.date(2026, 11, 1))
    make_partner(next_step="C", next_step_due=datetime.date(2027, 3, 1))
    assert follow_ups(today) == [sooner, later]


@pytest.mark.django_db
def test_growth_chart_counts_partnerships_per_month():
    today = datetime.date(2026, 11, 27)
    make_partner(partnership_since=datetime.date(2026, 11, 2))
    make_actor(partnership_since=datetime.date(2026, 11, 20))
    make_partner(partnership_since=datetime.date(2026, 1, 15))
    make_partner(partnership_since=datetime.date(2025, 11, 30))  # outside the 12 months
    make_actor()  # no date yet
    chart = GrowthChart(months=12, today=today)
    counts = {bar.month: bar.count for bar in chart.bars}
    assert chart.bars[0].month == datetime.date(2025, 12, 1)
    assert counts[datetime.date(2026, 11, 1)] == 2
    assert counts[datetime.date(2026, 1, 1)] == 1
    assert chart.total == 3
    assert chart.undated == 1
    tallest = max(chart.bars, key=lambda bar: bar.height)
    assert tallest.month == datetime.date(2026, 11, 1)
    assert tallest.y == chart.top


@pytest.mark.django_db
def test_overview_lists_deleted_entries_with_the_link_to_restore_them(admin_client):
    partner = make_partner(name="Gelöschtes Angebot")
    actor = make_actor(name="Gelöschter Akteur")
    make_partner(name="Bleibendes Angebot")
    for model, entry in [("partners_partner", partner), ("stakeholders_actor", actor)]:
        admin_client.post(reverse(f"admin:{model}_delete", args=[entry.pk]), {"post": "yes"})
    overview = admin_client.get("/admin/")
    assertContains(overview, "Zuletzt gelöscht")
    for model, entry in [("partners_partner", partner), ("stakeholders_actor", actor)]:
        assertContains(overview, f"„{entry.name}“, gelöscht am")
        assertContains(overview, reverse(f"admin:{model}_history", args=[entry.pk]))
    deleted = [(record.name, kind) for record, kind, _url in overview.context["deleted"]]
    assert deleted == [("Gelöschter Akteur", "Akteur"), ("Gelöschtes Angebot", "Partner")]


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


@pytest.mark.django_db
def test_start_page_names_no_command_for_staff(editor_client):
    response = editor_client.get("/admin/")
    assertContains(response, "Fällige Schritte")
    assertNotContains(response, "manage.py")


FILTER_HEADINGS = {
    "partners/partner": [
        "Stand der Partnerschaft",
        "Fälligkeit",
        "Linkprüfung",
        "Veröffentlichung",
        "Stand des Angebots",
        "Akteursgruppe",
        "Schlagwort",
    ],
    "stakeholders/actor": [
        "Stand der Partnerschaft",
        "Fälligkeit",
        "Linkprüfung",
        "Sichtbarkeit",
        "Akteursgruppe",
    ],
    "stakeholders/stakeholdergroup": ["Rolle im Netzwerk"],
    "partners/entryreport": ["Bearbeitungsstand", "Eingangsdatum"],
    "pages/barrierreport": ["Bearbeitungsstand", "Eingangsdatum"],
}


@pytest.mark.django_db
@pytest.mark.parametrize("model", FILTER_HEADINGS)
def test_list_filters_read_as_german_phrases(editor_client, network, model):
    """Django heads each filter "Nach <name of the field>" ("Nach veröffentlicht")."""
    make_entry_report(network.partner)
    html = editor_client.get(f"/admin/{model}/").content.decode()
    headings = [" ".join(h.split()) for h in re.findall(r"<summary>(.*?)</summary>", html, re.S)]
    assert headings == [f"Nach {title}" for title in FILTER_HEADINGS[model]]
