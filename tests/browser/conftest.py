"""Headless Chromium for end-to-end tests, driven by Playwright.

The browser is the system's chromium (Debian's package in CI), never one Playwright downloads.
Without it the tests are skipped on a developer's machine; in CI (``CI`` set) they fail instead.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator

import pytest

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    configured = os.environ.get("NAERVAER_CHROMIUM")
    if configured:
        return configured if os.path.exists(configured) else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    executable = chromium_path()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing; CI must install it (apt-get install chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as profile, sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=executable,
            args=CHROMIUM_ARGS,
            headless=True,
            locale="da-DK",
            timezone_id="Europe/Copenhagen",
        )
        yield context
        context.close()


@pytest.fixture
def page(browser: object, transactional_db: None) -> Iterator[object]:
    context = browser
    context.clear_cookies()  # type: ignore[attr-defined]
    page = context.new_page()  # type: ignore[attr-defined]
    page.set_default_timeout(10_000)
    yield page
    page.close()
