"""Every attempt to sign in to the back office is recorded, without the client's address,
for superusers to read, and deleted after SIGN_IN_RECORD_RETENTION_DAYS."""

import datetime
import re

from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from core.models import SignInRecord
from tests.security.conftest import PASSWORD

CHANGELIST = "/admin/core/signinrecord/"


def attempt(address, username, password="falsch"):
    client = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=address)
    return client.post("/admin/login/", {"username": username, "password": password})


def test_each_sign_in_at_the_back_office_is_recorded_without_the_address(chefin):
    before = timezone.now()
    attempt("192.0.2.10", "niemand")
    attempt("192.0.2.10", "chefin")
    assert attempt("192.0.2.10", "chefin", PASSWORD).status_code == 302
    attempt("198.51.100.77", "chefin")
    records = list(SignInRecord.objects.order_by("at"))
    assert [(r.username, r.user, r.succeeded) for r in records] == [
        ("niemand", None, False),
        ("chefin", chefin, False),
        ("chefin", chefin, True),
        ("chefin", chefin, False),
    ]
    assert all(before <= r.at <= timezone.now() for r in records)
    hashes = [r.address_hash for r in records]
    assert all(re.fullmatch(r"[0-9a-f]{32}", value) for value in hashes)
    assert hashes[0] == hashes[1] == hashes[2] != hashes[3]
    stored = str(list(SignInRecord.objects.values())) + str(list(AccessAttempt.objects.values()))
    assert "192.0.2.10" not in stored and "198.51.100.77" not in stored


def test_attempts_refused_during_a_lock_are_recorded_as_such(chefin):
    for _ in range(6):
        attempt("192.0.2.11", "chefin")
    assert attempt("192.0.2.11", "chefin", PASSWORD).status_code == 429
    outcomes = list(SignInRecord.objects.order_by("at").values_list("succeeded", "locked_out"))
    assert outcomes == [(False, False)] * 5 + [(False, True)] * 2


def test_a_sign_in_without_the_log_in_form_is_not_recorded(chefin):
    Client().force_login(chefin)
    assert not SignInRecord.objects.exists()


def test_the_record_outlives_a_deleted_account(chefin):
    attempt("192.0.2.12", "chefin", PASSWORD)
    chefin.delete()
    record = SignInRecord.objects.get()
    assert record.user is None and record.username == "chefin"


def test_superusers_read_the_records_with_filters_search_and_the_same_address(chefin):
    attempt("192.0.2.13", "chefin")
    attempt("192.0.2.13", "chefin", PASSWORD)
    attempt("198.51.100.78", "Unbekannt")
    client = Client()
    client.force_login(chefin)
    page = client.get(CHANGELIST)
    assertContains(page, "Anmeldungen")
    for text in ["Zeitpunkt", "Benutzername", "Konto", "Ergebnis", "Gleiche Adresse"]:
        assertContains(page, text)
    for outcome in ["angemeldet", "fehlgeschlagen"]:
        assertContains(page, outcome)
    assertContains(page, "Nach Erfolg")
    failed = client.get(CHANGELIST, {"succeeded__exact": "0"})
    assert {r.username for r in failed.context["cl"].result_list} == {"chefin", "Unbekannt"}
    found = client.get(CHANGELIST, {"q": "unbekannt"})
    assert [r.username for r in found.context["cl"].result_list] == ["Unbekannt"]
    same = SignInRecord.objects.get(succeeded=True).address_hash
    assertContains(page, f'href="{CHANGELIST}?address_hash={same}"', count=2)
    from_there = client.get(CHANGELIST, {"address_hash": same})
    assert len(from_there.context["cl"].result_list) == 2


def test_nobody_changes_the_records_and_only_superusers_read_them(chefin, editor_client):
    attempt("192.0.2.14", "chefin")
    record = SignInRecord.objects.get()
    superuser = Client()
    superuser.force_login(chefin)
    assert superuser.get(f"{CHANGELIST}add/").status_code == 403
    view = superuser.get(f"{CHANGELIST}{record.pk}/change/")
    assert view.status_code == 200
    assertNotContains(view, 'name="_save"')
    assert superuser.post(f"{CHANGELIST}{record.pk}/delete/", {"post": "yes"}).status_code == 403
    assert SignInRecord.objects.exists()
    assertContains(superuser.get("/admin/"), CHANGELIST)
    assert editor_client.get(CHANGELIST).status_code == 403
    assertNotContains(editor_client.get("/admin/"), CHANGELIST)


def test_old_records_and_expired_lock_counters_are_deleted(chefin, settings):
    now = timezone.now()
    SignInRecord.objects.bulk_create(
        [
            SignInRecord(username="alt", at=now - datetime.timedelta(days=91)),
            SignInRecord(username="neu", at=now - datetime.timedelta(days=89)),
        ]
    )
    AccessAttempt.objects.bulk_create(
        [
            AccessAttempt(username=name, user_agent="x", failures_since_start=1, attempt_time=time)
            for name, time in [("alt", now - datetime.timedelta(minutes=16)), ("neu", now)]
        ]
    )
    # auto_now_add set the attempt times to now
    AccessAttempt.objects.filter(username="alt").update(
        attempt_time=now - datetime.timedelta(minutes=16)
    )
    call_command("delete_old_sign_in_records", "--dry-run")
    assert SignInRecord.objects.count() == 2
    call_command("delete_old_sign_in_records")
    assert list(SignInRecord.objects.values_list("username", flat=True)) == ["neu"]
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["neu"]
    settings.SIGN_IN_RECORD_RETENTION_DAYS = 30
    call_command("delete_old_sign_in_records")
    assert not SignInRecord.objects.exists()
