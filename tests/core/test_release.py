"""The second pair of eyes (core/release.py, core.models.PendingChange): the API."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from core import release
from core.models import PendingChange
from pages.models import Page
from partners.models import Partner
from stakeholders.models import Actor
from tests.factories import make_actor, make_group, make_page, make_partner, make_staff

pytestmark = pytest.mark.django_db


def submitted_change(entry, author, **values):
    for name, value in values.items():
        setattr(entry, name, value)
    return release.submit(entry, author)


# --- Groups and permissions ----------------------------------------------------------


def test_release_permissions_have_german_names():
    names = set(
        Permission.objects.filter(codename__startswith="release_").values_list("name", flat=True)
    )
    assert names == {"Partner: freigeben", "Akteure: freigeben", "Pflichtseiten: freigeben"}


def test_group_freigabe_may_release_and_redaktion_may_not():
    freigabe = set(
        Group.objects.get(name="Freigabe").permissions.values_list("codename", flat=True)
    )
    redaktion = set(
        Group.objects.get(name="Redaktion").permissions.values_list("codename", flat=True)
    )
    assert {"release_partner", "release_actor", "release_page", "change_partner"} <= freigabe
    assert {"view_pendingchange", "view_contactperson", "view_tag"} <= freigabe
    assert not {code for code in redaktion if code.startswith("release_")}
    assert "view_pendingchange" in redaktion


def test_release_group_migration_runs_twice_without_duplicates():
    from django.apps import apps

    from tests.initial_content import release_group

    before = Group.objects.get(name="Freigabe").permissions.count()
    release_group.create_release_group(apps, None)
    assert Group.objects.filter(name="Freigabe").count() == 1
    assert Group.objects.get(name="Freigabe").permissions.count() == before


def test_may_release(author, releaser, admin_user):
    assert release.may_release(releaser, Partner)
    assert release.may_release(releaser, Page)
    assert release.may_release(admin_user, Actor)
    assert not release.may_release(author, Partner)


def test_four_eyes_on_follows_the_setting(settings):
    assert release.four_eyes_on()
    settings.FOUR_EYES = False
    assert not release.four_eyes_on()


# --- Submitting --------------------------------------------------------------------------


def test_submit_keeps_the_values_and_leaves_the_live_row(author):
    partner = make_partner(teaser="Alt.", tags=["Bau"])
    partner.teaser = "Neu."
    change = release.submit(partner, author, tags=["Energie", "Bau"])
    assert change.state == PendingChange.State.SUBMITTED
    assert change.content_object == partner
    assert change.data["teaser"] == "Neu."
    assert change.data["tags"] == ["Bau", "Energie"]
    assert change.base["teaser"] == "Alt."
    assert not change.is_new_entry
    assert Partner.objects.get(pk=partner.pk).teaser == "Alt."


def test_submit_of_an_entry_not_yet_public_is_a_new_entry(author):
    partner = make_partner(is_published=False)
    assert release.submit(partner, author).is_new_entry


def test_a_second_submit_updates_the_open_change(author):
    partner = make_partner(teaser="Alt.")
    first = submitted_change(partner, author, teaser="Neu.")
    second = submitted_change(partner, author, teaser="Neuer.")
    assert first.pk == second.pk
    first.refresh_from_db()
    assert first.data["teaser"] == "Neuer."
    assert first.base["teaser"] == "Alt."
    assert PendingChange.objects.for_object(partner).count() == 1


def test_another_persons_submit_is_refused_while_one_is_open(author):
    partner = make_partner()
    submitted_change(partner, author, teaser="Neu.")
    with pytest.raises(release.ReleaseError, match="wartet bereits eine Änderung"):
        submitted_change(partner, make_staff("Redaktion"), teaser="Anders.")


# --- Preview ----------------------------------------------------------------------------


def test_preview_shows_the_submitted_values_and_is_never_saved(author):
    partner = make_partner(teaser="Alt.", tags=["Bau"])
    partner.teaser = "Neu."
    change = release.submit(partner, author, tags=["Energie"])
    preview = change.preview()
    assert preview.teaser == "Neu."
    assert preview.preview_tags == ["Energie"]
    with pytest.raises(release.ReleaseError):
        preview.save()
    assert Partner.objects.get(pk=partner.pk).teaser == "Alt."


def test_preview_of_a_new_entry_is_public(author):
    actor = make_actor(is_public=False)
    assert release.submit(actor, author).preview().is_public


# --- Releasing ---------------------------------------------------------------------------


def test_release_applies_the_change_and_records_who_and_when(author, releaser):
    partner = make_partner(teaser="Alt.", tags=["Bau"])
    partner.teaser = "Neu."
    change = release.submit(partner, author, tags=["Energie"])
    change.release(releaser)
    partner.refresh_from_db()
    assert partner.teaser == "Neu."
    assert partner.tag_names == ["Energie"]
    change.refresh_from_db()
    assert change.state == PendingChange.State.RELEASED
    assert change.decided_by == releaser
    assert change.decided_at is not None
    assert not change.released_as_superuser
    latest = partner.history.first()
    assert latest.history_user == releaser
    assert latest.history_change_reason.startswith(
        "Freigegeben von Frieda Freigeberin (eingereicht von Rita Redakteurin am "
    )
    assert latest.history_tags == ["Energie"]


def test_release_of_a_new_entry_publishes_it(author, releaser):
    partner = make_partner(is_published=False)
    release.submit(partner, author).release(releaser)
    assert Partner.objects.published().filter(pk=partner.pk).exists()


def test_release_keeps_a_later_change_to_another_field(author, releaser):
    partner = make_partner(teaser="Alt.", operator="Alt GmbH")
    change = submitted_change(partner, author, teaser="Neu.")
    Partner.objects.filter(pk=partner.pk).update(operator="Neu GmbH")
    change.release(releaser)
    partner.refresh_from_db()
    assert (partner.teaser, partner.operator) == ("Neu.", "Neu GmbH")


def test_release_names_fields_changed_since_the_submission(author):
    partner = make_partner(teaser="Alt.")
    change = submitted_change(partner, author, teaser="Neu.")
    Partner.objects.filter(pk=partner.pk).update(teaser="Zwischendurch.")
    assert change.changed_since() == ["Kurztext"]


def test_nobody_releases_their_own_change(author, releaser, admin_user):
    for submitter in (author, releaser, admin_user):
        actor = make_actor(name="Alt")
        change = submitted_change(actor, submitter, name="Neu")
        with pytest.raises(release.ReleaseError, match="selbst eingereicht"):
            change.release(submitter)
        assert Actor.objects.get(pk=actor.pk).name == "Alt"
        assert PendingChange.objects.get(pk=change.pk).is_open


def test_an_editor_may_not_release(author):
    change = submitted_change(make_actor(), author, name="Neu")
    with pytest.raises(release.ReleaseError, match="nicht freigeben"):
        change.release(make_staff("Redaktion"))


def test_a_superuser_releases_others_changes_recorded_as_such(author, admin_user):
    page = make_page(title="Alt")
    change = submitted_change(page, author, title="Impressum neu")
    change.release(admin_user)
    change.refresh_from_db()
    assert change.released_as_superuser
    assert Page.objects.get(pk=page.pk).title == "Impressum neu"
    assert page.history.first().history_change_reason.startswith(
        "Als Superuser freigegeben von admin (eingereicht von Rita Redakteurin am "
    )


def test_a_decided_change_is_not_released_again(author, releaser):
    change = submitted_change(make_actor(), author, name="Neu")
    change.release(releaser)
    with pytest.raises(release.ReleaseError, match="bereits entschieden"):
        change.release(make_staff("Freigabe"))


# --- Sending back -----------------------------------------------------------------------


def test_send_back_needs_a_comment_and_leaves_the_entry(author, releaser):
    actor = make_actor(name="Alt")
    change = submitted_change(actor, author, name="Neu")
    with pytest.raises(release.ReleaseError, match="warum"):
        change.send_back(releaser, "  ")
    change.send_back(releaser, "Bitte den Namen prüfen.")
    change.refresh_from_db()
    assert change.state == PendingChange.State.RETURNED
    assert change.comment == "Bitte den Namen prüfen."
    assert change.decided_by == releaser
    assert Actor.objects.get(pk=actor.pk).name == "Alt"


def test_the_submitter_may_not_send_back_but_withdraw(author):
    change = submitted_change(make_actor(), author, name="Neu")
    with pytest.raises(release.ReleaseError):
        change.send_back(author, "Eigene Rückgabe")
    change.withdraw(author)
    assert change.state == PendingChange.State.WITHDRAWN


# --- Queries -----------------------------------------------------------------------------


def test_querysets(author, releaser):
    mine = submitted_change(make_actor(), releaser, name="Von der Freigabe")
    theirs = submitted_change(make_partner(), author, teaser="Von der Redaktion.")
    old = submitted_change(make_page(), author, title="Alt eingereicht")
    PendingChange.objects.filter(pk=old.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=4)
    )
    done = submitted_change(make_actor(), author, name="Erledigt")
    done.release(releaser)
    assert set(PendingChange.objects.open()) == {mine, theirs, old}
    assert set(PendingChange.objects.reviewable_by(releaser)) == {theirs, old}
    assert set(PendingChange.objects.reviewable_by(author)) == set()
    assert list(PendingChange.objects.overdue()) == [old]
    assert PendingChange.objects.get(pk=old.pk).is_overdue
    assert not theirs.is_overdue
    assert set(PendingChange.objects.submitted_by_user(releaser)) == {mine}


def test_overdue_follows_the_setting(settings, author):
    change = submitted_change(make_actor(), author, name="Neu")
    now = timezone.now() + datetime.timedelta(days=2)
    assert not PendingChange.objects.overdue(now).exists()
    settings.RELEASE_OVERDUE_DAYS = 1
    assert PendingChange.objects.overdue(now).get() == change


def test_changed_fields_show_old_and_new_values(author):
    group = make_group(name="Neue Gruppe")
    partner = make_partner(teaser="Alt.", tags=["Bau"])
    partner.teaser = "Neu."
    partner.group = group
    change = release.submit(partner, author, tags=["Bau", "Energie"])
    rows = {label: (old, new) for label, old, new in change.changed_fields()}
    assert rows["Kurztext"] == ("Alt.", "Neu.")
    assert rows["Akteursgruppe"][1] == "Neue Gruppe"
    assert rows["Schlagwörter"] == ("Bau", "Bau, Energie")
    assert change.get_admin_url() == f"/admin/core/pendingchange/{change.pk}/change/"
