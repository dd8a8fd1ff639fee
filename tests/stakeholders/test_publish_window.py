"""Actors with "Veröffentlichen ab/bis": they appear and disappear by themselves, and
every public view agrees with every other at every moment."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains

from stakeholders.models import Actor, StakeholderGroup
from tests.factories import make_actor, make_group, make_staff
from tests.partners.test_publish_window import sichtbarkeit


def shown_on(client, actor):
    """Where the public sees `actor` now: each public view, and whether it shows it."""
    group = actor.group
    counts = StakeholderGroup.objects.with_member_counts().get(pk=group.pk)
    return {
        "detail": client.get(actor.get_absolute_url()).status_code == 200,
        "group page": actor.name in client.get(group.get_absolute_url()).content.decode(),
        "group list": "1 Akteur" in client.get("/akteure/").content.decode(),
        "group count": counts.public_actor_count == 1,
        "search": actor.name in client.get("/suche/", {"q": "Zeitplanamt"}).content.decode(),
        "sitemap": actor.get_absolute_url() in client.get("/sitemap-actors.xml").content.decode(),
        "home": actor.name in client.get("/").content.decode(),
        "picture": actor.name in client.get("/netzwerk.svg").content.decode(),
        "queryset": Actor.objects.public().filter(pk=actor.pk).exists(),
        "is_live": Actor.objects.get(pk=actor.pk).is_live,
    }


def scheduled_actor(**fields):
    group = make_group(name="Gruppe Zeitplan", slug="gruppe-zeitplan")
    return make_actor(name="Zeitplanamt Münster", group=group, **fields)


@pytest.mark.django_db
def test_a_scheduled_actor_appears_and_disappears_everywhere_at_once(client, clock):
    actor = scheduled_actor(publish_from=clock.at(hours=1), publish_until=clock.at(days=7))
    assert set(shown_on(client, actor).values()) == {False}
    clock(minutes=59, seconds=59)
    assert set(shown_on(client, actor).values()) == {False}
    clock(seconds=1)
    assert set(shown_on(client, actor).values()) == {True}
    clock(days=6, hours=22, minutes=59)
    assert set(shown_on(client, actor).values()) == {True}
    clock(minutes=1)
    assert set(shown_on(client, actor).values()) == {False}


@pytest.mark.django_db
def test_a_hidden_actor_stays_hidden_whatever_its_dates(client, clock):
    actor = scheduled_actor(is_public=False, publish_from=clock.at(hours=-1))
    assert set(shown_on(client, actor).values()) == {False}


@pytest.mark.django_db
def test_staff_preview_an_actor_outside_its_window(client, clock):
    actor = scheduled_actor(publish_until=clock.at(hours=-1))
    staff = Client()
    staff.force_login(make_staff())
    assertContains(staff.get(actor.get_absolute_url()), "Nicht veröffentlicht")
    assert client.get(actor.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_next_publication_change_of_actors(clock):
    make_actor(publish_from=clock.at(minutes=30), publish_until=clock.at(minutes=90))
    make_actor(is_public=False, publish_from=clock.at(minutes=10))
    assert Actor.objects.next_publication_change() == clock.at(minutes=30)
    assert Actor.objects.next_publication_change(clock.at(minutes=30)) == clock.at(minutes=90)


@pytest.mark.django_db
def test_until_must_lie_after_from_for_actors(clock):
    actor = make_actor(publish_from=clock.at(days=1), publish_until=clock.at(hours=1))
    with pytest.raises(ValidationError) as raised:
        actor.full_clean()
    assert list(raised.value.message_dict) == ["publish_until"]


@pytest.mark.django_db
def test_the_actor_admin_has_the_dates_in_veroeffentlichung_and_tells_the_schedule(
    editor_client, clock
):
    group = make_group()
    actor = make_actor(name="Geplant", group=group, publish_from=clock.at(days=1))
    make_actor(name="Befristet", group=group, publish_until=clock.at(days=1))
    make_actor(name="Vorbei", group=group, publish_until=clock.at(days=-1))
    make_actor(name="Verborgen", group=group, is_public=False)
    page = editor_client.get(reverse("admin:stakeholders_actor_change", args=[actor.pk]))
    content = page.content.decode()
    fieldset = content[content.index(">Veröffentlichung<") :]
    fieldset = fieldset[: fieldset.index("</fieldset>")]
    for text in ("Öffentlich sichtbar", "Veröffentlichen ab", "Veröffentlichen bis", "Leer:"):
        assert text in fieldset, text
    rows = sichtbarkeit(editor_client.get(reverse("admin:stakeholders_actor_changelist")))
    assert rows["Geplant"].startswith("geplant ab ")
    assert rows["Befristet"].startswith("läuft ab ")
    assert rows["Vorbei"] == "abgelaufen"
    assert rows["Verborgen"] == "verborgen"
