"""The history pages of the back office as staff read them (core.diff, HistoryAdmin,
templates/simple_history/): German columns, dates and values, long texts in full with
the changed words marked, German breadcrumbs and one message after a restore."""

import datetime
import html
import re

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from core.diff import tags_diff, word_diff
from partners.models import Partner
from tests.core.conftest import admin_url, browser_form, restore_url
from tests.factories import (
    make_actor,
    make_contact,
    make_group,
    make_office,
    make_page,
    make_partner,
    make_staff,
    make_statement,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("four_eyes_off")]


LONG = (
    "Das Portal bündelt Gütezeichen für die öffentliche Beschaffung.\n\n"
    "Es erklärt, welche Siegel für Textilien gelten."
)


@pytest.fixture
def rita():
    """A member of Redaktion with a full name, signed in."""
    user = make_staff(first_name="Rita", last_name="Redlich")
    client = Client()
    client.force_login(user)
    return client


def breadcrumbs(response):
    page = response.content.decode()
    crumbs = re.search(r'<div class="breadcrumbs">(.*?)</div>', page, re.S).group(1)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", crumbs)).split())


def saved_at(record, *args):
    """Give `record` a known save time (in Berlin's time zone)."""
    moment = timezone.make_aware(datetime.datetime(*args))
    type(record).objects.filter(pk=record.pk).update(history_date=moment)


def edited_partner(client, submit_form):
    """Siegelklarheit, once edited by `client`: a word of its description, its status,
    its website emptied and its tags changed."""
    partner = make_partner(
        name="Siegelklarheit", description=LONG, website="https://example.org", tags=["Recht"]
    )
    submit_form(
        client,
        admin_url(partner),
        description=LONG.replace("Textilien", "Kantinen"),
        partnership_status="im_gespraech",
        website="",
        tags="Recht, Kantine",
    )
    return partner


# --- The list of versions ---------------------------------------------------------------


def test_the_version_list_reads_german(rita, submit_form):
    partner = edited_partner(rita, submit_form)
    newest = timezone.localtime(partner.history.first().history_date)
    page = rita.get(admin_url(partner, "history"))
    for header in ["Fassung vom", "Aktion", "Gespeichert von", "Anlass", "Änderungen"]:
        assertContains(page, f'<th scope="col">{header}')
    assertContains(page, f">{newest:%d.%m.%Y, %H:%M}</a>")
    assertContains(page, "<td>Rita Redlich</td>")
    assertContains(page, "<td>geändert</td>")
    assertContains(page, "<td>angelegt</td>")
    assertContains(page, "angebahnt <span")
    assertContains(page, "</span> im Gespräch")
    assertNotContains(page, "im_gespraech")
    assertContains(page, "https://example.org <span")  # the website, emptied …
    assertContains(page, "</span> —")  # … reads "—"
    assertNotContains(page, "None")
    for english in ["Changes", "Object", "Date/time", "Historical"]:
        assertNotContains(page, english)


def test_a_changed_description_shows_in_full_with_the_changed_word_marked(rita, submit_form):
    partner = edited_partner(rita, submit_form)
    page = rita.get(admin_url(partner, "history"))
    assertContains(page, "Das Portal bündelt Gütezeichen für die öffentliche Beschaffung.<br><br>")
    assertContains(
        page,
        '<del><span class="visually-hidden">[gestrichen: </span>Textilien'
        '<span class="visually-hidden">]</span></del> '
        '<ins><span class="visually-hidden">[neu: </span>Kantinen'
        '<span class="visually-hidden">]</span></ins> gelten.',
    )
    assertContains(page, "/css/admin-history.css")


def test_the_tags_added_and_removed_are_marked(rita, submit_form):
    partner = make_partner(name="Siegelklarheit", tags=["Recht", "Vergabe"])
    submit_form(rita, admin_url(partner), tags="Kantine, Vergabe")
    page = rita.get(admin_url(partner, "history"))
    assertContains(page, "[hinzugefügt: </span>Kantine")
    assertContains(page, "[entfernt: </span>Recht")
    assertContains(page, "</del>, Vergabe")


def test_the_history_breadcrumbs_and_titles_are_german(rita, submit_form):
    partner = edited_partner(rita, submit_form)
    page = rita.get(admin_url(partner, "history"))
    assert breadcrumbs(page) == "Start › Partnerangebote › Partner › Siegelklarheit › Geschichte"
    assertContains(page, "<h1>Geschichte: Siegelklarheit</h1>")

    old = partner.history.last()
    saved_at(old, 2026, 11, 30, 9, 15)
    version = rita.get(restore_url(old))
    assert breadcrumbs(version) == (
        "Start › Partnerangebote › Partner › Siegelklarheit › Geschichte › "
        "Fassung vom 30.11.2026, 09:15"
    )
    assertContains(version, "<h1>Fassung vom 30.11.2026, 09:15</h1>")
    assertContains(version, 'value="Wiederherstellen"')
    assertContains(version, "Zurück zur Geschichte")
    for english in ["Historical", "Revert", "Press the", "Close"]:
        assertNotContains(version, english)


def test_the_version_page_shows_what_a_restore_would_change(rita, submit_form):
    partner = edited_partner(rita, submit_form)
    version = rita.get(restore_url(partner.history.last()))
    assertContains(version, "Was „Wiederherstellen“ ändert")
    assertContains(version, "[gestrichen: </span>Kantinen")
    assertContains(version, "[neu: </span>Textilien")
    assertContains(version, "im Gespräch <span")

    current = rita.get(restore_url(partner.history.first()))
    assertContains(current, "Diese Fassung entspricht der aktuellen.")


@pytest.mark.parametrize(
    "make",
    [
        lambda: make_actor(name="Testamt"),
        lambda: make_group(name="Testgruppe"),
        lambda: make_office(name="Testbüro"),
        lambda: make_page(title="Impressum"),
        lambda: make_statement(),
        lambda: make_contact(make_partner(), name="Frau Kontakt"),
    ],
    ids=["actor", "group", "office", "page", "statement", "contact"],
)
def test_every_history_page_is_german(rita, make):
    entry = make()
    page = rita.get(admin_url(entry, "history"))
    assert breadcrumbs(page).startswith("Start › ")
    assert breadcrumbs(page).endswith(f" › {entry} › Geschichte")
    assertContains(page, "<td>angelegt</td>")
    version = rita.get(restore_url(entry.history.first()))
    assert breadcrumbs(version).startswith("Start › ")
    assert " › Geschichte › Fassung vom " in breadcrumbs(version)
    assertNotContains(version, "Historical")


def test_the_version_page_names_the_entry_as_it_is_now(rita, submit_form):
    partner = make_partner(name="Alter Name")
    submit_form(rita, admin_url(partner), name="Siegelklarheit")
    version = rita.get(restore_url(partner.history.last()))
    assert " › Partner › Siegelklarheit › Geschichte › " in breadcrumbs(version)
    assertContains(version, "<h2>Alter Name</h2>")
    assertContains(version, "Siegelklarheit <span")  # what a restore changes: the name back


@pytest.mark.parametrize("path", ["abc/history/", "abc/history/1/", "1/history/abc/"])
def test_a_history_address_that_is_no_number_is_not_found(rita, path):
    make_partner()
    assert rita.get(f"/admin/partners/partner/{path}").status_code == 404


# --- Restore: one German message, "wiederhergestellt" in the list ------------------------


def test_a_restore_says_so_once_and_the_list_shows_it(rita, submit_form):
    partner = edited_partner(rita, submit_form)
    old = partner.history.last()
    saved_at(old, 2026, 11, 30, 9, 15)
    response = rita.post(restore_url(old), browser_form(rita.get(restore_url(old))), follow=True)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "„Siegelklarheit“ wurde wiederhergestellt: Fassung vom 30.11.2026, 09:15."
    ]
    page = rita.get(admin_url(partner, "history"))
    assertContains(page, "<td>wiederhergestellt</td>")
    assertContains(page, "<td>wiederhergestellt: Fassung vom 30.11.2026, 09:15</td>")


def test_restoring_a_deleted_entry_says_so_once(admin_client, rita):
    partner = make_partner(name="Gelöschtes Portal", tags=["Recht"])
    pk = partner.pk
    admin_client.post(admin_url(partner, "delete"), {"post": "yes"})
    deleted = Partner.history.get(id=pk, history_type="-")
    form = rita.get(restore_url(deleted))
    assert breadcrumbs(form) == (
        "Start › Partnerangebote › Partner › Gelöschtes Portal (gelöscht) › Geschichte › "
        f"Fassung vom {timezone.localtime(deleted.history_date):%d.%m.%Y, %H:%M}"
    )
    response = rita.post(restore_url(deleted), browser_form(form), follow=True)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "„Gelöschtes Portal“ wurde wiederhergestellt mit 1 Schlagwort."
    ]


def test_restoring_the_current_version_changes_nothing_and_says_so(rita, submit_form):
    partner = edited_partner(rita, submit_form)
    versions = partner.history.count()
    current = partner.history.first()
    response = rita.post(
        restore_url(current), browser_form(rita.get(restore_url(current))), follow=True
    )
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "„Siegelklarheit“ entspricht bereits dieser Fassung; nichts wurde geändert."
    ]
    assert partner.history.count() == versions


# --- The word diff ------------------------------------------------------------------------


def plain(diff):
    """`diff` without its marks: what a reader sees of the new text."""
    diff = re.sub(r"<del>.*?</del>\s?", "", str(diff))
    return html.unescape(re.sub(r"<[^>]+>", "", diff.replace("<br>", "\n")))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("eins zwei drei", "eins drei"),
        ("eins zwei drei", "eins zwei"),
        ("eins zwei", "eins zwei drei"),
        ("eins zwei drei", "eins vier drei"),
        ("Absatz eins.\n\nAbsatz zwei.", "Absatz eins.\n\nAbsatz drei."),
    ],
)
def test_the_word_diff_keeps_the_new_text_whole(old, new):
    visible = re.sub(r"\[(gestrichen|neu): |\]", "", plain(word_diff(old, new)))
    assert " ".join(visible.split()) == " ".join(new.split())
    assert visible.count("\n") == new.count("\n")


def test_the_word_diff_escapes_what_staff_typed():
    diff = str(word_diff("Ein <b>Text</b>", "Ein <script>x</script>"))
    assert "<script>" not in diff
    assert "&lt;script&gt;x&lt;/script&gt;" in diff


def test_the_tags_diff_lists_all_tags_once():
    hidden = r'<span class="visually-hidden">.*?</span>'
    diff = re.sub(hidden, "", tags_diff(["A", "B"], ["B", "C"]))
    assert diff == "<del>A</del>, B, <ins>C</ins>"
