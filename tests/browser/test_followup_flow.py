"""A manager follows one absence in the browser: sick today, the conversation, the 8-week answer,
and a retention plan with a gradual return to full time, watching the timeline update."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from naervaer.absence.models import AbsenceDegree
from naervaer.rules.obligations import last_working_day_on_or_before
from tests.browser.test_manager_flow import log_in
from tests.conftest import World

pytestmark = pytest.mark.browser


def step(page: Page, code: str) -> object:
    return page.locator(f"#step-{code}")


def test_manager_follows_an_absence_to_a_gradual_return(
    page: Page, live_server: object, world: World
) -> None:
    today = dt.date.today()
    log_in(page, live_server.url, "alice")  # type: ignore[attr-defined]

    # Bob is sick today.
    page.get_by_role("link", name="Personer").click()
    page.get_by_role("link", name="Bob Bendtsen").click()
    page.get_by_role("link", name="Sygemeld").click()
    page.get_by_role("button", name="Registrér").click()
    page.get_by_role("link", name="Opfølgning på dette fravær").click()

    conversation = step(page, "absence_conversation")
    expect(conversation).to_contain_text("skal gøres")  # type: ignore[attr-defined]
    # Due by the end of sickness week 4, on a working day.
    deadline = last_working_day_on_or_before(today + dt.timedelta(days=27))
    expect(conversation).to_contain_text(deadline.strftime("%d.%m.%Y"))  # type: ignore[attr-defined]
    expect(page.locator("h1")).to_contain_text(today.strftime("%d.%m.%Y"))

    # The conversation, on the four permitted topics only.
    conversation.get_by_role("link", name="Registrér samtalen").click()  # type: ignore[attr-defined]
    expect(page.get_by_text("Kun disse fire emner.")).to_be_visible()
    page.get_by_label("Form").select_option("in_person")
    page.get_by_label("Forventet varighed").fill("Regner med 6-10 uger")
    page.get_by_label("Hvad medarbejderen kan og ikke kan").fill("Kan lave let kontorarbejde")
    page.get_by_role("button", name="Gem samtalen").click()
    expect(step(page, "absence_conversation")).to_contain_text("udført")  # type: ignore[attr-defined]

    # The 8-week answer: yes, so a retention plan becomes possible.
    answer = step(page, "eight_week_answer")
    answer.get_by_label("Ja").check()  # type: ignore[attr-defined]
    answer.get_by_role("button", name="Gem svaret").click()  # type: ignore[attr-defined]
    expect(step(page, "eight_week_answer")).to_contain_text("udført")  # type: ignore[attr-defined]
    expect(step(page, "retention_plan")).to_contain_text("mulig")  # type: ignore[attr-defined]

    # The retention plan with a gradual return: 10, 20, then 30 hours (Bob's full time).
    step(page, "retention_plan").get_by_role("link", name="Lav planen").click()  # type: ignore[attr-defined]
    page.get_by_label("Gradvis tilbagevenden").check()
    page.get_by_label("Det gør vi").fill("Formiddage først, ingen nattevagter")
    days = [today + dt.timedelta(days=n) for n in (14, 28, 42)]
    for i, (day, hours) in enumerate(zip(days, ("10", "20", "30"), strict=True)):
        page.locator(f"#id_steps-{i}-from_day").fill(day.isoformat())
        page.locator(f"#id_steps-{i}-hours_per_week").fill(hours)
    page.get_by_role("button", name="Gem planen").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Forventet tilbage på fuld tid den {days[2]:%d.%m.%Y}"
    )
    expect(step(page, "retention_plan")).to_contain_text("udført")  # type: ignore[attr-defined]
    expect(page.get_by_role("row").filter(has_text=days[0].strftime("%d.%m.%Y"))).to_contain_text(
        "10"
    )

    degrees = list(
        AbsenceDegree.objects.filter(spell__person__employee_id="1002").values_list(
            "from_day", "percent"
        )
    )
    assert degrees == [(today, 100), (days[0], 67), (days[1], 33)]
