"""A caseworker in the browser: screens a new case, categorises it, holds the first follow-up
with a gradual return, and sees the next due date and the refund rate change."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_manager_flow import log_in
from tests.conftest import World

pytestmark = pytest.mark.browser


def test_screen_categorise_follow_up(page: Page, live_server: object, world: World) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    today = dt.date.today()
    first_day = today - dt.timedelta(days=20)
    log_in(page, base, "cate")
    page.get_by_role("link", name="Sygeopfølgning").click()
    page.get_by_role("link", name="Ny sag").click()
    page.get_by_label("Borger").fill("Mette Madsen")
    page.get_by_label("Situation").select_option(label="Ansat")
    page.get_by_label("Første sygedag").fill(f"{first_day:%Y-%m-%d}")
    page.get_by_label("Regler").select_option(label="2008-reglerne (seed)")
    page.get_by_role("button", name="Opret sagen").click()

    page.get_by_role("link", name="Sygeopfølgning").click()
    page.get_by_test_id("screening").get_by_role("link", name="Mette Madsen").click()
    first_due = first_day + dt.timedelta(days=55)
    expect(page.get_by_test_id("next-due")).to_have_text(f"{first_due:%d.%m.%Y}")
    expect(page.get_by_test_id("refund")).to_have_text("35 %")

    page.get_by_label("Sagsbehandler").select_option(label="Cate")
    page.get_by_label("Kategori").select_option(label="2: risiko for langvarigt fravær")
    page.get_by_role("button", name="Screen og kategorisér").click()
    expect(page.get_by_text("Sagen er screenet og kategoriseret.")).to_be_visible()

    form = page.locator("form").filter(has_text="Registrér opfølgningen")
    form.get_by_label("Kategori").select_option(label="2: risiko for langvarigt fravær")
    form.get_by_label("Gradvis tilbagevenden").select_option(label="Gradvis tilbagevenden startet")
    form.get_by_label("Inddrag arbejdspladsen").check()
    form.get_by_role("button", name="Registrér opfølgningen").click()
    expect(page.get_by_test_id("next-due")).to_have_text(
        f"{today + dt.timedelta(weeks=4):%d.%m.%Y}"
    )

    active = page.locator("form").filter(has_text="Delvis raskmelding eller aktivt tilbud")
    active.get_by_label("Type").select_option(label="Delvis raskmelding")
    active.get_by_label("Timer pr. uge").fill("15")
    active.get_by_role("button", name="Tilføj").click()
    expect(page.get_by_test_id("refund")).to_have_text("65 %")

    page.get_by_role("link", name="Sygeopfølgning").click()
    expect(page.get_by_test_id("caseload")).to_contain_text("Mette Madsen")
    expect(page.get_by_test_id("caseload")).to_contain_text("65 %")
