"""Running Django in a fresh interpreter with a chosen environment."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def clean_environment(**environ):
    """This process's environment without any DJANGO_ or REDIS_ setting, plus `environ`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_"))}
    return {**env, **environ, "DJANGO_SETTINGS_MODULE": "newtrade.settings"}


def run(*args, **environ):
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=clean_environment(**environ),
        capture_output=True,
        text=True,
        timeout=120,
    )


def run_django(code, **environ):
    """Run `code` after django.setup() with only these variables set."""
    return run("-c", f"import django; django.setup()\n{code}", **environ)


def wait_for_port(port, server, describe, seconds=30):
    """Wait until `server` (a Popen) accepts connections on `port`; fail the test with
    `describe()` (its output, say) if it exits first or takes longer than `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail(f"gunicorn did not start: {describe()}")
            time.sleep(0.2)
