"""HR in the browser: the live people search (htmx), a failed import explained by row, English."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import FilePayload, Page, expect
from pytest_django.live_server_helper import LiveServer

from naervaer.people.models import Person
from tests.browser.test_manager_flow import log_in
from tests.conftest import World

pytestmark = pytest.mark.browser


def test_people_search_updates_as_you_type(
    page: Page, live_server: LiveServer, world: World
) -> None:
    log_in(page, live_server.url, "hanne")
    page.get_by_role("link", name="Personer").click()
    expect(page.get_by_role("link", name="Carol Christensen")).to_be_visible()
    # The vendored htmx and stylesheet are served by the app itself (no CDN).
    assert page.evaluate("typeof htmx") == "object"
    brand = "getComputedStyle(document.documentElement).getPropertyValue('--brand')"
    assert page.evaluate(brand).strip() == "#1f6f5c"
    with page.expect_response(lambda r: "q=bob" in r.url.lower()):
        page.get_by_label("Navn eller medarbejdernummer").fill("bob")
    expect(page.get_by_role("link", name="Bob Bendtsen")).to_be_visible()
    expect(page.get_by_role("link", name="Carol Christensen")).to_have_count(0)
    assert "q=bob" in page.url  # the search is in the address, so back and reload keep it


def test_a_bad_import_is_explained_and_changes_nothing(
    page: Page, live_server: LiveServer, world: World
) -> None:
    log_in(page, live_server.url, "hanne")
    page.get_by_role("link", name="Import og eksport").click()
    page.get_by_label("Hvad filen indeholder").select_option("employees")
    payroll: FilePayload = {
        "name": "løn.csv",
        "mimeType": "text/csv",
        "buffer": (
            "employee_id;name;unit;manager_id;weekly_hours;employment_start;employment_end\n"
            "3001;Ærlig Øbo;Pleje/Vest;;37;01-02-2024;\n"
            "3002;Åge Åbo;Pleje/Vest;;37;2024-13-01;\n"
        ).encode("cp1252"),
    }
    page.get_by_label("Fil (CSV eller XLSX)").set_input_files(files=[payroll])
    page.get_by_role("button", name="Importér").click()
    expect(page.get_by_role("alert")).to_contain_text("Intet blev importeret: 1 fejl")
    expect(page.get_by_role("row").filter(has_text="2024-13-01")).to_contain_text("3")
    assert not Person.objects.filter(employee_id__in=["3001", "3002"]).exists()


def test_switching_to_english(page: Page, live_server: LiveServer, world: World) -> None:
    log_in(page, live_server.url, "alice")
    page.get_by_role("button", name="EN").click()
    expect(page.get_by_role("link", name="Absent now")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_no_page_breaks_the_content_security_policy(
    page: Page, live_server: LiveServer, world: World
) -> None:
    """The policy allows no inline script or style; the browser reports any it had to refuse."""
    from naervaer.absence.services import register_sick

    register_sick(world.person(world.bob), dt.date.today(), by=world.alice)
    refused: list[str] = []
    page.on(
        "console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None
    )
    base = live_server.url
    log_in(page, base, "hanne")
    bob = world.person(world.bob)
    for path in (
        "/",
        "/absent/",
        "/people/",
        "/units/",
        "/follow-up/",
        f"/people/{bob.pk}/",
        "/statistics/",
        f"/statistics/?unit={world.pleje.pk}",  # a drill-down: its table of units
        "/import/",
        "/audit/",
    ):
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
    response = page.request.get(base + "/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert refused == []
