"""The settings refuse unsafe deployments and follow the environment."""

import os

import pytest
from django.conf import settings

from tests.subprocesses import run_django

STRONG_KEY = "x" * 60


def load_settings(**environ):
    """Import the settings in a fresh interpreter with only the given variables set."""
    code = (
        "from django.conf import settings\n"
        "print(settings.DEBUG, settings.SESSION_COOKIE_SECURE, settings.CACHES['default']"
        "['BACKEND'])"
    )
    return run_django(code, **environ)


def test_local_quick_start_needs_no_configuration():
    result = load_settings()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "False",
        "django.core.cache.backends.filebased.FileBasedCache",
    ]


def test_deployment_without_secret_key_refuses_to_start():
    result = load_settings(DJANGO_ALLOWED_HOSTS="www.example.org")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_deployment_with_weak_secret_key_refuses_to_start():
    result = load_settings(DJANGO_ALLOWED_HOSTS="www.example.org", DJANGO_SECRET_KEY="geheim")
    assert result.returncode != 0
    assert "too weak" in result.stderr


def test_empty_allowed_hosts_refuse_to_start():
    result = load_settings(DJANGO_ALLOWED_HOSTS="", DJANGO_SECRET_KEY=STRONG_KEY)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS is set but empty" in result.stderr


def test_wildcard_host_refuses_to_start_outside_debug():
    result = load_settings(DJANGO_ALLOWED_HOSTS="*", DJANGO_SECRET_KEY=STRONG_KEY)
    assert result.returncode != 0
    assert "must not contain '*'" in result.stderr


def test_deployment_with_hosts_and_key_starts_with_secure_cookies():
    result = load_settings(
        DJANGO_ALLOWED_HOSTS="www.example.org", DJANGO_SECRET_KEY=STRONG_KEY, DJANGO_DEBUG="0"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "True",
        "django.core.cache.backends.filebased.FileBasedCache",
    ]


def test_debug_only_when_asked_for():
    assert load_settings(DJANGO_DEBUG="1").stdout.split()[0] == "True"


def test_redis_url_switches_the_cache_to_redis():
    result = load_settings(REDIS_URL="redis://127.0.0.1:6379/0")
    assert result.stdout.split()[-1] == "django_redis.cache.RedisCache"


def test_language_and_time_zone():
    assert settings.LANGUAGE_CODE == "de"
    assert settings.TIME_ZONE == "Europe/Berlin"


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set")
def test_configured_redis_cache_stores_and_returns_values():
    from django.core.cache import cache

    cache.set("newtrade-test", {"Grüße": 1}, 5)
    assert cache.get("newtrade-test") == {"Grüße": 1}
    cache.delete("newtrade-test")


@pytest.mark.django_db
def test_suite_runs_on_the_database_that_database_url_names():
    from django.db import connection

    url = os.environ.get("DATABASE_URL", "sqlite://")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected
