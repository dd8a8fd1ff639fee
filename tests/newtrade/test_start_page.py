"""The back office's start page: what staff do most first, short on a fresh install."""

import datetime
import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from core import release
from newtrade.overview import GrowthChart, counts_per_group, counts_per_status, follow_ups
from pages.models import BarrierReport
from partners.models import Partner
from stakeholders.models import LinkStatus, PartnershipStatus
from tests.factories import (
    make_actor,
    make_barrier_report,
    make_entry_report,
    make_group,
    make_office,
    make_page,
    make_partner,
    make_staff,
)


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
    assertContains(response, "Keine offenen Meldungen zu Einträgen.")
    assertContains(response, "Keine offenen Meldungen zu Barrieren.")
    assertContains(response, "Alle Einträge sind aktuell bestätigt.")
    assertContains(response, "Die Links wurden noch nicht geprüft.")


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
def test_start_page_names_no_command_for_staff(editor_client, seeded):
    make_partner(name="Defekt", link_status=LinkStatus.BROKEN, link_failing_since=timezone.now())
    response = editor_client.get("/admin/")
    assertContains(response, "Fällige Schritte")
    assertNotContains(response, "manage.py")


def section(html, heading_id):
    """The HTML of the start page's panel headed by `heading_id`."""
    match = re.search(rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', html, re.S)
    assert match, f"no panel {heading_id}"
    return match.group(0)


@pytest.mark.django_db
def test_seeded_network_lists_never_reviewed_entries_in_one_line(editor_client, seeded):
    Partner.objects.filter(slug="umweltbundesamt").update(last_reviewed=timezone.localdate())
    html = editor_client.get("/admin/").content.decode()
    panel = section(html, "pruefen")
    assert panel.count("<li") == 1
    assert "Noch nie geprüft" in panel
    assert "Kompass Nachhaltigkeit" not in panel
    links = re.findall(r'<a href="([^"]+)">(\d+) (\w+)</a>', panel)
    assert [(count, name) for _url, count, name in links] == [("4", "Akteure"), ("5", "Partner")]
    for url, count, _name in links:
        changelist = editor_client.get(url.replace("&amp;", "&"))
        assert changelist.status_code == 200
        assert changelist.context["cl"].result_count == int(count)
    assert Partner.objects.count() == 6  # the filter left out the reviewed one


@pytest.mark.django_db
def test_start_page_puts_adding_a_partner_follow_ups_and_reports_first(editor_client, seeded):
    html = editor_client.get("/admin/").content.decode()
    marks = [
        'href="/admin/partners/partner/add/"',
        'id="faellig"',
        'id="meldungen"',
        'id="links"',
        'id="pruefen"',
        'id="gruppen"',
        'id="wachstum"',
    ]
    positions = [html.index(mark) for mark in marks]
    assert positions == sorted(positions)
    assert html.index("Neuer Partner") < html.index('id="faellig"')


@pytest.mark.django_db
def test_empty_growth_chart_says_why_and_links_to_the_undated_entries(editor_client, seeded):
    response = editor_client.get("/admin/")
    panel = section(response.content.decode(), "wachstum")
    assert "<svg" not in panel
    assert "In den letzten 12 Monaten hat keine Partnerschaft begonnen" in panel
    assert "„Partnerschaft seit“" in panel
    assert "10 Einträge haben dort noch kein Datum" in panel
    url = re.search(r'<a href="([^"]+)">6 Partner</a>', panel).group(1)
    assert editor_client.get(url).context["cl"].result_count == 6


@pytest.mark.django_db
def test_failed_link_check_shows_as_a_warning(editor_client):
    checked = timezone.now() - datetime.timedelta(days=2)
    for name in ["Defekte Seite", "Zweite defekte Seite"]:
        make_partner(
            name=name,
            website="https://defekt.example",
            link_status=LinkStatus.BROKEN,
            link_result="404 Not Found",
            link_checked_at=checked,
            link_failing_since=checked,
        )
    panel = section(editor_client.get("/admin/").content.decode(), "links")
    warning = re.search(r'<p class="overview__warning">(.*?)</p>', panel, re.S).group(1)
    assert " ".join(warning.split()) == (
        "Achtung: 2 Links waren bei der letzten Prüfung nicht erreichbar."
    )
    assert "Defekte Seite" in panel
    assert "404 Not Found" in panel


@pytest.mark.django_db
def test_passed_link_check_shows_no_warning_and_its_date(editor_client):
    make_partner(link_status=LinkStatus.OK, link_checked_at=timezone.now())
    panel = section(editor_client.get("/admin/").content.decode(), "links")
    assert "overview__warning" not in panel
    today = timezone.localdate().strftime("%d.%m.%Y")
    assert f"Bei der letzten Prüfung am {today} waren alle Links erreichbar." in panel


@pytest.mark.django_db
def test_open_barrier_reports_appear_newest_first_with_their_admin_page(editor_client):
    older = make_barrier_report(page="/alt/")
    newer = make_barrier_report(page="/neu/", message="Das Menü ist nicht erreichbar.")
    make_barrier_report(page="/erledigt/", done=True)
    BarrierReport.objects.filter(pk=older.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=3)
    )
    panel = section(editor_client.get("/admin/").content.decode(), "meldungen")
    links = re.findall(r'<a href="(/admin/pages/barrierreport/\d+/change/)">([^<]+)</a>', panel)
    assert links == [(newer.get_absolute_url(), "/neu/"), (older.get_absolute_url(), "/alt/")]
    assert "Das Menü ist nicht erreichbar." in panel
    assert editor_client.get(newer.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_missing_imprint_facts_are_one_box_with_links_to_their_fields(editor_client):
    html = editor_client.get("/admin/").content.decode()
    box = section(html, "impressum")  # no office record yet: the add form
    assert "overview__warning" in box
    assert 'href="/admin/stakeholders/office/add/#id_email"' in box
    office = make_office(email="buero@example.org")
    box = section(editor_client.get("/admin/").content.decode(), "impressum")
    change = reverse("admin:stakeholders_office_change", args=[office.pk])
    for label, field in office.missing_imprint_facts():
        assert f'<a href="{change}#id_{field}">{label}</a>' in box
    assert "#id_email" not in box
    make_office(content_responsible="Erika Muster", data_protection_officer="Max Muster")
    assertNotContains(editor_client.get("/admin/"), 'id="impressum"')


@pytest.mark.django_db
def test_panels_without_permission_are_hidden(client, network):
    """A staff account that may only view partners sees their panels, and no link
    it could not follow."""
    user = make_staff(group=None)
    user.user_permissions.add(Permission.objects.get(codename="view_partner"))
    make_entry_report(network.partner)
    make_barrier_report()
    client.force_login(user)
    response = client.get("/admin/")
    assertContains(response, 'id="faellig"')
    assertNotContains(response, 'id="meldungen"')
    assertNotContains(response, "/admin/partners/partner/add/")
    assertNotContains(response, "/admin/stakeholders/")
    assertContains(response, "Pflichtangaben fehlen")
    assertNotContains(response, "/admin/stakeholders/office/")


def start_page_links(html):
    """The links of the start page a staff member can follow, without the public site."""
    hrefs = {href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', html)}
    return sorted(h for h in hrefs if h.startswith("/admin/") and not h.startswith("/admin/logout"))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["superuser", "Redaktion", "Freigabe"])
def test_every_link_on_the_start_page_works_for_every_role(client, seeded, role):
    admin = make_staff(group=None, is_superuser=True)
    user = admin if role == "superuser" else make_staff(group=role)
    # Changes waiting for release: another's (panel "Zur Freigabe"), the user's own and
    # one sent back to them (panel "Meine eingereichten Änderungen").
    colleague = make_staff(group="Redaktion")
    for submitter, slug in [(colleague, "kompass-nachhaltigkeit"), (user, "umweltbundesamt")]:
        entry = Partner.objects.get(slug=slug)
        entry.teaser = "Ein Kurztext, der auf Freigabe wartet."
        release.submit(entry, submitter)
    returned = release.submit(make_page(body="Ein neuer Text."), user)
    returned.send_back(make_staff(group="Freigabe"), "Bitte noch einmal lesen.")
    partner = Partner.objects.get(slug="umweltbundesamt")
    Partner.objects.filter(pk=partner.pk).update(
        next_step="Anrufen",
        next_step_due=timezone.localdate(),
        responsible=user,  # in "Meine fälligen Schritte" too
        last_reviewed=datetime.date(2020, 1, 1),
        link_status=LinkStatus.BROKEN,
        link_failing_since=timezone.now(),
    )
    make_entry_report(partner)
    make_barrier_report()
    client.force_login(admin)
    gone = Partner.objects.get(slug="siegelklarheit")
    client.post(reverse("admin:partners_partner_delete", args=[gone.pk]), {"post": "yes"})
    client.force_login(user)
    links = start_page_links(client.get("/admin/").content.decode())
    assert len(links) > 25
    for link in links:
        url, _, fragment = link.partition("#")
        response = client.get(url)
        assert response.status_code == 200, link
        assert not fragment or f'id="{fragment}"' in response.content.decode(), link


@pytest.mark.django_db
def test_a_due_date_on_the_start_page_never_breaks_across_lines(editor_client):
    due = timezone.localdate()
    make_partner(name="Fälliger Partner", next_step="Anrufen", next_step_due=due)
    panel = section(editor_client.get("/admin/").content.decode(), "faellig")
    assert f'<span class="date">{due:%d.%m.%Y}</span>' in panel
    css = (settings.BASE_DIR / "static/css/admin-overview.css").read_text()
    assert ".overview .date { white-space: nowrap; }" in css


@pytest.mark.django_db
def test_my_follow_ups_come_first_and_show_only_mine_with_overdue_marked(editor_client, editor):
    colleague = make_staff()
    today = timezone.localdate()
    make_partner(
        name="Mein überfälliger",
        next_step="Anrufen",
        next_step_due=today - datetime.timedelta(days=1),
        responsible=editor,
    )
    make_actor(
        name="Mein bald fälliger", next_step="Schreiben", next_step_due=today, responsible=editor
    )
    make_partner(
        name="Mein später",
        next_step="Besuchen",
        next_step_due=datetime.date(2099, 1, 1),
        responsible=editor,
    )
    make_partner(
        name="Kollegin fällig", next_step="Anrufen", next_step_due=today, responsible=colleague
    )
    html = editor_client.get("/admin/").content.decode()
    assert html.index('id="meine-faellig"') < html.index('id="faellig"')
    first_panel = re.search(r'<section[^>]*aria-labelledby="([^"]+)"', html).group(1)
    assert first_panel == "meine-faellig"
    mine = section(html, "meine-faellig")
    assert "Mein überfälliger" in mine and "Mein bald fälliger" in mine
    assert "Mein später" not in mine and "Kollegin fällig" not in mine
    assert mine.index("Mein überfälliger") < mine.index("Mein bald fälliger")
    assert mine.count("(überfällig)") == 1
    assert '<tr class="overdue">' in mine
    everyone = section(html, "faellig")  # the general panel keeps listing everyone's
    assert "Kollegin fällig" in everyone and "Mein überfälliger" in everyone


@pytest.mark.django_db
def test_my_follow_ups_say_so_when_nothing_is_assigned(editor_client):
    make_partner(name="Niemandes Schritt", next_step="Anrufen", next_step_due=timezone.localdate())
    mine = section(editor_client.get("/admin/").content.decode(), "meine-faellig")
    assert "Ihnen ist kein fälliger Schritt zugewiesen." in mine
    assert "Niemandes Schritt" not in mine
