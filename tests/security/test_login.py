"""Log-in throttling: five failures lock one user name at one address, thirty failures
with any user names lock the address; colleagues behind the same address sign in."""

import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db.models import F
from django.test import Client
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from core.models import SignInRecord
from tests.security.conftest import PASSWORD


@pytest.fixture
def kollege(db):
    return User.objects.create_user("kollege", password="auch-ein-langes-passwort", is_staff=True)


def attempt(client, username, password="falsch"):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password})


def minutes_pass(minutes):
    """Move every stored attempt back in time, as if `minutes` had passed."""
    delta = datetime.timedelta(minutes=minutes)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - delta)
    SignInRecord.objects.update(at=F("at") - delta)


def lock_time(attempt_time):
    """The time the lockout page names: 15 minutes on, rounded up to the minute."""
    until = timezone.localtime(attempt_time + datetime.timedelta(minutes=15))
    if until.second or until.microsecond:
        until = until.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)
    return until.strftime("%H:%M")


def test_five_failed_logins_lock_the_user_name_at_that_address(chefin):
    client = Client(REMOTE_ADDR="198.51.100.1")
    for _ in range(4):
        assertContains(attempt(client, "chefin"), "Bitte Benutzername und Passwort")
    locked = attempt(client, "chefin")
    assert locked.status_code == 429
    assertContains(
        locked, "Für den Benutzernamen „chefin“ sind von Ihrer Adresse aus", status_code=429
    )
    when = lock_time(AccessAttempt.objects.get().attempt_time)
    assertContains(locked, f"ab {when} Uhr", status_code=429)
    assertContains(locked, "(in 15 Minuten)", status_code=429)
    assertContains(
        locked, '<a href="/admin/passwort-vergessen/">Zugangsdaten vergessen?</a>', status_code=429
    )
    title = "<title>Anmeldung vorübergehend gesperrt | newtrade nrw Backoffice</title>"
    assertContains(locked, title, status_code=429)
    assertContains(locked, "newtrade nrw – Backoffice", status_code=429)
    assert attempt(client, "chefin", PASSWORD).status_code == 429  # the right one, too


def test_a_locked_user_name_signs_in_from_another_address(chefin):
    for _ in range(5):
        attempt(Client(REMOTE_ADDR="198.51.100.1"), "chefin")
    assert attempt(Client(REMOTE_ADDR="203.0.113.7"), "chefin", PASSWORD).status_code == 302


def test_a_colleague_behind_the_same_address_is_not_locked_out(chefin, kollege):
    office = Client(REMOTE_ADDR="198.51.100.2")
    for _ in range(6):
        attempt(office, "kollege")
    assert attempt(office, "kollege", "auch-ein-langes-passwort").status_code == 429
    colleague = Client(REMOTE_ADDR="198.51.100.2")
    assert attempt(colleague, "chefin", PASSWORD).status_code == 302


def test_attempts_during_a_lock_do_not_extend_it(chefin):
    client = Client(REMOTE_ADDR="198.51.100.3")
    for _ in range(5):
        attempt(client, "chefin")
    minutes_pass(10)
    refused = attempt(client, "chefin")
    assertContains(refused, "(in 5 Minuten)", status_code=429)
    minutes_pass(5)
    assert attempt(client, "chefin", PASSWORD).status_code == 302


def test_thirty_failures_with_any_user_names_lock_the_address(chefin, kollege):
    client = Client(REMOTE_ADDR="198.51.100.4")
    for number in range(29):
        attempt(client, f"rate-{number}")
    assert attempt(client, "chefin", PASSWORD).status_code == 302  # 29: still allowed
    attempt(Client(REMOTE_ADDR="198.51.100.4"), "rate-29")
    locked = attempt(Client(REMOTE_ADDR="198.51.100.4"), "kollege", "auch-ein-langes-passwort")
    assert locked.status_code == 429
    text = "mindestens 30 Anmeldungen\n  mit verschiedenen Benutzernamen fehlgeschlagen"
    assertContains(locked, text, status_code=429)
    first_counted = SignInRecord.objects.filter(succeeded=False, locked_out=False).earliest("at")
    assertContains(locked, f"ab {lock_time(first_counted.at)} Uhr", status_code=429)
    assertContains(locked, "Zugangsdaten vergessen?", status_code=429)
    elsewhere = attempt(Client(REMOTE_ADDR="203.0.113.8"), "kollege", "auch-ein-langes-passwort")
    assert elsewhere.status_code == 302
    minutes_pass(15)
    again = attempt(Client(REMOTE_ADDR="198.51.100.4"), "kollege", "auch-ein-langes-passwort")
    assert again.status_code == 302


def test_successful_login_resets_the_count(chefin):
    client = Client(REMOTE_ADDR="198.51.100.5")
    for _ in range(3):
        attempt(client, "chefin")
    assert attempt(client, "chefin", PASSWORD).status_code == 302
    client.logout()
    for _ in range(3):
        attempt(client, "chefin")
    assert attempt(client, "chefin", PASSWORD).status_code == 302


def test_the_lock_counters_hold_no_client_address(chefin):
    for _ in range(5):
        attempt(Client(REMOTE_ADDR="198.51.100.6", HTTP_X_FORWARDED_FOR="192.0.2.44"), "chefin")
    stored = AccessAttempt.objects.get()
    assert stored.ip_address.startswith("fd")
    assert "192.0.2.44" not in str(AccessAttempt.objects.values().get())
    assert "198.51.100.6" not in str(AccessAttempt.objects.values().get())


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", ""])
def test_login_with_a_refused_next_lands_on_the_admin_start_page(chefin, next_url):
    response = Client().post(
        f"/admin/login/?next={next_url}",
        {"username": "chefin", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def reset_link(body):
    return re.search(r"https?://testserver(/admin/passwort-neu/\S+/)", body).group(1)


def test_forgotten_password_is_reset_by_mail_in_german(chefin, client, mailoutbox):
    chefin.email = "chefin@example.org"
    chefin.save()
    login = client.get("/admin/login/")
    assertContains(login, 'href="/admin/passwort-vergessen/"')
    assertContains(login, "Zugangsdaten vergessen?")
    form = client.get("/admin/passwort-vergessen/")
    assertContains(form, "Passwort vergessen?")
    sent = client.post("/admin/passwort-vergessen/", {"email": "chefin@example.org"}, follow=True)
    assertContains(sent, "E-Mail")
    assert [message.to for message in mailoutbox] == [["chefin@example.org"]]
    body = mailoutbox[0].body
    assert mailoutbox[0].subject == "Neues Passwort für das Backoffice von newtrade nrw"
    assert "Ihr Benutzername: chefin" in body and "24 Stunden" in body
    assert "you" not in body  # Django's own mail has English lines left
    confirm = client.get(reset_link(body), follow=True)
    for page in (form, sent, confirm):
        assertContains(page, "newtrade nrw – Backoffice")
        assertNotContains(page, "Django")
    new_password = "ein-neues-langes-passwort-42"
    done = client.post(
        confirm.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
        follow=True,
    )
    assertContains(done, "Passwort")
    assertNotContains(done, "Django")
    signed_in = Client().post("/admin/login/", {"username": "chefin", "password": new_password})
    assert signed_in.status_code == 302 and signed_in["Location"] == "/admin/"


def test_password_reset_link_expires_after_a_day(chefin, client, mailoutbox, monkeypatch):
    chefin.email = "chefin@example.org"
    chefin.save()
    client.post("/admin/passwort-vergessen/", {"email": "chefin@example.org"})
    link = reset_link(mailoutbox[0].body)
    later = datetime.datetime.now() + datetime.timedelta(hours=25)
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: later)
    expired = client.get(link, follow=True)
    assertContains(expired, "ungültig")
    assert not expired.context["validlink"]
