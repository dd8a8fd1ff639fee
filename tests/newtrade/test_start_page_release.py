"""The start page's panels of the second pair of eyes: "Zur Freigabe" for those who
release, "Meine eingereichten Änderungen" for those who submit."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from core import release
from core.models import PendingChange
from tests.factories import make_actor, make_page, make_partner, make_staff


def section(html, heading_id):
    """The HTML of the start page's panel headed by `heading_id`."""
    match = re.search(rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', html, re.S)
    assert match, f"no panel {heading_id}"
    return " ".join(match.group(0).split())


def start_page(user):
    client = Client()
    client.force_login(user)
    return client.get("/admin/").content.decode()


def submit(entry, user, days_ago=0, **values):
    """`user` hands in `values` for `entry`, `days_ago` days ago."""
    for name, value in values.items():
        setattr(entry, name, value)
    change = release.submit(entry, user)
    entry.refresh_from_db()
    if days_ago:
        submitted_at = timezone.now() - datetime.timedelta(days=days_ago)
        PendingChange.objects.filter(pk=change.pk).update(submitted_at=submitted_at)
        change.refresh_from_db()
    return change


@pytest.fixture
def reviewer(db):
    return make_staff(group="Freigabe", first_name="Frieda", last_name="Freigabe")


@pytest.fixture
def colleague(db):
    return make_staff(group="Redaktion", first_name="Rita", last_name="Redaktion")


@pytest.mark.django_db
def test_release_panel_lists_what_others_submitted_overdue_first(reviewer, colleague, editor):
    recent = submit(make_partner(name="Frischer Partner"), colleague, teaser="Neu.")
    overdue = submit(make_actor(name="Wartender Akteur"), editor, days_ago=4, description="Neu.")
    page = submit(make_page(slug="impressum"), colleague, days_ago=1, body="Neuer Text.")
    submit(make_partner(name="Eigener Partner"), reviewer, teaser="Neu.")
    returned = submit(make_partner(name="Zurückgegebener Partner"), colleague, teaser="Neu.")
    returned.send_back(reviewer, "Bitte die Quelle nennen.")
    released = submit(make_partner(name="Freigegebener Partner"), colleague, teaser="Neu.")
    released.release(reviewer)

    html = start_page(reviewer)
    panel = section(html, "freigabe")
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', panel)
    assert links == [
        (overdue.get_admin_url(), "Wartender Akteur"),
        (page.get_admin_url(), "Impressum"),
        (recent.get_admin_url(), "Frischer Partner"),
    ]
    assert panel.count("(überfällig)") == 1
    assert re.search(r'<tr class="overdue">.*?Wartender Akteur.*?\(überfällig\)', panel)
    assert "<td>Akteur</td>" in panel
    assert "<td>Pflichtseite</td>" in panel
    assert "<td>Rita Redaktion</td>" in panel
    assert "<td>redakteurin</td>" in panel  # an account without a name: its user name
    assert "länger als 3 Tage auf Freigabe wartet" in panel
    # Their own change waits for someone else, in their own panel.
    assert "Eigener Partner" in section(html, "eingereicht")


@pytest.mark.django_db
def test_overdue_follows_the_setting(settings, reviewer, colleague):
    submit(make_partner(name="Seit vier Tagen"), colleague, days_ago=4, teaser="Neu.")
    settings.RELEASE_OVERDUE_DAYS = 7
    panel = section(start_page(reviewer), "freigabe")
    assert "Seit vier Tagen" in panel
    assert "überfällig)" not in panel
    assert "länger als 7 Tage" in panel


@pytest.mark.django_db
def test_release_panel_says_so_when_nothing_waits(reviewer):
    panel = section(start_page(reviewer), "freigabe")
    assert "Keine Änderung wartet auf Ihre Freigabe." in panel


@pytest.mark.django_db
def test_a_superuser_sees_the_release_panel(colleague):
    change = submit(make_partner(name="Für den Superuser"), colleague, teaser="Neu.")
    admin = make_staff(group=None, is_superuser=True)
    panel = section(start_page(admin), "freigabe")
    assert f'<a href="{change.get_admin_url()}">Für den Superuser</a>' in panel


@pytest.mark.django_db
def test_redaktion_sees_its_own_open_and_returned_changes_with_the_comment(
    editor, colleague, reviewer
):
    waiting = submit(make_partner(name="Wartet noch"), editor, days_ago=5, teaser="Neu.")
    returned = submit(make_actor(name="Kam zurück"), editor, description="Neu.")
    returned.send_back(reviewer, "Bitte den Ort prüfen.\nUnd die Website.")
    released = submit(make_partner(name="Schon freigegeben"), editor, teaser="Neu.")
    released.release(reviewer)
    submit(make_partner(name="Von der Kollegin"), colleague, teaser="Neu.")

    html = start_page(editor)
    assert 'id="freigabe"' not in html
    panel = section(html, "eingereicht")
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', panel)
    assert links == [
        (returned.get_admin_url(), "Kam zurück"),  # what needs their work first
        (waiting.get_admin_url(), "Wartet noch"),
    ]
    assert "<strong>zurückgegeben</strong> von Frieda Freigabe am" in panel
    assert "Bitte den Ort prüfen.<br>Und die Website." in panel
    assert "wartet auf Freigabe seit" in panel
    assert "(überfällig)" in panel
    assert "Schon freigegeben" not in panel
    assert "Von der Kollegin" not in panel


@pytest.mark.django_db
def test_redaktion_panel_says_so_when_nothing_of_theirs_waits(editor):
    panel = section(start_page(editor), "eingereicht")
    assert "Keine Ihrer Änderungen wartet auf Freigabe." in panel


@pytest.mark.django_db
def test_both_panels_are_hidden_for_a_role_that_neither_submits_nor_releases(colleague):
    submit(make_partner(), colleague, teaser="Neu.")
    user = make_staff(group=None)
    user.user_permissions.add(Permission.objects.get(codename="view_partner"))
    html = start_page(user)
    assert 'id="freigabe"' not in html
    assert 'id="eingereicht"' not in html


@pytest.mark.django_db
def test_with_the_four_eyes_rule_off_redaktion_has_no_empty_panel(settings, editor):
    settings.FOUR_EYES = False
    assert 'id="eingereicht"' not in start_page(editor)


@pytest.mark.django_db
def test_the_panels_come_first_on_the_start_page(reviewer, editor):
    submit(make_partner(), editor, teaser="Neu.")
    html = start_page(reviewer)
    assert html.index('id="freigabe"') < html.index('id="faellig"')
    html = start_page(editor)
    assert html.index('id="eingereicht"') < html.index('id="faellig"')


@pytest.mark.django_db
def test_the_panels_links_open_for_their_readers(reviewer, editor):
    waiting = submit(make_partner(), editor, teaser="Neu.")
    returned = submit(make_actor(), editor, description="Neu.")
    returned.send_back(reviewer, "Bitte prüfen.")
    for user, heading in [(reviewer, "freigabe"), (editor, "eingereicht")]:
        client = Client()
        client.force_login(user)
        panel = section(client.get("/admin/").content.decode(), heading)
        links = re.findall(r'<a href="([^"]+)">', panel)
        assert links
        for link in links:
            assert client.get(link).status_code == 200, (heading, link)
    assert waiting.get_admin_url() in section(start_page(reviewer), "freigabe")
