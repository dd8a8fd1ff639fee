"""Running Django in a fresh interpreter with a chosen environment."""

import os
import subprocess
import sys
from pathlib import Path

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
