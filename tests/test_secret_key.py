"""Outside demo mode the web server does not start on the public built-in SECRET_KEY (issue 12,
point 8); the demo and the tests still run without one."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def start_server(**env: str) -> subprocess.CompletedProcess[str]:
    """Import the WSGI application as gunicorn or runserver would, in a clean environment."""
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "NAERVAER_DEMO"}}
    return subprocess.run(
        [sys.executable, "-c", "import naervaer.wsgi"],
        env={**clean, "DJANGO_SETTINGS_MODULE": "naervaer.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_server_refuses_to_start_without_a_secret_key() -> None:
    result = start_server()
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize(
    "env", [{"SECRET_KEY": "a-long-random-value-for-this-installation"}, {"NAERVAER_DEMO": "1"}]
)
def test_it_starts_with_a_key_of_its_own_or_as_the_demo(env: dict[str, str]) -> None:
    result = start_server(**env)
    assert result.returncode == 0, result.stderr
