"""Partners with "Veröffentlichen ab/bis": they appear and disappear by themselves, decided
when a page is made, and every public view agrees with every other at every moment."""

import csv
import html
import io
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from partners.models import Partner
from stakeholders.admin import local_moment
from stakeholders.models import StakeholderGroup
from tests.factories import make_group, make_partner, make_staff
from tests.partners.test_admin import change_url, partner_form


def shown_on(client, partner):
    """Where the public sees `partner` now: each public view, and whether it shows it."""
    name = partner.name
    group = partner.group
    feed = client.get(reverse("partners:feed")).content.decode()
    data = json.loads(b"".join(client.get("/partner.json").streaming_content))
    records = data["partners"] if isinstance(data, dict) else data
    rows = csv.DictReader(
        io.StringIO(b"".join(client.get("/partner.csv").streaming_content).decode("utf-8-sig")),
        delimiter=";",
    )
    counts = StakeholderGroup.objects.with_member_counts().get(pk=group.pk)
    return {
        "list": name in client.get("/partner/").content.decode(),
        "detail": client.get(partner.get_absolute_url()).status_code == 200,
        "report form": client.get(f"{partner.get_absolute_url()}melden/").status_code == 200,
        "search": name in client.get("/suche/", {"q": "Zeitplanportal"}).content.decode(),
        "feed": name in feed,
        "sitemap": partner.get_absolute_url()
        in client.get("/sitemap-partners.xml").content.decode(),
        "json": any(record["slug"] == partner.slug for record in records),
        "csv": any(row["slug"] == partner.slug for row in rows),
        "home": name in client.get("/").content.decode(),
        "picture": name in client.get("/netzwerk.svg").content.decode(),
        "group page": name in client.get(group.get_absolute_url()).content.decode(),
        "group list": "1 Partnerangebot" in client.get("/akteure/").content.decode(),
        "group count": counts.published_partner_count == 1,
        "queryset": Partner.objects.listed().filter(pk=partner.pk).exists(),
        "is_live": Partner.objects.get(pk=partner.pk).is_live,
    }


def sichtbarkeit(response):
    """The change list's column "Sichtbarkeit" by the entry's name."""
    rows = re.findall(
        r'<th class="field-name"><a [^>]*>(.*?)</a></th>.*?'
        r'<td class="field-visibility">(.*?)</td>',
        response.content.decode(),
        re.S,
    )
    return {html.unescape(name): html.unescape(value) for name, value in rows}


def scheduled_partner(clock, **fields):
    group = make_group(name="Gruppe Zeitplan", slug="gruppe-zeitplan")
    return make_partner(
        name="Zeitplanportal Beschaffung",
        teaser="Erscheint und verschwindet nach Zeitplan.",
        group=group,
        **fields,
    )


@pytest.mark.django_db
def test_a_scheduled_partner_appears_at_its_time_everywhere_at_once(client, clock):
    partner = scheduled_partner(clock, publish_from=clock.at(hours=2))
    assert set(shown_on(client, partner).values()) == {False}
    clock(hours=1, minutes=59, seconds=59)
    assert set(shown_on(client, partner).values()) == {False}  # pages made now, or kept
    clock(seconds=1)
    assert shown_on(client, partner) == dict.fromkeys(shown_on(client, partner), True)


@pytest.mark.django_db
def test_a_partner_disappears_at_its_end_everywhere_at_once(client, clock):
    partner = scheduled_partner(clock, publish_until=clock.at(days=3))
    assert set(shown_on(client, partner).values()) == {True}
    clock(days=2, hours=23, minutes=59)
    assert set(shown_on(client, partner).values()) == {True}
    clock(minutes=1)
    assert set(shown_on(client, partner).values()) == {False}


@pytest.mark.django_db
def test_dates_take_effect_only_for_a_published_partner(client, clock):
    partner = scheduled_partner(clock, is_published=False, publish_from=clock.at(hours=1))
    clock(hours=2)
    assert set(shown_on(client, partner).values()) == {False}


@pytest.mark.django_db
def test_one_queryset_decides_for_lists_and_single_entries(clock):
    group = make_group()
    always = make_partner(group=group)
    later = make_partner(group=group, publish_from=clock.at(minutes=30))
    ending = make_partner(group=group, publish_until=clock.at(minutes=60))
    window = make_partner(
        group=group, publish_from=clock.at(minutes=10), publish_until=clock.at(minutes=20)
    )
    draft = make_partner(group=group, is_published=False)
    expected = {
        0: {always, ending},
        15: {always, ending, window},
        45: {always, later, ending},
        90: {always, later},
    }
    start = clock.now
    for minutes, live in expected.items():
        at = clock.at(minutes=minutes)
        assert set(Partner.objects.published(now=at)) == live, minutes
        clock.now = at
        assert {p for p in Partner.objects.all() if p.is_live} == live, minutes
        assert draft not in Partner.objects.published()
        clock.now = start


@pytest.mark.django_db
def test_next_publication_change_is_the_nearest_future_date_of_a_published_partner(clock):
    make_partner(publish_from=clock.at(hours=-1))  # passed
    make_partner(is_published=False, publish_from=clock.at(minutes=5))  # a draft: no change
    make_partner(publish_until=clock.at(hours=3))
    make_partner(publish_from=clock.at(hours=2), publish_until=clock.at(hours=4))
    assert Partner.objects.next_publication_change() == clock.at(hours=2)
    assert Partner.objects.next_publication_change(now=clock.at(hours=2)) == clock.at(hours=3)
    assert Partner.objects.next_publication_change(now=clock.at(hours=4)) is None


@pytest.mark.django_db
def test_staff_preview_a_scheduled_partner_and_the_public_gets_404(client, clock):
    partner = make_partner(publish_from=clock.at(days=1))
    staff = Client()
    staff.force_login(make_staff())
    assertContains(staff.get(partner.get_absolute_url()), "Nicht veröffentlicht")
    assert client.get(partner.get_absolute_url()).status_code == 404
    clock(days=1)
    assertNotContains(staff.get(partner.get_absolute_url()), "Nicht veröffentlicht")


@pytest.mark.django_db
def test_a_successor_is_linked_only_while_it_is_live(client, clock):
    successor = make_partner(name="Nachfolgeportal", publish_from=clock.at(hours=1))
    ended = make_partner(successor=successor)
    assertNotContains(client.get(ended.get_absolute_url()), "Nachfolgeportal")
    clock(hours=1)
    assertContains(client.get(ended.get_absolute_url()), "Nachfolgeportal")


@pytest.mark.django_db
def test_feed_and_sitemap_date_a_scheduled_partner_from_when_it_appeared(client, clock):
    partner = make_partner(name="Geplantes Portal", publish_from=clock.at(days=2))
    assert partner.public_change == partner.updated_at
    clock(days=1)
    make_partner(name="Gestern geändert")  # saved after the other, but appears before it
    clock(days=1, hours=1)
    assert Partner.objects.get(pk=partner.pk).public_change == partner.publish_from
    feed = client.get(reverse("partners:feed")).content.decode()
    assert feed.index("Geplantes Portal") < feed.index("Gestern geändert")
    sitemap = client.get("/sitemap-partners.xml").content.decode()
    assert f"{partner.publish_from.date().isoformat()}</lastmod>" in sitemap


# --- Validation and the back office -------------------------------------------------


@pytest.mark.django_db
def test_until_must_lie_after_from(clock):
    partner = make_partner(publish_from=clock.at(days=2), publish_until=clock.at(days=1))
    with pytest.raises(ValidationError) as raised:
        partner.full_clean()
    assert raised.value.message_dict == {
        "publish_until": ["„Veröffentlichen bis“ muss nach „Veröffentlichen ab“ liegen."]
    }
    partner.publish_until = partner.publish_from
    with pytest.raises(ValidationError):
        partner.full_clean()
    partner.publish_until = clock.at(days=3)
    partner.full_clean()


@pytest.mark.django_db
def test_staff_schedule_a_partner_in_the_fieldset_veroeffentlichung(editor_client, clock, settings):
    settings.FOUR_EYES = False  # a one-person office: the save goes live (core/release.py)
    partner = make_partner()
    page = editor_client.get(change_url(partner)).content.decode()
    fieldset = page[page.index("<h2") :]
    fieldset = fieldset[fieldset.index("Veröffentlichung") :]
    fieldset = fieldset[: fieldset.index("</fieldset>")]
    for text in ("Veröffentlichen ab", "Veröffentlichen bis", "Leer: sofort sichtbar"):
        assert text in fieldset, text
    data = partner_form(
        partner,
        publish_from_0="24.12.2030",
        publish_from_1="08:00",
        publish_until_0="24.12.2030",
        publish_until_1="07:00",
    )
    response = editor_client.post(change_url(partner), data)
    assertContains(response, "„Veröffentlichen bis“ muss nach „Veröffentlichen ab“ liegen.")
    data["publish_until_1"] = "18:30"
    assert editor_client.post(change_url(partner), data).status_code == 302
    partner.refresh_from_db()
    assert partner.publish_from.isoformat() == "2030-12-24T07:00:00+00:00"  # 8:00 in Berlin
    assert partner.history.first().publish_from == partner.publish_from


@pytest.mark.django_db
def test_the_list_column_sichtbarkeit_tells_the_schedule(editor_client, clock):
    make_partner(name="Geplant", publish_from=clock.at(days=1))
    make_partner(name="Befristet", publish_until=clock.at(days=1))
    make_partner(name="Vorbei", publish_until=clock.at(days=-1))
    make_partner(name="Immer")
    make_partner(name="Entwurf mit Datum", is_published=False, publish_from=clock.at(days=1))
    url = reverse("admin:partners_partner_changelist")
    rows = sichtbarkeit(editor_client.get(url))
    assert rows["Geplant"].startswith("geplant ab ")
    assert rows["Befristet"].startswith("läuft ab ")
    assert rows["Vorbei"] == "abgelaufen"
    assert rows["Immer"] == "öffentlich"
    assert rows["Entwurf mit Datum"] == "Entwurf"
    assert rows["Geplant"] == f"geplant ab {local_moment(clock.at(days=1))}"
    scheduled = sichtbarkeit(editor_client.get(url, {"zeitplan": "geplant"}))
    assert set(scheduled) == {"Geplant", "Entwurf mit Datum"}
    assert set(sichtbarkeit(editor_client.get(url, {"zeitplan": "abgelaufen"}))) == {"Vorbei"}
    assert set(sichtbarkeit(editor_client.get(url, {"zeitplan": "laeuft-ab"}))) == {"Befristet"}
