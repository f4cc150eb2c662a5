"""A caseworker in the browser, under the law on today's date: screens a new case of an
employee, holds the first follow-up and plans the next, sees the municipality's follow-up (at
least 4 in the first half year, no plan for a citizen in a job), the refund by weeks with
benefit; and a case of an employee expected back within 26 weeks shown as exempt."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.test_manager_flow import log_in
from tests.conftest import World

pytestmark = pytest.mark.browser


def half_year_end(first_day: dt.date) -> dt.date:
    """SDPL § 13 b, stk. 1: the first half year from the first absence day ends the day before
    the same date six months on (the month's last day when it has none)."""
    month = first_day.month + 6
    year, month = first_day.year + (month - 1) // 12, (month - 1) % 12 + 1
    day = min(first_day.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day) - dt.timedelta(days=1)


def new_case(page: Page, citizen: str, first_day: dt.date, expected_back: str = "Ukendt") -> None:
    page.get_by_role("link", name="Sygeopfølgning").click()
    page.get_by_role("link", name="Ny sag").click()
    page.get_by_label("Borger").fill(citizen)
    page.get_by_label("Situation").select_option(label="Ansat")
    page.get_by_label("Første sygedag").fill(f"{first_day:%Y-%m-%d}")
    page.get_by_label("Forventes tilbage i arbejde inden 26 uger").select_option(
        label=expected_back
    )
    page.get_by_role("button", name="Opret sagen").click()


def test_screen_follow_up_and_refund_by_the_law_of_today(
    page: Page, live_server: LiveServer, world: World
) -> None:
    base = live_server.url
    today = dt.date.today()
    first_day = today - dt.timedelta(days=20)
    log_in(page, base, "cate")
    new_case(page, "Mette Madsen", first_day)

    page.get_by_role("link", name="Sygeopfølgning").click()
    page.get_by_test_id("screening").get_by_role("link", name="Mette Madsen").click()
    expect(page.get_by_test_id("next-due")).to_have_text(
        f"{first_day + dt.timedelta(days=55):%d.%m.%Y}"  # before the end of week 8
    )
    expect(page.get_by_test_id("who")).to_have_text("Følges op af kommunen.")
    # The employer pays the first 30 days: no benefit from the municipality this week yet.
    expect(page.get_by_test_id("refund")).to_have_text("–")

    page.get_by_label("Sagsbehandler").select_option(label="Cate")
    page.get_by_label("Kategori").select_option(label="2: risiko for langvarigt fravær")
    page.get_by_role("button", name="Screen og kategorisér").click()
    expect(page.get_by_text("Sagen er screenet og kategoriseret.")).to_be_visible()

    form = page.locator("form").filter(has_text="Registrér opfølgningen")
    form.get_by_label("Kategori").select_option(label="2: risiko for langvarigt fravær")
    form.get_by_label("Gradvis tilbagevenden").select_option(label="Gradvis tilbagevenden startet")
    form.get_by_label("Næste opfølgning planlagt til").fill(
        f"{today + dt.timedelta(weeks=4):%Y-%m-%d}"
    )
    form.get_by_role("button", name="Registrér opfølgningen").click()
    # At least 4 follow-ups within the first half year: the legal date is its end.
    expect(page.get_by_test_id("next-due")).to_have_text(f"{half_year_end(first_day):%d.%m.%Y}")
    expect(page.get_by_text("Mindst 4 opfølgninger i de første 6 måneder")).to_be_visible()
    expect(page.get_by_text("Ikke krævet for en borger i job (siden 2025).")).to_be_visible()

    # The municipality has paid since the first day (entered): the refund counts weeks with
    # benefit; 20 days back is at most the 4th calendar week: 80 %.
    page.get_by_text("Sagens oplysninger").click()
    details = page.locator("form").filter(has_text="Sygedagpenge fra kommunen fra")
    details.get_by_label("Sygedagpenge fra kommunen fra").fill(f"{first_day:%Y-%m-%d}")
    details.get_by_role("button", name="Gem").click()
    expect(page.get_by_test_id("refund")).to_have_text("80 %")

    page.get_by_role("link", name="Sygeopfølgning").click()
    expect(page.get_by_test_id("caseload")).to_contain_text("Mette Madsen")
    expect(page.get_by_test_id("caseload")).to_contain_text("80 %")
    expect(page.get_by_test_id("caseload")).not_to_contain_text("overskredet")

    # An employee expected back within 26 weeks: exempt, nothing is demanded.
    new_case(page, "Jens Jensen", today - dt.timedelta(days=3), expected_back="Ja")
    expect(page.get_by_test_id("next-due")).to_have_text("–")
    expect(page.get_by_text("Fritaget: en ansat, der ventes tilbage inden 26 uger")).to_be_visible()
