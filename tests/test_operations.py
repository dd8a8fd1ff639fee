"""Health check, outages of the database and of Redis, structured logs, backups."""

import datetime
import json
import logging
import sys

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.core import serializers
from django.core.management import CommandError, call_command
from django.test import Client
from pytest_django.asserts import assertContains

from core.log_format import JsonFormatter
from pages.models import BarrierReport, Page
from partners.models import Partner
from stakeholders.models import ContactPerson
from tests.factories import make_partner
from tests.subprocesses import run_django

CLOSED_PORT = 1  # nothing listens there


@pytest.mark.django_db
def test_health_check_answers_200_while_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True}


def test_database_outage_gives_503_pages_and_a_logged_error():
    code = """
import json
from django.conf import settings
from django.test import Client
# Static files as in a checkout, without collectstatic (the conftest does the same).
settings.STORAGES = {**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
client = Client(raise_request_exception=False, HTTP_HOST="localhost")
health, home, partner = (client.get(p) for p in ["/healthz", "/", "/partner/siegelklarheit/"])
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
    yield cache
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.mark.django_db
def test_redis_outage_still_serves_pages_and_forms_and_logs_it(client, redis_down, caplog):
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        assert redis_down.get("anything", "fallback") == "fallback"
        redis_down.set("key", "value")
        assert client.get("/").status_code == 200
        assert client.get("/partner/?q=Siegel").status_code == 200
        response = client.post("/barriere-melden/", {"page": "/", "message": "Kontrast"})
    assert response.status_code == 302
    assert BarrierReport.objects.count() == 1
    assert any(record.name == "core.cache" and record.exc_info for record in caplog.records)


def test_log_lines_are_json_with_request_context_and_no_address(rf):
    request = rf.get("/partner/", REMOTE_ADDR="198.51.100.23")
    try:
        raise ValueError("kaputt")
    except ValueError:
        record = logging.getLogger("django.request").makeRecord(
            "django.request",
            logging.ERROR,
            __file__,
            1,
            "Internal Server Error: %s",
            ("/partner/",),
            sys.exc_info(),
            extra={"request": request, "status_code": 500},
        )
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert entry["level"] == "ERROR"
    assert entry["message"] == "Internal Server Error: /partner/"
    assert entry["request"] == {"method": "GET", "path": "/partner/"}
    assert entry["status"] == 500
    assert "ValueError: kaputt" in entry["exception"]
    assert "198.51.100.23" not in line
    assert "\n" not in line


# --- Backups ---------------------------------------------------------------------------


def snapshot():
    """Every row of every model the backup covers, as comparable JSON."""
    rows = {}
    for label in settings.BACKUP_LABELS:
        models = (
            [apps.get_model(label)]
            if "." in label
            else list(apps.get_app_config(label).get_models())
        )
        for model in models:
            rows[model._meta.label] = serializers.serialize(
                "json",
                model._default_manager.order_by("pk"),
                use_natural_foreign_keys=True,
                use_natural_primary_keys=True,
            )
    return rows


@pytest.mark.django_db(transaction=True)
def test_export_and_import_lose_nothing(tmp_path):
    from tests import initial_content

    initial_content.load()
    editor = User.objects.create_user("redaktion", password="x" * 20, is_staff=True)
    partner = make_partner(name="Mit Geschichte", tags=["Mehrweg", "Kantine"])
    partner._history_user = editor
    partner.teaser = "Zweite Fassung."
    partner.save()
    ContactPerson.objects.create(partner_entry=partner, name="Frau Beispiel", role="Leitung")
    # A time below the millisecond, which Django's own JSON format would cut off.
    reported_at = datetime.datetime(2026, 3, 1, 9, 30, 15, 456, tzinfo=datetime.UTC)
    BarrierReport.objects.create(page="/", message="Kontrast")
    BarrierReport.objects.update(created_at=reported_at)
    Page.objects.filter(slug="impressum").update(body="## Verantwortlich\nNoch offen.")
    before = snapshot()
    export = tmp_path / "netzwerk.json"
    call_command("export_network", str(export))

    Partner.objects.filter(pk=partner.pk).delete()
    BarrierReport.objects.all().delete()
    call_command("import_network", str(export), "--replace")

    assert snapshot() == before
    assert BarrierReport.objects.get().created_at == reported_at
    restored = Partner.objects.get(name="Mit Geschichte")
    assert set(restored.tags.names()) == {"Mehrweg", "Kantine"}
    assert restored.history.count() == 2
    assert restored.history.first().history_user == User.objects.get(username="redaktion")


@pytest.mark.django_db
def test_import_needs_confirmation_and_refuses_bad_files(tmp_path):
    export = tmp_path / "netzwerk.json"
    call_command("export_network", str(export))
    with pytest.raises(CommandError, match="--replace"):
        call_command("import_network", str(export))
    broken = tmp_path / "kaputt.json"
    broken.write_text("{nicht json", encoding="utf-8")
    with pytest.raises(CommandError, match="not a readable JSON file"):
        call_command("import_network", str(broken), "--replace")
    foreign = tmp_path / "fremd.json"
    foreign.write_text(json.dumps([{"model": "sessions.session", "fields": {}}]))
    with pytest.raises(CommandError, match="does not restore"):
        call_command("import_network", str(foreign), "--replace")
    assert Partner.objects.count() == 6  # nothing was touched


@pytest.mark.django_db(transaction=True)
def test_failed_import_leaves_the_database_as_it_was(tmp_path):
    from tests import initial_content

    initial_content.load()
    before = snapshot()
    bad = tmp_path / "defekt.json"
    bad.write_text(
        json.dumps([{"model": "partners.partner", "pk": 1, "fields": {"name": "ohne Gruppe"}}])
    )
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("import_network", str(bad), "--replace")
    assert snapshot() == before


@pytest.mark.django_db
def test_health_check_is_not_translated_or_redirected(client):
    assertContains(client.get("/healthz"), '"status": "ok"')
    assert client.get("/en/healthz").status_code == 404
    assert Client().get("/healthz").cookies == {}
