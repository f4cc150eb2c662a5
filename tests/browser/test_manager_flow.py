"""A manager's day in the browser: someone calls in sick, shows up in "absent now", comes back."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from naervaer.absence.models import AbsenceSpell
from tests.conftest import PASSWORD, World

pytestmark = pytest.mark.browser


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    # Logged in: away from the login page (on a phone the menu is folded away, so the
    # navigation itself need not be visible).
    expect(page).not_to_have_url(re.compile(r"/login/"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_manager_registers_sickness_and_return(
    page: Page, live_server: LiveServer, world: World
) -> None:
    base = live_server.url
    today = dt.date.today()
    first_day = today - dt.timedelta(days=2)
    log_in(page, base, "alice")

    # Nobody is absent yet.
    page.get_by_role("link", name="Fraværende nu").click()
    expect(page.get_by_text("Bob Bendtsen")).to_have_count(0)

    # Bob calls in sick (two days ago, told today).
    page.get_by_role("link", name="Personer").click()
    page.get_by_role("link", name="Bob Bendtsen").click()
    page.get_by_role("link", name="Sygemeld").click()
    page.get_by_label("Første fraværsdag").fill(first_day.isoformat())
    page.get_by_role("button", name="Registrér").click()
    expect(page.get_by_text("igangværende").first).to_be_visible()

    # He is on the list of who is absent now, since the first day.
    page.get_by_role("link", name="Fraværende nu").click()
    row = page.get_by_role("row").filter(has_text="Bob Bendtsen")
    expect(row).to_contain_text(first_day.strftime("%d.%m.%Y"))

    # He is back today.
    row.get_by_role("link", name="Rask").click()
    page.get_by_role("button", name="Registrér raskmelding").click()
    page.get_by_role("link", name="Fraværende nu").click()
    expect(page.get_by_text("Bob Bendtsen")).to_have_count(0)

    spell = AbsenceSpell.objects.get(person__employee_id="1002", person__organisation=world.acme)
    assert (spell.first_day, spell.last_day) == (first_day, today - dt.timedelta(days=1))
