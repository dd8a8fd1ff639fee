"""Request limits and the admin's address."""

import importlib

import pytest
from django.urls import clear_url_caches
from pytest_django.asserts import assertContains


@pytest.mark.django_db
def test_oversized_request_body_gets_the_sites_own_400_page(client):
    response = client.post("/barriere-melden/", {"page": "/", "message": "x" * (2 * 1024 * 1024)})
    assertContains(response, "Diese Anfrage können wir nicht bearbeiten", status_code=400)


@pytest.fixture
def moved_admin(settings):
    import newtrade.urls

    settings.ADMIN_PATH = "verwaltung-7f3a/"
    clear_url_caches()
    importlib.reload(newtrade.urls)
    yield
    settings.ADMIN_PATH = "admin/"
    clear_url_caches()
    importlib.reload(newtrade.urls)


@pytest.mark.django_db
def test_admin_address_can_be_moved_by_a_setting(client, moved_admin):
    assertContains(client.get("/verwaltung-7f3a/login/"), 'name="username"')
    assert client.get("/admin/login/").status_code == 404
    assert "verwaltung" not in client.get("/robots.txt").content.decode()
    assert "Content-Security-Policy" in client.get("/verwaltung-7f3a/login/")
    assert "'unsafe-inline'" in client.get("/verwaltung-7f3a/login/")["Content-Security-Policy"]
