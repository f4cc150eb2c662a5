"""A manager follows one absence in the browser: sick today, the conversation, the 8-week answer,
and a retention plan with a gradual return to full time, watching the timeline update. HR sees a
2025 case's § 24 reassessment date and a new hire's 14-day report (§ 40, stk. 3)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from naervaer.absence.models import AbsenceDegree
from naervaer.absence.services import register_sick
from naervaer.followup.models import Case
from tests.browser.test_manager_flow import log_in
from tests.conftest import World, make_person

pytestmark = pytest.mark.browser
D = dt.date


def step(page: Page, code: str) -> Locator:
    return page.locator(f"#step-{code}")


def test_manager_follows_an_absence_to_a_gradual_return(
    page: Page, live_server: LiveServer, world: World
) -> None:
    today = dt.date.today()
    log_in(page, live_server.url, "alice")

    # Bob is sick today.
    page.get_by_role("link", name="Personer").click()
    page.get_by_role("link", name="Bob Bendtsen").click()
    page.get_by_role("link", name="Sygemeld").click()
    page.get_by_role("button", name="Registrér").click()
    page.get_by_role("link", name="Opfølgning på dette fravær").click()

    conversation = step(page, "absence_conversation")
    expect(conversation).to_contain_text("skal gøres")
    # Due no later than 4 weeks after the first sick day (§ 7 a): the same weekday 4 weeks on.
    deadline = today + dt.timedelta(days=28)
    expect(conversation).to_contain_text(deadline.strftime("%d.%m.%Y"))
    expect(page.locator("h1")).to_contain_text(today.strftime("%d.%m.%Y"))

    # The conversation, on the four permitted topics only.
    conversation.get_by_role("link", name="Registrér samtalen").click()
    expect(page.get_by_text("Kun disse fire emner.")).to_be_visible()
    page.get_by_label("Form").select_option("in_person")
    page.get_by_label("Forventet varighed").fill("Regner med 6-10 uger")
    page.get_by_label("Hvad medarbejderen kan og ikke kan").fill("Kan lave let kontorarbejde")
    page.get_by_role("button", name="Gem samtalen").click()
    expect(step(page, "absence_conversation")).to_contain_text("udført")

    # The 8-week answer (asked on the plan's step): yes, so a retention plan becomes possible.
    answer = step(page, "retention_plan")
    answer.get_by_label("Ja").check()
    answer.get_by_role("button", name="Gem svaret").click()
    expect(step(page, "retention_plan")).to_contain_text("mulig")
    expect(step(page, "retention_plan")).to_contain_text("Forventes at vare mere end 8 uger")

    # The retention plan with a gradual return: 10, 20, then 30 hours (Bob's full time).
    step(page, "retention_plan").get_by_role("link", name="Lav planen").click()
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
    expect(step(page, "retention_plan")).to_contain_text("udført")
    expect(page.get_by_role("row").filter(has_text=days[0].strftime("%d.%m.%Y"))).to_contain_text(
        "10"
    )

    degrees = list(
        AbsenceDegree.objects.filter(spell__person__employee_id="1002").values_list(
            "from_day", "percent"
        )
    )
    assert degrees == [(today, 100), (days[0], 67), (days[1], 33)]


def test_hr_sees_the_reassessment_date_and_a_new_hires_14_day_report(
    page: Page, live_server: LiveServer, world: World
) -> None:
    with time_machine.travel(dt.datetime(2025, 11, 25, 9, 0)):
        # Carol, sick since Monday 3 Nov 2025: § 24 counts from 3 Dec (the first 30 days left
        # out): 29 + 31 + 28 + 31 + 30 = 149 days by 30 Apr, 180 by 31 May 2026 (> 154).
        register_sick(world.person(world.carol), D(2025, 11, 3), by=world.hanne)
        # Nina, hired 10 Nov 2025, paid no salary during sickness, sick from Monday 17 Nov:
        # no employer period (under 8 weeks), so § 40, stk. 3: 17 Nov + 14 = 1 Dec 2025.
        nina = make_person(world.acme, "1009", "Nina Nyansat", world.syd, start=D(2025, 11, 10))
        nina.employments.update(pays_salary=False)
        register_sick(nina, D(2025, 11, 17), by=world.hanne)
        carol_case = Case.objects.get(person=world.person(world.carol))
        nina_case = Case.objects.get(person=nina)

        base = live_server.url
        log_in(page, base, "hanne")
        page.goto(f"{base}/cases/{carol_case.pk}/")
        reassessment = step(page, "sickness_benefit_reassessment")
        expect(reassessment).to_contain_text("31.05.2026")
        expect(reassessment).to_contain_text("Kommune")
        expect(reassessment).to_contain_text("dato at kende")
        expect(reassessment).to_contain_text("mere end 22 uger inden for 9 kalendermåneder")

        page.goto(f"{base}/cases/{nina_case.pk}/")
        report = step(page, "report_to_municipality")
        expect(report).to_contain_text("01.12.2025")
        expect(report).to_contain_text("skal gøres")
        expect(report).to_contain_text(
            "Arbejdsgiveren betaler hverken løn eller sygedagpenge: anmeld senest 14 dage efter "
            "første fraværsdag (§ 40, stk. 3)."
        )
        expect(step(page, "employer_period_end")).to_contain_text(
            "Ansat mindre end 8 uger før første fraværsdag"
        )

        # The rules behind it, for HR.
        page.get_by_role("link", name="Regler").click()
        expect(page.locator("#rule-report_no_pay_days")).to_contain_text("14 dage")
