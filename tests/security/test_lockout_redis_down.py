"""The lockout holds while Redis is down: a deployment with REDIS_URL counts failed
log-ins in the database, not in a cache that ignores its errors (where every failure
would count as the first)."""

import json
import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.core.cache import cache
from django.test import Client

from tests.security.conftest import PASSWORD
from tests.security.production import PRODUCTION
from tests.subprocesses import run_django


@pytest.fixture(scope="module")
def deployment_with_redis():
    """What the settings module gives a deployment with REDIS_URL: its cache and its
    axes handler."""
    code = (
        "import json; from django.conf import settings\n"
        "print(json.dumps({'CACHES': settings.CACHES, 'AXES_HANDLER': settings.AXES_HANDLER}))"
    )
    result = run_django(code, REDIS_URL="redis://127.0.0.1:6379/8", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_at(settings, deployment_with_redis):
    """Apply the deployment's cache, pointed at a Redis on `port`, and its axes handler."""

    def apply(port):
        caches = json.loads(json.dumps(deployment_with_redis["CACHES"]))
        caches["default"]["LOCATION"] = f"redis://127.0.0.1:{port}/8"
        settings.CACHES = caches
        settings.AXES_HANDLER = deployment_with_redis["AXES_HANDLER"]

    return apply


def attempt(client, password="falsch"):
    return client.post("/admin/login/", {"username": "chefin", "password": password})


def cache_answers():
    cache.set("probe", "da", timeout=60)
    return cache.get("probe") == "da"


def test_the_deployment_uses_django_redis_that_ignores_its_errors(deployment_with_redis):
    default = deployment_with_redis["CACHES"]["default"]
    assert default["BACKEND"] == "django_redis.cache.RedisCache"
    assert default["OPTIONS"]["IGNORE_EXCEPTIONS"] is True
    assert deployment_with_redis["AXES_HANDLER"] == "core.signin.SignInHandler"


def test_with_redis_unreachable_eight_wrong_passwords_lock_the_right_one_out(redis_at, chefin):
    redis_at(free_port())  # nothing listens there
    assert not cache_answers()
    client = Client(REMOTE_ADDR="198.51.100.20")
    statuses = [attempt(client).status_code for _ in range(8)]
    assert statuses == [200, 200, 200, 200, 429, 429, 429, 429]
    assert attempt(client, PASSWORD).status_code == 429


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="no redis-server here")
def test_failures_counted_before_redis_stops_still_count_after(redis_at, chefin, tmp_path):
    port = free_port()
    server = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--dir",
            tmp_path,
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        probe = redis.Redis(port=port, socket_connect_timeout=0.5)
        for _ in range(50):  # up to 5 s for it to start
            try:
                if probe.ping():
                    break
            except redis.ConnectionError:
                time.sleep(0.1)
        redis_at(port)
        assert cache_answers()
        client = Client(REMOTE_ADDR="198.51.100.21")
        before = [attempt(client).status_code for _ in range(3)]
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert not cache_answers()
    after = [attempt(client).status_code for _ in range(5)]
    assert before + after == [200, 200, 200, 200, 429, 429, 429, 429]
    assert attempt(client, PASSWORD).status_code == 429
