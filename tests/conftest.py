import os
import shutil

import pytest

from tests import initial_content


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database has the tables and staff roles, but none of the initial
    content: each test builds its data with tests/factories.py, and only the
    tests of that content load it (the `initial_content` fixtures)."""
    with django_db_blocker.unblock():
        initial_content.remove()


@pytest.fixture
def seeded(db):
    """The initial content of the data migrations, for the tests of that content."""
    initial_content.load()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Accounts made by tests hash their passwords cheaply; the real hasher is Django's."""
    settings.PASSWORD_HASHERS = [
        "tests.hashers.FewIterationsPBKDF2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    """Render `{% static %}` without a collectstatic manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts without cached pages or counters from an earlier one."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def second_factor_on_force_login(request, monkeypatch):
    """Staff signed in with `Client.force_login` (also pytest-django's `admin_client`) have
    used their second factor too, as after the back office's real sign-in: the session is
    verified with a device of the account (tests/two_factor.py). Tests of the second
    factor itself mark themselves `@pytest.mark.password_only` to sign in with the
    password alone; browsers sign in with `tests.two_factor.sign_in`."""
    if request.node.get_closest_marker("password_only"):
        return
    from django.test import Client

    from tests.two_factor import verify_session

    force_login = Client.force_login

    def force_login_with_second_factor(self, user, backend=None):
        force_login(self, user, backend)
        if user.is_staff:
            verify_session(self, user)

    monkeypatch.setattr(Client, "force_login", force_login_with_second_factor)


@pytest.fixture(autouse=True)
def german():
    """Each test starts in German, whatever language an earlier request activated."""
    from django.utils import translation

    with translation.override("de"):
        yield


@pytest.fixture
def office(db):
    from tests.factories import make_office

    return make_office()


@pytest.fixture
def editor(db):
    """A staff member in the group "Redaktion" that the data migration creates."""
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user("redakteurin", password="geheim-12345", is_staff=True)
    user.groups.add(Group.objects.get(name="Redaktion"))
    return user


@pytest.fixture
def clock(monkeypatch):
    """Django's clock stands still and moves when told: clock(minutes=61) (tests/clock.py)."""
    from tests.clock import frozen

    return frozen(monkeypatch)


@pytest.fixture
def four_eyes_off(settings):
    """A one-person office (FOUR_EYES off): a Redaktion member's save goes live at once.
    For the tests that are not about the second pair of eyes (tests/core/test_release*.py);
    use it with `pytest.mark.usefixtures("four_eyes_off")`."""
    settings.FOUR_EYES = False


@pytest.fixture
def smtp_server(settings):
    """A local SMTP server (tests/smtp.py) that Django sends to; the test starts it."""
    from tests.smtp import LocalSMTPServer, free_port, use_smtp

    server = LocalSMTPServer(free_port())
    use_smtp(settings, server.port)
    yield server
    server.stop()


@pytest.fixture
def editor_client(editor):
    from django.test import Client

    client = Client()
    client.force_login(editor)
    return client


# --- Real browser: headless Debian Chromium driven by Playwright ------------------------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

needs_chromium = pytest.mark.skipif(
    shutil.which("chromium") is None,
    reason="Debian's Chromium is missing: apt-get install -y chromium (.ci/run does this)",
)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread; the
    # database work of the test itself stays synchronous and is safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def network(db):
    """A small network built with the factories (tests/factories.py: SampleNetwork)."""
    from tests.factories import SampleNetwork

    return SampleNetwork()
