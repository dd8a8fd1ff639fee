"""Log-in throttling: five failures lock the user name and the address for a while."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from pytest_django.asserts import assertContains


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
