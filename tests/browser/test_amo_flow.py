"""The AMO in the browser: the four steps for one theme, from a statistics snapshot to an
evaluated action and the annual discussion as PDF; and an anonymous problem report filed from
a phone and followed by its code."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from pytest_django.live_server_helper import LiveServer

from naervaer.absence.services import register_sick
from naervaer.amo import services
from naervaer.amo.models import ActionPlan, ProblemReport
from tests.browser.test_manager_flow import log_in
from tests.conftest import World

pytestmark = pytest.mark.browser


def test_four_steps_to_the_annual_discussion(
    page: Page, live_server: LiveServer, world: World
) -> None:
    base = live_server.url
    today = dt.date.today()
    register_sick(
        world.person(world.carol),
        today - dt.timedelta(days=60),
        last_day=today - dt.timedelta(days=40),
        by=world.hanne,
    )
    log_in(page, base, "amy")
    page.get_by_role("link", name="Arbejdsmiljø").click()
    page.get_by_label("Titel").fill("Sygefravær i Pleje")
    page.get_by_role("button", name="Begynd med trin 1: kortlægning").click()

    # Step 1: the statistics snapshot, an answer, a theme.
    page.get_by_role("button", name="Tag de seneste 12 måneder med i kortlægningen").click()
    expect(page.get_by_test_id("snapshot")).to_contain_text("Hele organisationen")
    page.get_by_label("Hvordan er sygefraværsmønstret").fill("Langt fravær i Pleje")
    page.get_by_role("button", name="Gem svarene").click()
    expect(page.get_by_text("Svarene er gemt.")).to_be_visible()
    page.get_by_label(re.compile(r"^Tema")).fill("Tunge forflytninger")
    page.get_by_role("button", name="Tilføj temaet").click()
    page.get_by_role("link", name="Videre til trin 2: prioritering").click()

    # Step 2: the matrix and an action plan.
    row = page.get_by_role("row").filter(has_text="Tunge forflytninger")
    row.get_by_label("Berører mange").check()
    row.get_by_label("Stor effekt").check()
    page.get_by_role("button", name="Placér dem").click()
    expect(page.locator(".m-cell.one")).to_contain_text("Tunge forflytninger")
    page.get_by_label("Tema", exact=True).select_option(label="Tunge forflytninger")
    page.get_by_label("Hvad er udfordringen?").fill("Tunge forflytninger i hjemmeplejen")
    page.get_by_label("Hvordan skal det løses?").fill("Loftlifte og forflytningskursus")
    page.get_by_label("Ansvarlig", exact=True).select_option(label="Alice")
    page.get_by_label("Frist").fill(f"{today + dt.timedelta(days=30):%Y-%m-%d}")
    page.get_by_role("button", name="Gem handleplanen").click()
    expect(page.get_by_text("Handleplanen er gemt.")).to_be_visible()
    page.get_by_role("link", name="Videre til trin 3: implementering").click()

    # Step 3: the information plan.
    page.get_by_label("Hvad skal I orientere om?").fill("Nye regler for forflytning")
    page.get_by_label("Informationsplatform").select_option(label="Tavlemøder")
    page.get_by_role("button", name="Tilføj", exact=True).click()
    expect(page.get_by_test_id("information-plan")).to_contain_text("Tavlemøder")
    page.get_by_role("link", name="Videre til trin 4: evaluering").click()

    # Step 4: the evaluation.
    page.get_by_label("Går det som planlagt?").select_option(label="Som planlagt")
    page.get_by_label("Resultater").fill("Ingen forflytningsskader i perioden")
    page.get_by_label("Hvad nu").select_option(label="Afsluttes: gennemført")
    page.get_by_role("button", name="Gem evalueringen").click()
    expect(page.get_by_text("Evalueringen er gemt.")).to_be_visible()
    assert ActionPlan.objects.get().decision == "close"

    # The annual discussion, built from the year's work, as PDF.
    page.get_by_role("link", name="Til den årlige arbejdsmiljødrøftelse").click()
    page.get_by_role("button", name="Opdatér med årets arbejde").click()
    expect(page.get_by_text("Ingen forflytningsskader i perioden")).to_be_visible()
    page.get_by_label("Fokus i det kommende år, herunder sygefravær").fill(
        "Kort fravær i Dagtilbud"
    )
    page.get_by_role("button", name="Gem drøftelsen").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent som PDF").click()
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(download.value.path()).pages).split()
    )
    assert "Den årlige arbejdsmiljødrøftelse" in text
    assert "Kort fravær i Dagtilbud" in text
    assert "Tunge forflytninger i hjemmeplejen" in text and "Ingen forflytningsskader" in text
    assert "Carol" not in text


def test_an_anonymous_report_from_a_phone(
    page: Page, live_server: LiveServer, world: World
) -> None:
    base = live_server.url
    link = services.report_link(world.acme)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/report/{link.token}/")
    page.get_by_label("Hvad er problemet?").fill("Gelænderet ved trappen i kælderen er løst")
    page.get_by_label("Hvor?").fill("Kælderen, bygning B")
    page.get_by_role("button", name="Send indberetningen").click()
    code = page.get_by_test_id("receipt").inner_text().strip()
    report = ProblemReport.objects.get()
    assert code == report.code and report.anonymous
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    report.state = ProblemReport.State.CLOSED
    report.outcome = "Gelænderet er skruet fast"
    report.save()
    page.goto(f"{base}/report/status/")
    page.get_by_label("Din kvitteringskode").fill(code)
    page.get_by_role("button", name="Vis").click()
    expect(page.get_by_test_id("status")).to_contain_text("Løst")
    expect(page.get_by_test_id("status")).to_contain_text("Gelænderet er skruet fast")
