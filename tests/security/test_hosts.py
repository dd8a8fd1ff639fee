"""Requests for a host the site does not serve: its own 400 page and one line in the log."""

import logging

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from core.templatetags.page_meta import canonical_url, translated_url

BAD_HOSTS = ["evil.example", "", "127.0.0.1:abc"]


def host_records(caplog):
    return [record for record in caplog.records if record.name.startswith("django")]


@pytest.mark.django_db
@pytest.mark.parametrize("host", BAD_HOSTS)
@pytest.mark.parametrize("path", ["/", "/kontakt/", "/admin/"])
def test_unknown_host_gets_the_sites_own_400_page(client, office, caplog, host, path):
    caplog.set_level(logging.INFO)
    response = client.get(path, headers={"host": host})
    assertContains(response, "Diese Anfrage können wir nicht bearbeiten", status_code=400)
    assertContains(response, '<html lang="de">', status_code=400)
    assert "evil.example" not in response.content.decode()
    assertNotContains(response, 'content=""', status_code=400)  # no empty og:url
    [record] = host_records(caplog)
    assert record.name == "django.security.DisallowedHost"
    assert record.levelno == logging.WARNING
    assert record.exc_info is None
    assert "\n" not in record.getMessage()


@pytest.mark.django_db
def test_unknown_host_gets_the_security_headers(client, office):
    response = client.get("/", headers={"host": "evil.example"})
    assert response.status_code == 400
    assert "Content-Security-Policy" in response
    assert "Permissions-Policy" in response


@pytest.mark.django_db
def test_unknown_host_over_plain_http_in_a_deployment_gets_the_400_page(production, office, caplog):
    response = production.get("/", headers={"host": "evil.example"}, secure=False)
    assertContains(response, "Diese Anfrage können wir nicht bearbeiten", status_code=400)
    assert [record.levelno for record in host_records(caplog)] == [logging.WARNING]


@pytest.mark.django_db
def test_known_host_is_served_as_before(client, office, caplog):
    response = client.get("/", headers={"host": "localhost"})
    assertContains(response, '<link rel="alternate" hreflang="de" href="http://localhost/">')
    assert host_records(caplog) == []


def test_page_meta_names_no_address_for_an_unknown_host(rf):
    context = {"request": rf.get("/kontakt/", headers={"host": "evil.example"})}
    assert canonical_url(context) == ""
    assert translated_url(context, "en", absolute=True) == ""
    assert translated_url(context, "en") == "/en/kontakt/"


@pytest.mark.django_db
def test_back_office_error_page_renders_for_an_unknown_host(rf):
    from django.contrib.auth.models import AnonymousUser

    from newtrade.views import page_not_found

    request = rf.get(
        "/admin/nichts/",
        headers={"host": "evil.example", "referer": "http://evil.example/admin/"},
    )
    request.user = AnonymousUser()
    response = page_not_found(request, None)
    assertContains(response, "Diese Seite gibt es im Backoffice nicht", status_code=404)
    assert "evil.example" not in response.content.decode()
