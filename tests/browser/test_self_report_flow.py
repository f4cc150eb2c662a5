"""An employee reports sick from a phone and well again; the manager sees it at once, the
follow-up starts, the invitation to the conversation is e-mailed and listed under "Sendte
mails", and the retention plan opens as a PDF that shows the plan."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from playwright.sync_api import Page, ViewportSize, expect
from pypdf import PdfReader
from pytest_django.live_server_helper import LiveServer

from naervaer.absence.models import AbsenceSpell
from naervaer.followup.models import Case
from tests.browser.test_manager_flow import log_in
from tests.conftest import World

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}


def log_out(page: Page) -> None:
    page.context.clear_cookies()


def test_an_employee_reports_sick_and_well_and_the_manager_follows_up(
    page: Page, live_server: LiveServer, world: World
) -> None:
    base = live_server.url
    for user in (world.alice, world.bob):
        user.email = f"{user.username}@example.dk"
        user.save(update_fields=["email"])
    today = dt.date.today()
    yesterday = today - dt.timedelta(days=1)

    # Bob, on his phone, is sick since yesterday.
    page.set_viewport_size(PHONE)
    log_in(page, base, "bob")
    page.get_by_role("link", name="Jeg er syg").click()
    expect(page.get_by_text("Du bliver ikke spurgt om din sygdom")).to_be_visible()
    page.get_by_label("Første fraværsdag").fill(yesterday.isoformat())
    page.get_by_role("button", name="Meld syg").click()
    expect(page.get_by_role("status")).to_contain_text(f"Du er meldt syg fra {yesterday:%d.%m.%Y}")
    expect(page.get_by_role("status")).to_contain_text("Din leder har fået besked på mail.")
    # Nothing on the page runs wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    spell = AbsenceSpell.objects.get(person__employee_id="1002", person__organisation=world.acme)
    assert spell.reported_via == "self_service"
    assert [m.to for m in mail.outbox] == [["alice@example.dk"]]
    log_out(page)

    # Alice sees it on her front page at once, and the follow-up has started.
    page.set_viewport_size(DESKTOP)
    log_in(page, base, "alice")
    reports = page.locator("#self-reports")
    expect(reports).to_contain_text("Bob Bendtsen")
    expect(reports).to_contain_text(yesterday.strftime("%d.%m.%Y"))
    reports.get_by_role("link", name="Bob Bendtsen").click()
    page.get_by_role("link", name="Opfølgning på dette fravær").click()
    conversation = page.locator("#step-absence_conversation")
    expect(conversation).to_contain_text("skal gøres")

    # She invites him to the sickness-absence conversation by e-mail.
    conversation.get_by_role("link", name="Indkald på mail").click()
    meeting = dt.datetime.combine(today + dt.timedelta(days=3), dt.time(10, 0))
    page.get_by_label("Dato og tid").fill(meeting.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Sted").fill("Mødelokale 2, Nordvej 3")
    page.get_by_role("button", name="Send indkaldelsen").click()
    expect(page.get_by_role("status")).to_contain_text("Indkaldelsen er sendt til Bob Bendtsen.")
    subject = f"Indkaldelse til sygefraværssamtale den {meeting:%d.%m.%Y} kl. 10:00"
    expect(page.get_by_role("link", name=subject)).to_be_visible()
    assert mail.outbox[-1].to == ["bob@example.dk"] and mail.outbox[-1].subject == subject

    # ... and finds it among the sent e-mails.
    page.get_by_role("link", name="Overblik").click()
    page.get_by_role("link", name="Sendte mails").click()
    page.get_by_role("link", name=subject).click()
    expect(page.get_by_text("bisidder")).to_be_visible()
    expect(page.get_by_text("Mødelokale 2, Nordvej 3")).to_be_visible()

    # Bob is expected to be away more than 8 weeks: a retention plan, to take to the municipality.
    case = Case.objects.get(person__employee_id="1002", person__organisation=world.acme)
    page.goto(f"{base}/cases/{case.pk}/plan/")
    page.get_by_label("Ændrede opgaver i en periode").check()
    page.get_by_label("Det gør vi").fill("Kontoropgaver om formiddagen, ingen tunge løft")
    page.get_by_label("Kontaktperson hos arbejdsgiver").fill("Alice Andersen")
    page.get_by_label("Kontaktpersonens telefon").fill("86 12 34 56")
    page.get_by_role("button", name="Gem planen").click()
    link = page.get_by_role("link", name="Planen som PDF")
    href = link.get_attribute("href")
    pdf = page.context.request.get(f"{base}{href}")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages).split()
    )
    for expected in (
        "Fastholdelsesplan",
        "Bob Bendtsen",
        "Kontoropgaver om formiddagen, ingen tunge løft",
        "86 12 34 56",
        yesterday.strftime("%d.%m.%Y"),
    ):
        assert expected in text, expected
    log_out(page)

    # Bob is well again today, from his phone.
    page.set_viewport_size(PHONE)
    log_in(page, base, "bob")
    page.get_by_role("link", name="Jeg er rask igen").click()
    page.get_by_role("button", name="Meld rask").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Du er tilbage på arbejde fra {today:%d.%m.%Y}"
    )
    spell.refresh_from_db()
    assert spell.last_day == yesterday
    assert mail.outbox[-1].to == ["alice@example.dk"]
