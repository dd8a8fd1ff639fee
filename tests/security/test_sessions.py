"""Signed-in sessions end: 8 hours after the sign-in, after an hour without a request in
the back office, and on the server when staff sign out (core/signin.py)."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django.asserts import assertContains

from tests.security.conftest import PASSWORD
from tests.subprocesses import run_django


@pytest.fixture
def signed_in(chefin):
    client = Client()
    client.force_login(chefin)
    assert client.get("/admin/").status_code == 200
    return client


def session_key(client):
    return client.cookies["sessionid"].value


def test_signing_in_starts_a_session_of_eight_hours_at_most(chefin):
    client = Client()
    before = timezone.now()
    response = client.post("/admin/login/", {"username": "chefin", "password": PASSWORD})
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert 8 * 3600 - 5 <= int(cookie["max-age"]) <= 8 * 3600
    stored = Session.objects.get(session_key=cookie.value)
    eight_hours = datetime.timedelta(hours=8)
    assert before + eight_hours <= stored.expire_date <= timezone.now() + eight_hours


def test_a_session_ends_after_an_hour_without_a_request(signed_in, clock):
    key = session_key(signed_in)
    clock(minutes=61)
    response = signed_in.get("/admin/partners/partner/", follow=True)
    assert response.redirect_chain[0][0] == "/admin/login/?next=/admin/partners/partner/"
    assertContains(response, "Ihre Sitzung ist nach 60 Minuten ohne Aktivität abgelaufen.")
    assert not Session.objects.filter(session_key=key).exists()
    assert not response.context["user"].is_authenticated


def test_requests_keep_a_session_alive_until_eight_hours_after_the_sign_in(signed_in, clock):
    for _ in range(9):  # 7 h 30 min, a request every 50 minutes
        clock(minutes=50)
        assert signed_in.get("/admin/").status_code == 200
    clock(minutes=31)  # 8 h 1 min after the sign-in
    response = signed_in.get("/admin/", follow=True)
    assert response.redirect_chain[0][0] == "/admin/login/?next=/admin/"
    ended = (
        "Ihre Sitzung ist abgelaufen: Im Backoffice endet sie 8 Stunden nach der Anmeldung "
        "und nach 60 Minuten ohne Aktivität. Bitte melden Sie sich erneut an."
    )
    assertContains(response, ended)
    assert not response.context["user"].is_authenticated


def test_the_limits_come_from_the_settings(signed_in, clock, settings):
    settings.ADMIN_SESSION_IDLE_MINUTES = 5
    clock(minutes=4)
    assert signed_in.get("/admin/").status_code == 200
    clock(minutes=4)
    assert signed_in.get("/admin/").status_code == 200  # 4 minutes since the last request
    clock(minutes=6)
    response = signed_in.get("/admin/", follow=True)
    assertContains(response, "nach 5 Minuten ohne Aktivität abgelaufen")
    settings.ADMIN_SESSION_IDLE_MINUTES = 60
    settings.ADMIN_SESSION_HOURS = 1
    signed_in.force_login(User.objects.get())
    clock(minutes=59)
    assert signed_in.get("/admin/").status_code == 200
    clock(minutes=2)
    assertContains(signed_in.get("/admin/", follow=True), "endet sie 1 Stunde nach der Anmeldung")


def test_an_ended_session_shows_no_hidden_entries_on_public_pages(signed_in, clock):
    from tests.factories import make_partner

    draft = make_partner()
    draft.set_visible(False)
    assert signed_in.get(draft.get_absolute_url()).status_code == 200  # staff preview
    clock(minutes=61)
    cache.clear()  # the kept copy of the preview is gone after 10 minutes (the page cache)
    assert signed_in.get(draft.get_absolute_url()).status_code == 404


def test_a_session_without_a_sign_in_time_has_ended(signed_in):
    session = signed_in.session
    del session["signin_started"]
    session.save()
    response = signed_in.get("/admin/", follow=True)
    assertContains(response, "Ihre Sitzung ist abgelaufen:")


def test_signing_out_ends_the_session_on_the_server(signed_in):
    key = session_key(signed_in)
    assert signed_in.post("/admin/logout/").status_code == 200
    assert not Session.objects.filter(session_key=key).exists()
    old_cookie = Client()
    old_cookie.cookies["sessionid"] = key
    response = old_cookie.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_public_visitors_get_no_session_and_cached_pages(db, network):
    client = Client()

    def made_anew():
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/partner/")
        assert response.status_code == 200
        assert "sessionid" not in response.cookies
        return len(queries) > 0

    assert made_anew()
    assert not made_anew()  # from the page cache
    assert not Session.objects.exists()


def test_the_environment_sets_the_limits():
    code = (
        "from django.conf import settings\n"
        "print(settings.ADMIN_SESSION_HOURS, settings.ADMIN_SESSION_IDLE_MINUTES,"
        " settings.SESSION_COOKIE_AGE)"
    )
    result = run_django(code, DJANGO_ADMIN_SESSION_HOURS="4", DJANGO_ADMIN_IDLE_MINUTES="20")
    assert result.stdout.split() == ["4", "20", "14400"], result.stderr
    refused = run_django("", DJANGO_ADMIN_IDLE_MINUTES="0")
    assert refused.returncode != 0
    assert "DJANGO_ADMIN_IDLE_MINUTES must be at least 1" in refused.stderr
