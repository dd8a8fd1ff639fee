"""What the security tests share: a deployment's settings, browser pages, and the
superuser "chefin" whose sign-in, lockouts, sessions and second factor they try."""

import pytest

from tests.browser.harness import desktop_page, live_network
from tests.security.production import production, production_settings

__all__ = ["desktop_page", "live_network", "production", "production_settings"]

PASSWORD = "ein-sehr-langes-passwort"


@pytest.fixture
def chefin(db):
    from django.contrib.auth.models import User

    return User.objects.create_superuser("chefin", password=PASSWORD)
