"""The dialogue tool in the browser: the leader opens a meeting on the big screen, two groups
join from phone-sized screens by the code and rate, the big screen shows their ratings live,
the follow-up scheme is filled in, and the results PDF has the right averages."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, ViewportSize, expect
from pypdf import PdfReader
from pytest_django.live_server_helper import LiveServer

from naervaer.dialogue.models import FollowUp
from tests.browser.test_manager_flow import log_in
from tests.conftest import World

pytestmark = pytest.mark.browser
PHONE: ViewportSize = {"width": 390, "height": 844}


def join_and_rate(page: Page, base: str, code: str, group: str, ratings: dict[str, str]) -> None:
    phone = page.context.new_page()
    phone.set_viewport_size(PHONE)
    phone.goto(f"{base}/d/")
    phone.get_by_label("Mødekode").fill(code.lower())
    phone.get_by_role("button", name="Deltag").click()
    phone.get_by_role("button", name=group).click()
    expect(phone.get_by_role("heading", name=group)).to_be_visible()
    for card, score in ratings.items():
        form = phone.locator("form.rate-card").filter(has_text=card)
        form.get_by_text(score, exact=True).click()
        expect(form.get_by_role("status")).to_have_text("Gemt")
    phone.close()


def test_a_meeting_from_big_screen_to_pdf(
    page: Page, live_server: LiveServer, world: World
) -> None:
    base = live_server.url
    refused: list[str] = []
    page.on(
        "console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None
    )
    log_in(page, base, "amy")
    page.get_by_role("link", name="Dialogværktøj").click()
    page.get_by_role("link", name="Nyt møde").click()
    page.get_by_label("Titel").fill("Bæredygtigt arbejdsmiljø i Pleje")
    page.get_by_label("Arbejdsplads").fill("Pleje")
    page.get_by_label("Antal grupper").fill("2")
    page.get_by_role("button", name="Opret mødet").click()
    expect(page.get_by_role("heading", name="Bæredygtigt arbejdsmiljø i Pleje")).to_be_visible()

    with page.context.expect_page() as opened:
        page.get_by_role("link", name="Åbn storskærmen").click()
    screen = opened.value
    screen.set_viewport_size({"width": 1920, "height": 1080})
    code = screen.get_by_test_id("join-code").inner_text().strip()
    expect(screen.locator(".qr svg")).to_be_visible()
    screen.get_by_text("Tiden er ikke startet.").wait_for()

    page.locator("li").filter(has_text="Undgå stress").get_by_role(
        "button", name="Drøft nu"
    ).click()
    page.get_by_role("button", name="Start tiden").click()

    join_and_rate(page, base, code, "Gruppe 1", {"Undgå stress": "2", "Mentorordninger": "4"})
    join_and_rate(page, base, code, "Gruppe 2", {"Undgå stress": "3"})

    # The big screen polls: the ratings, the card in discussion and the timer appear by themselves.
    expect(screen.get_by_text("2 grupper har bedømt")).to_be_visible()
    expect(screen.get_by_test_id("lowest").locator("li").first).to_contain_text("Undgå stress")
    expect(screen.get_by_test_id("lowest").locator("li").first).to_contain_text("2,5")
    expect(screen.get_by_role("heading", name="Nu: Undgå stress")).to_be_visible()
    expect(screen.get_by_text("Kender alle indsatsen?")).to_be_visible()
    expect(screen.get_by_test_id("timer")).to_contain_text("minutter tilbage")

    page.get_by_role("link", name="Opfølgningsskema").first.click()
    goal = page.locator("fieldset").filter(has_text="Mental sundhed")
    goal.get_by_label("Hvad vi vil prioritere").fill("Forebyggelse af stress")
    goal.get_by_label("Hvad vi gerne vil opnå").fill("Færre stresssygemeldinger")
    goal.get_by_label("Hvad vi kan gøre").fill("Prioriteringsmøde hver 14. dag")
    goal.get_by_label("Hvornår").fill("2026-12-01")
    goal.get_by_label("Af hvem").select_option(label="Alice")
    page.get_by_role("button", name="Gem opfølgningsskemaet").click()
    expect(page.get_by_text("Opfølgningsskemaet er gemt.")).to_be_visible()
    assert FollowUp.objects.get().responsible == world.alice

    page.goto(page.url.replace("follow-up/", "results/"))
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent som PDF").click()
    pdf = PdfReader(download.value.path())
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert "Bæredygtigt arbejdsmiljø i Pleje" in text
    assert "Undgå stress 2,5" in text
    assert "Mentorordninger 4,0" in text
    assert "Mental sundhed 2,5" in text
    assert "Forebyggelse af stress" in text
    assert refused == []
    screen.close()
