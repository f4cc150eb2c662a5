"""On a phone: the menu folds away behind a button, and no page scrolls sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from naervaer.absence.services import register_sick
from tests.browser.test_manager_flow import log_in
from tests.conftest import World

pytestmark = pytest.mark.browser
PHONE: ViewportSize = {"width": 390, "height": 844}


def test_the_phone_menu_folds_away_and_the_person_page_fits(
    page: Page, live_server: LiveServer, world: World
) -> None:
    import datetime as dt

    base = live_server.url
    world.nord.name = "Hjemmeplejen Nord med et meget langt enhedsnavn"
    world.nord.save()
    bob = world.person(world.bob)
    register_sick(bob, dt.date.today(), by=world.alice)
    log_in(page, base, "alice")
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/people/{bob.pk}/")
    menu = page.get_by_role("navigation", name="Hovedmenu")
    button = page.get_by_role("button", name="Menu")
    expect(menu).to_be_hidden()
    box = page.locator("header.top").bounding_box()
    assert box is not None and box["height"] < 80
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    menu.get_by_role("link", name="Fraværende nu").click()
    expect(page.get_by_role("heading", name="Fraværende nu")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    # On a wide screen the menu is simply there, without the button.
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(menu).to_be_visible()
    expect(button).to_be_hidden()
