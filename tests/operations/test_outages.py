"""Outages of the database and of Redis: visitors get the site's own pages, and the
logs say what happened."""

import json
import logging

import pytest

from pages.models import BarrierReport
from tests.subprocesses import run_django

CLOSED_PORT = 1  # nothing listens there


def test_database_outage_gives_503_pages_and_a_logged_error():
    code = """
import json
from django.conf import settings
from django.test import Client
# Static files as in a checkout, without collectstatic (the conftest does the same).
settings.STORAGES = {**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
client = Client(raise_request_exception=False, HTTP_HOST="localhost")
health, home, partner = (client.get(p) for p in ["/healthz", "/", "/partner/ein-partner/"])
print("RESULT", json.dumps({
    "health": [health.status_code, health.json()],
    "home": [home.status_code, home["Retry-After"], home.content.decode()],
    "partner": partner.status_code,
}))
"""
    result = run_django(code, DATABASE_URL=f"postgres://postgres@127.0.0.1:{CLOSED_PORT}/newtrade")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    outcome = json.loads(next(line for line in lines if line.startswith("RESULT"))[7:])
    assert outcome["health"] == [503, {"status": "unavailable", "database": False}]
    status, retry_after, html = outcome["home"]
    assert (status, retry_after) == (503, "60")
    assert "Die Website ist gleich wieder da" in html
    assert "Traceback" not in html and "OperationalError" not in html
    assert outcome["partner"] == 503
    logged = [json.loads(line) for line in lines if line.startswith("{")]
    errors = [entry for entry in logged if entry["level"] == "ERROR"]
    assert any(entry.get("request", {}).get("path") == "/" for entry in errors)
    assert any("OperationalError" in entry.get("exception", "") for entry in errors)


@pytest.fixture
def redis_down(settings):
    """The cache is django-redis on a port where no Redis listens; it fails open."""
    from django.core.cache import cache

    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{CLOSED_PORT}/0",
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 0.2,
                "SOCKET_TIMEOUT": 0.2,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    return cache


@pytest.mark.django_db
def test_redis_outage_still_serves_pages_and_forms_and_logs_it(client, network, redis_down, caplog):
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        assert redis_down.get("anything", "fallback") == "fallback"
        redis_down.set("key", "value")
        home = client.get("/")
        search = client.get("/partner/?q=Siegel")
        response = client.post("/barriere-melden/", {"page": "/", "message": "Kontrast"})
    assert home.status_code == 200
    assert network.partner.name in search.content.decode()
    assert response.status_code == 302
    assert BarrierReport.objects.count() == 1
    assert any(record.name == "core.cache" and record.exc_info for record in caplog.records)
