"""Log-in throttling: five failures lock the user name and the address for a while."""

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains


@pytest.fixture
def chefin(db):
    from django.core.cache import cache

    cache.clear()
    yield User.objects.create_superuser("chefin", password="ein-sehr-langes-passwort")
    cache.clear()


def attempt(client, username, password="falsch"):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password})


def test_five_failed_logins_lock_the_user_even_with_the_right_password(chefin):
    client = Client(REMOTE_ADDR="198.51.100.1")
    for _ in range(4):
        assertContains(attempt(client, "chefin"), "Bitte Benutzername und Passwort")
    locked = attempt(client, "chefin")
    assert locked.status_code == 429
    assertContains(locked, "Zu viele fehlgeschlagene Anmeldeversuche", status_code=429)
    assertContains(locked, "für 15 Minuten gesperrt", status_code=429)  # AXES_COOLOFF_TIME
    title = "<title>Anmeldung vorübergehend gesperrt | newtrade nrw Backoffice</title>"
    assertContains(locked, title, status_code=429)
    assertContains(locked, "newtrade nrw – Backoffice", status_code=429)
    from_elsewhere = attempt(
        Client(REMOTE_ADDR="203.0.113.7"), "chefin", "ein-sehr-langes-passwort"
    )
    assert from_elsewhere.status_code == 429


def test_five_failed_logins_from_one_address_lock_that_address(chefin):
    client = Client(REMOTE_ADDR="198.51.100.2")
    for number in range(5):
        attempt(client, f"rate-{number}")
    assert attempt(client, "chefin", "ein-sehr-langes-passwort").status_code == 429
    other = attempt(Client(REMOTE_ADDR="203.0.113.8"), "chefin", "ein-sehr-langes-passwort")
    assert other.status_code == 302


def test_successful_login_resets_the_count(chefin):
    client = Client(REMOTE_ADDR="198.51.100.3")
    for _ in range(3):
        attempt(client, "chefin")
    assert attempt(client, "chefin", "ein-sehr-langes-passwort").status_code == 302
    client.logout()
    for _ in range(3):
        attempt(client, "chefin")
    assert attempt(client, "chefin", "ein-sehr-langes-passwort").status_code == 302


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", ""])
def test_login_with_a_refused_next_lands_on_the_admin_start_page(chefin, next_url):
    response = Client().post(
        f"/admin/login/?next={next_url}",
        {"username": "chefin", "password": "ein-sehr-langes-passwort"},
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
