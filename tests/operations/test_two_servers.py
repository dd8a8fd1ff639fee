"""Two gunicorn instances on one PostgreSQL and one Redis behave as one site.

Runs where the suite itself runs on PostgreSQL and Redis (the second CI pass).
"""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User

from tests.subprocesses import ROOT, run
from tests.two_factor import app_code, make_app_device

pytestmark = pytest.mark.skipif(
    django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql"
    or not os.environ.get("REDIS_URL"),
    reason="needs PostgreSQL and Redis (DATABASE_URL and REDIS_URL), as in the second CI pass",
)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def two_servers(live_network):
    """Two gunicorn servers on the test database, which holds the sample network."""
    db = django_settings.DATABASES["default"]
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    )
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "newtrade.settings",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    collected = run("manage.py", "collectstatic", "--noinput", "--verbosity", "0")
    assert collected.returncode == 0, collected.stderr
    ports = [free_port(), free_port()]
    servers = [
        subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "newtrade.wsgi", "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    try:  # the servers stop also when one did not start: they would hold the test database
        deadline = time.monotonic() + 30
        for url in urls:
            while True:
                try:
                    urllib.request.urlopen(f"{url}/healthz", timeout=2)
                    break
                except (urllib.error.URLError, ConnectionError):
                    if time.monotonic() > deadline:
                        pytest.fail(f"{url} did not start")
                    time.sleep(0.2)
        yield urls
    finally:
        for server in servers:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


class Browser:
    """Just enough of a browser: one cookie jar for both servers, forms with CSRF tokens."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, url):
        try:
            with self.opener.open(url, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post(self, url, form_url, data):
        _status, html = self.get(form_url)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}, doseq=True)
        request = urllib.request.Request(url, data=body.encode(), headers={"Referer": form_url})
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def test_change_through_one_server_is_visible_through_the_other_with_one_session(
    two_servers, live_network
):
    first, second = two_servers
    chefin = User.objects.create_superuser("chefin", password="ein-sehr-langes-passwort")
    app = make_app_device(chefin)
    browser = Browser()

    status, html = browser.post(
        f"{first}/admin/login/?next=/admin/",
        f"{first}/admin/login/",
        {"username": "chefin", "password": "ein-sehr-langes-passwort"},
    )
    assert status == 200
    assert "Zweiter Faktor" in html or "zweiten Faktor" in html
    # The second step on the other server: the session of the first one holds there.
    verify = f"{second}/admin/zweiter-faktor/bestaetigen/?next=/admin/"
    status, html = browser.post(verify, verify, {"code": app_code(app)})
    assert status == 200
    status, html = browser.get(f"{first}/admin/")
    assert status == 200
    assert "chefin" in html and "Überblick über das Netzwerk" in html

    partner = live_network.partner
    path = partner.get_absolute_url()
    anonymous = Browser()
    assert anonymous.get(f"{first}{path}")[0] == 200
    assert partner.name in anonymous.get(f"{first}/partner/")[1]  # now kept in the cache
    status, html = browser.post(
        f"{second}/admin/partners/partner/",
        f"{second}/admin/partners/partner/",
        {"action": "unpublish", "_selected_action": [partner.pk], "index": "0"},
    )
    assert status == 200
    assert "1 Eintrag verborgen." in html
    assert anonymous.get(f"{first}{path}")[0] == 404
    assert partner.name not in anonymous.get(f"{first}/partner/")[1]
