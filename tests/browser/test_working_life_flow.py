"""Seed 000 in the browser: a work accident from the absence it caused to its report deadline
and a round-table plan (and the AMO's view without the name); a senior conversation by the
policy; an inspection's notice complied with."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from naervaer.absence.models import Kind
from naervaer.absence.services import register_sick
from tests.browser.test_manager_flow import log_in
from tests.conftest import World

pytestmark = pytest.mark.browser


def test_a_work_accident_from_absence_to_round_table(
    page: Page, live_server: LiveServer, world: World
) -> None:
    base = live_server.url
    today = dt.date.today()
    injured = today - dt.timedelta(days=3)
    register_sick(world.person(world.bob), injured, by=world.alice, kind=Kind.WORK_ACCIDENT)
    log_in(page, base, "alice")
    page.get_by_role("link", name="Arbejdsulykker").click()
    page.get_by_role("link", name="Registrér en ulykke eller et nærved-uheld").click()
    page.get_by_label("Ulykkesdato").fill(f"{injured:%Y-%m-%d}")
    page.get_by_label("Hvor (enhed)").select_option(label="Pleje/Nord")
    page.get_by_label("Tilskadekommen medarbejder").select_option(label="Bob Bendtsen")
    page.get_by_label("Hvad skete der").fill("Gled på vådt gulv i vaskerummet")
    page.get_by_label("Fraværsdage efter ulykkesdagen").fill("2")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Ulykken er registreret.")).to_be_visible()
    due = injured + dt.timedelta(days=15)  # the first absence day + 14
    expect(page.get_by_text(f"Anmeldes senest {due:%d.%m.%Y}").first).to_be_visible()

    page.get_by_label("Kommunen").check()
    page.get_by_label("Fagforeningen").check()
    page.get_by_label("Aftalt plan").fill("Lettere opgaver i tre uger")
    page.get_by_role("button", name="Gem samtalen").click()
    expect(page.get_by_text("Lettere opgaver i tre uger")).to_be_visible()

    page.context.clear_cookies()
    log_in(page, base, "amy")
    page.get_by_role("link", name="Arbejdsulykker").click()
    expect(page.get_by_text("Gled på vådt gulv i vaskerummet")).to_be_visible()
    expect(page.get_by_text("Bob Bendtsen")).to_have_count(0)


def test_a_senior_conversation(page: Page, live_server: LiveServer, world: World) -> None:
    base = live_server.url
    bob = world.person(world.bob)
    today = dt.date.today()
    bob.birth_date = today.replace(year=today.year - 61)
    bob.save()
    log_in(page, base, "alice")
    page.get_by_role("link", name="Seniorer").click()
    expect(page.get_by_text("1 seniorsamtale er forsinket.")).to_be_visible()
    page.get_by_role("link", name="Bob Bendtsen").click()
    page.get_by_label("Nogle krav vejer tungere end før").check()
    page.get_by_label("Hvad i arbejdet vejer tungest").fill("Nattevagter")
    page.get_by_label("Ingen nat- eller aftenvagter").check()
    page.get_by_label("Hvad der blev aftalt").fill("Dagvagter fra næste måned")
    page.get_by_role("button", name="Gem samtalen").click()
    expect(page.get_by_text("Seniorsamtalen er gemt.")).to_be_visible()
    expect(page.get_by_text("Dagvagter fra næste måned")).to_be_visible()


def test_an_inspection_notice_complied_with(
    page: Page, live_server: LiveServer, world: World
) -> None:
    base = live_server.url
    today = dt.date.today()
    log_in(page, base, "amy")
    page.goto(f"{base}/inspections/")
    page.get_by_role("link", name="Registrér et besøg").click()
    page.get_by_label("Besøgsdato").fill(f"{today:%Y-%m-%d}")
    page.get_by_label("Smiley").select_option(label="Gul")
    page.get_by_role("button", name="Gem").click()
    page.get_by_label("Type").select_option(label="Påbud med frist")
    page.get_by_label(re.compile(r"^Om")).fill("Forflytninger uden lift")
    page.get_by_label(re.compile(r"^(Frist|Deadline)")).fill(
        f"{today + dt.timedelta(days=30):%Y-%m-%d}"
    )
    page.get_by_role("button", name="Gem afgørelsen").click()
    expect(page.get_by_text("Afgørelsen er gemt.")).to_be_visible()
    page.get_by_role("button", name="Gem", exact=True).click()
    expect(page.get_by_text("Afgørelsen er markeret som efterkommet.")).to_be_visible()


def test_hr_registers_a_small_hours_fleksjob(
    page: Page, live_server: LiveServer, world: World
) -> None:
    base = live_server.url
    log_in(page, base, "hanne")
    page.goto(f"{base}/fleksjob/")
    page.get_by_role("link", name="Registrér et fleksjob").click()
    page.get_by_label(re.compile(r"^Ansættelse")).select_option(index=1)
    page.get_by_label(re.compile(r"^Fleksjob fra")).fill(f"{dt.date.today():%Y-%m-%d}")
    page.get_by_label(re.compile(r"^Bevilget af")).fill("Acme Kommune")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Fleksjobbet er gemt.")).to_be_visible()
    expect(page.get_by_text("Nej: ordningen er lukket")).to_be_visible()


def test_the_amo_starts_from_its_industrys_themes(
    page: Page, live_server: LiveServer, world: World
) -> None:
    from naervaer.amo.models import Process

    world.acme.industry_code = "881000"
    world.acme.save()
    process = Process.objects.create(organisation=world.acme, title="Sygefravær", year=2026)
    base = live_server.url
    log_in(page, base, "amy")
    page.goto(f"{base}/amo/process/{process.pk}/1/")
    expect(
        page.get_by_text("Typiske temaer inden for hjemmepleje og socialt arbejde")
    ).to_be_visible()
    page.get_by_role("button", name="Tilføj dem som temaer").click()
    expect(page.get_by_text("3 temaer tilføjet. Placér dem i trin 2.")).to_be_visible()
    page.get_by_role("link", name="Videre til trin 2: prioritering").click()
    expect(
        page.get_by_role("row").filter(has_text="Vold, trusler og krænkende adfærd")
    ).to_be_visible()


def test_hr_reads_absence_by_age(page: Page, live_server: LiveServer, world: World) -> None:
    base = live_server.url
    bob = world.person(world.bob)
    today = dt.date.today()
    bob.birth_date = today.replace(year=today.year - 62, day=1)
    bob.save()
    log_in(page, base, "hanne")
    page.get_by_role("link", name="Statistik").first.click()
    page.get_by_role("link", name="Fravær efter alder").click()
    expect(page.get_by_role("heading", name="Fravær efter alder")).to_be_visible()
    table = page.locator("#age-bands")
    expect(table.get_by_role("row", name=re.compile(r"^60 og derover 1 "))).to_be_visible()
    expect(table.get_by_text("Fødselsdato ikke registreret")).to_be_visible()
    expect(page.get_by_text("Alderen tælles dag for dag")).to_be_visible()
