"""Each demo login's first day, as the README's "What to try" table promises it, in the browser.

Every page visited is checked for axe-core violations and English (``conftest.py``), so this
walk is also the accessibility and language check of the pages a new user meets first.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from naervaer.demo.generator import build_demo

pytestmark = pytest.mark.browser
DEMO_PASSWORD = "naervaer-demo"


def log_in(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("navigation", name="Hovedmenu")).to_be_visible()


def menu(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name=name).click()


def test_the_first_day_of_every_demo_login(page: Page, live_server: LiveServer) -> None:
    build_demo("demo", today=dt.date.today())
    base = live_server.url
    page.set_default_timeout(60_000)  # the demo organisation is large; the machine may be busy

    # leder: "Fraværende nu", register someone sick, then "Rask"; a person's year calendar;
    # the follow-up of that absence.
    log_in(page, base, "leder")
    menu(page, "Fraværende nu")
    expect(page.get_by_role("heading", name="Fraværende nu")).to_be_visible()
    menu(page, "Personer")
    row = page.get_by_role("row").filter(has_text="på arbejde").first
    name = row.get_by_role("link").first.inner_text()
    row.get_by_role("link").first.click()
    expect(page.get_by_role("heading", name=re.compile(r"Fraværskalender \d{4}"))).to_be_visible()
    page.get_by_role("link", name="Sygemeld").click()
    page.get_by_label("Første fraværsdag").fill(dt.date.today().isoformat())
    page.get_by_role("button", name="Registrér").click()
    page.get_by_role("link", name="Opfølgning på dette fravær").click()
    expect(
        page.get_by_role("heading", name=re.compile("Opfølgning på fraværet fra"))
    ).to_be_visible()
    menu(page, "Fraværende nu")
    page.get_by_role("row").filter(has_text=name).get_by_role("link", name="Rask").click()
    expect(page.get_by_role("heading", name=f"Registrér raskmelding for {name}")).to_be_visible()
    page.get_by_role("button", name="Registrér raskmelding").click()
    menu(page, "Statistik")
    expect(page.get_by_role("link", name="Hjemmeplejen Nord")).to_be_visible()
    page.get_by_role("link", name="Hjemmeplejen Nord").click()  # her own unit: no 404
    expect(page.get_by_role("heading", name=re.compile("Hjemmeplejen Nord"))).to_be_visible()

    # chef: overdue and due follow-up on the front page; a case's timeline, conversation and
    # retention plan.
    log_in(page, base, "chef")
    follow_up = page.locator("#follow-up")
    expect(follow_up.get_by_text("overskredet").first).to_be_visible()
    follow_up.get_by_role("link", name="Sygefraværssamtale").first.click()
    expect(page.get_by_role("heading", name="Forløb")).to_be_visible()
    expect(page.get_by_role("heading", name="Fastholdelsesplan")).to_be_visible()
    page.get_by_role("link", name="Registrér samtalen").first.click()
    expect(page.get_by_role("button", name=re.compile("Gem"))).to_be_visible()
    # (The 8-week answer is no longer a duty of its own since 5 March 2012 — docs/law.md — so
    # the front page has no such step to open.)
    menu(page, "Overblik")
    expect(follow_up.get_by_text("Svar: varer fraværet mere end 8 uger?")).to_have_count(0)

    # medarbejder: "Mit fravær" and "Hvem har set mine data".
    log_in(page, base, "medarbejder")
    menu(page, "Mit fravær")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_role("link", name="Hvem har set mine data").first.click()
    expect(page.get_by_role("heading", name="Hvem har set mine data")).to_be_visible()

    # hr: "Statistik" with drill-down and early warning (Dagtilbud's short absence has risen);
    # import, export, audit log.
    log_in(page, base, "hr")
    menu(page, "Statistik")
    warnings = page.locator("#warnings")
    expect(warnings).to_contain_text("Dagtilbud/")
    expect(warnings).not_to_contain_text("p = ")
    warnings.locator("summary").click()  # the rest of the care-conversation list
    expect(warnings.locator("details.more li").first).to_be_visible()
    page.locator("#warnings li").filter(has_text="Dagtilbud/").first.get_by_role(
        "link", name="se nærmere"
    ).click()
    expect(
        page.get_by_role("heading", name=re.compile(r"Fraværsstatistik: Dagtilbud\/"))
    ).to_be_visible()
    menu(page, "Import og eksport")
    expect(page.get_by_role("button", name="Importér")).to_be_visible()
    menu(page, "Adgangslog")
    expect(page.get_by_role("cell", name="tidlig varsling i statistikken").first).to_be_visible()

    # amo: statistics for groups of 5 or more; the 4-step process, APV, problem reports, the
    # annual discussion as PDF; two dialogue meetings compared, one on the big screen.
    log_in(page, base, "amo")
    menu(page, "Statistik")
    expect(page.get_by_text("ser du kun grupper")).to_be_visible()
    for step in ("1", "2", "3", "4"):
        menu(page, "Arbejdsmiljø")
        page.get_by_role("link", name=step, exact=True).first.click()
        expect(page.get_by_role("heading", name=re.compile(f"Trin {step}"))).to_be_visible()
    menu(page, "Arbejdsmiljø")
    page.get_by_role("link", name=re.compile("åbne problemer i APV")).click()
    expect(page.get_by_role("heading", name="APV-registret")).to_be_visible()
    menu(page, "Arbejdsmiljø")
    page.get_by_role("link", name=re.compile("problemindberetninger")).click()
    menu(page, "Arbejdsmiljø")
    page.get_by_role("link", name=re.compile("den årlige arbejdsmiljødrøftelse")).click()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("PDF")).first.click()
    assert download.value.suggested_filename.endswith(".pdf")
    menu(page, "Dialogværktøj")
    page.get_by_role("link", name="Resultater").last.click()  # the later meeting: compared
    expect(page.get_by_role("cell", name=re.compile(r"^[+−]?\d,\d$")).first).to_be_visible()
    menu(page, "Dialogværktøj")
    page.get_by_role("link", name="Bæredygtigt arbejdsmiljø").first.click()
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="Åbn storskærmen").click()
    screen = opened.value
    screen.set_viewport_size({"width": 1920, "height": 1080})
    expect(screen.get_by_test_id("join-code")).to_be_visible()
    # The whole big screen fits a 1080p screen: the lowest-rated list is not cut off.
    assert screen.evaluate("document.documentElement.scrollHeight") <= 1080
    expect(screen.get_by_test_id("lowest")).to_be_in_viewport()
    screen.close()

    # admin: users and roles.
    log_in(page, base, "admin")
    menu(page, "Brugere")
    expect(page.locator("main table")).to_contain_text("leder")

    # sagsbehandler: this week's screening, the caseload with due follow-ups and refund, a
    # case's conversations, plan and activity; statistics against a neighbouring job centre.
    log_in(page, base, "sagsbehandler")
    cases = page.locator("#my-cases")
    expect(cases).not_to_contain_text("ingen sager")
    expect(cases.get_by_role("link").first).to_be_visible()
    menu(page, "Sygeopfølgning")
    expect(page.get_by_test_id("screening").get_by_role("row").nth(1)).to_be_visible()
    caseload = page.get_by_test_id("caseload")
    expect(caseload).to_contain_text("%")
    caseload.get_by_role("link").first.click()
    expect(page.get_by_test_id("next-due")).to_be_visible()
    menu(page, "Sygeopfølgning")
    page.locator("main").get_by_role("link", name="Statistik").click()
    expect(page.get_by_role("cell", name=re.compile("Nabokommune"))).to_be_visible()
