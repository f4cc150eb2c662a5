"""Headless Chromium for end-to-end tests, driven by Playwright.

The browser is the system's chromium (Debian's package in CI), never one Playwright downloads.
Without it the tests are skipped on a developer's machine; in CI (``CI`` set) they fail instead.

Every document a test shows is checked (``checks.py``: axe-core's serious and critical
violations, English in the Danish UI): Playwright's actions that can leave or change a page
(goto, click, press, fill, select, close, ...) check the page first, and every page still open
is checked when the test ends. A page changed by htmx counts as unchecked again. Any finding
fails the test, so no test can forget the checks.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import tempfile
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

from tests.browser.checks import Finding, check_document

if TYPE_CHECKING:  # the fixtures import Playwright itself only once a browser test runs
    from playwright.sync_api import BrowserContext, Page

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
def browser() -> Iterator[BrowserContext]:
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
        context.add_init_script(script=_MARK_CHANGED)
        with _checks_before_every_action():
            yield context
        context.close()


# A document starts unchecked; htmx swapping in new content makes it unchecked again.
_MARK_CHANGED = """
document.addEventListener('htmx:afterSettle', () => { window.__naervaerChecked = false; });
"""

# Everything a test can do that may leave the document or change it.
_ACTIONS = {
    "Locator": [
        "check", "clear", "click", "dblclick", "dispatch_event", "fill", "press",
        "press_sequentially", "select_option", "set_checked", "set_input_files", "tap", "type",
        "uncheck",
    ],
    "Page": [
        "check", "click", "close", "dblclick", "dispatch_event", "fill", "go_back", "go_forward",
        "goto", "press", "reload", "select_option", "set_checked", "set_input_files", "tap",
        "type", "uncheck",
    ],
}  # fmt: skip

_findings: list[Finding] = []


def _check(page: Page) -> None:
    """Check the page's document once (again after htmx changed it)."""
    if page.is_closed() or not page.url.startswith("http"):
        return
    for attempt in range(3):
        try:
            page.wait_for_load_state("load")
            url = page.url
            if page.evaluate(
                "window.__naervaerChecked === true || document.contentType !== 'text/html'"
            ):
                return
            problems = check_document(page)
            page.evaluate("window.__naervaerChecked = true")
            break
        except Exception as error:
            # The page moved on by itself (a redirect by script): check where it landed.
            if "destroyed" in str(error) and attempt < 2:
                continue
            problems, url = [f"the page could not be checked: {error}"], page.url
            break
    if problems:
        _findings.append(Finding(url, problems))


@contextlib.contextmanager
def _checks_before_every_action() -> Iterator[None]:
    """Check the document before each action that may leave it (and before closing a page)."""
    from playwright import sync_api

    originals: list[tuple[type, str, object]] = []
    for class_name, methods in _ACTIONS.items():
        cls = getattr(sync_api, class_name)
        for name in methods:
            original = getattr(cls, name)
            originals.append((cls, name, original))
            setattr(cls, name, _checked_first(original, is_locator=class_name == "Locator"))
    try:
        yield
    finally:
        for cls, name, original in originals:
            setattr(cls, name, original)


def _checked_first(action: Any, *, is_locator: bool) -> Any:
    @functools.wraps(action)
    def checked_action(self: Any, *args: Any, **kwargs: Any) -> Any:
        _check(self.page if is_locator else self)
        return action(self, *args, **kwargs)

    return checked_action


@pytest.fixture
def page(browser: BrowserContext, transactional_db: None) -> Iterator[Page]:
    context = browser
    context.clear_cookies()
    page = context.new_page()
    page.set_default_timeout(10_000)
    _findings.clear()
    yield page
    for open_page in context.pages:
        open_page.close()  # checked first
    # Each problem once, with the pages it was found on.
    pages_by_problem: dict[str, list[str]] = {}
    for finding in _findings:
        for problem in finding.problems:
            pages = pages_by_problem.setdefault(problem, [])
            if finding.url not in pages:
                pages.append(finding.url)
    _findings.clear()
    if pages_by_problem:
        pytest.fail(
            "Pages failed the accessibility or language check:\n"
            + "\n".join(f"{p}\n    on {', '.join(u)}" for p, u in pages_by_problem.items()),
            pytrace=False,
        )
