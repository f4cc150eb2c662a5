"""Issue 13's first-day fixes, per role: what a new user sees must be there and must add up."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from pytest_django import Settings

from naervaer.absence.services import register_sick
from naervaer.dialogue.services import GoalComparison, format_rating
from naervaer.jobcentre import services as jobcentre
from naervaer.jobcentre.models import Case
from naervaer.people.models import Organisation, Person
from tests.conftest import World, client_for, make_person

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("frozen_today"),
    pytest.mark.frozen_at(dt.datetime(2026, 12, 1, 9, 0)),
]
D = dt.date
NOV: dict[str, str | int] = {"from": "2026-11-01", "to": "2026-11-30"}


# --- The caseworker's front page -------------------------------------------------------------


def test_the_caseworkers_front_page_lists_her_cases_and_deadlines(world: World) -> None:
    # Screened on 1 October in category 2: a round-table meeting was due by 15 October.
    Case.objects.create(
        organisation=world.jobcentre,
        citizen="Mette Madsen",
        status=Case.Status.EMPLOYED,
        first_day=D(2026, 9, 20),
        screened_on=D(2026, 10, 1),
        category=2,
        caseworker=world.cate,
    )
    Case.objects.create(  # someone else's: not on her page
        organisation=world.jobcentre,
        citizen="Ole Olsen",
        status=Case.Status.EMPLOYED,
        first_day=D(2026, 11, 2),
    )
    page = client_for(world.cate).get("/").content.decode()
    assert "Du har ingen sager endnu" not in page
    assert "Mette Madsen" in page and "Ole Olsen" not in page
    assert "Rundbords- eller trepartsmøde" in page and "overskredet" in page
    assert "Nye sager til screening" in page


def test_a_caseworker_without_cases_is_told_so(world: World) -> None:
    page = client_for(world.cate).get("/").content.decode()
    assert "Du har ingen sager endnu" in page


def test_overdue_deadlines_are_marked_on_the_caseload(world: World) -> None:
    case = Case.objects.create(
        organisation=world.jobcentre,
        citizen="Mette Madsen",
        status=Case.Status.EMPLOYED,
        first_day=D(2026, 6, 1),
        screened_on=D(2026, 6, 10),
        category=3,
        caseworker=world.cate,
    )
    items = {i.kind: i for i in jobcentre.due_items([case], D(2026, 12, 1))}
    # The round-table meeting is a recommendation (seed 003), never overdue; the first
    # follow-up conversation is the law's (by the end of week 8) and is.
    assert items["meeting"].due == D(2026, 6, 24) and not items["meeting"].overdue
    assert items["follow-up"].overdue
    page = client_for(world.cate).get("/jobcentre/").content.decode()
    row = page[page.index("Mette Madsen") :].split("</tr>")[0]
    assert row.count("overskredet") == 1  # the follow-up conversation only


def test_job_centre_statistics_have_one_average_duration(world: World) -> None:
    for n in range(5):
        Case.objects.create(
            organisation=world.jobcentre,
            citizen=f"C{n}",
            status=Case.Status.EMPLOYED,
            first_day=D(2026, 10, 1),
            category=1 if n else None,  # one not yet categorised
            closed_on=D(2026, 10, 10 + n),
        )
    today = D(2026, 12, 1)
    figures = jobcentre.figures(Case.objects.filter(organisation=world.jobcentre), today)
    (ours,) = [
        c for c in jobcentre.compare_job_centres(today) if c.organisation == "Jobcenter Acme"
    ]
    # Durations 10, 11, 12, 13, 14 days: 12 on average, in both places.
    assert figures.average_days == ours.average_days == 12


# --- HR's early warning and the care-conversation list ----------------------------------------


def _grow(world: World) -> list[Person]:
    nord = [make_person(world.acme, f"20{i}", f"Nord {i}", world.nord) for i in range(5)]
    for i in range(5):
        make_person(world.acme, f"30{i}", f"Syd {i}", world.syd)
    return nord


def test_the_early_warning_finds_a_rise_below_the_top_level(world: World) -> None:
    """Nord's short absence rises while Syd's falls as much: Pleje as a whole is flat, so only
    looking one level down (at Pleje) would miss it."""
    nord = _grow(world)
    syd = list(Person.objects.filter(employee_id__startswith="30"))
    for i, person in enumerate(nord[:4]):
        for day in (D(2026, 11, 10 + i), D(2026, 11, 24 + i)):
            register_sick(person, day, last_day=day, by=world.hanne)
    for i, person in enumerate(syd[:4]):
        for day in (D(2025, 11, 10 + i), D(2025, 11, 24 + i)):
            register_sick(person, day, last_day=day, by=world.hanne)
    page = client_for(world.hanne).get("/statistics/", NOV).content.decode()
    assert "<strong>Pleje/Nord</strong>" in page
    assert "<strong>Pleje</strong>" not in page
    assert "p = " not in page and "ved en tilfældighed" in page  # said in words


def test_the_care_list_is_complete_and_scoped_to_the_drill_down(world: World) -> None:
    nord = _grow(world)
    syd = list(Person.objects.filter(employee_id__startswith="30"))
    # Three spells in six months meet the demo policy's trigger for a care conversation.
    for person in [*nord, *syd, world.person(world.carol)]:
        for first in (D(2026, 6, 1), D(2026, 8, 10), D(2026, 11, 16)):
            register_sick(person, first, last_day=first, by=world.hanne)
    hanne = client_for(world.hanne)
    page = hanne.get("/statistics/", NOV).content.decode()
    assert all(p.name in page for p in [*nord, *syd])  # all eleven, none hidden behind "…"
    assert "Vis 1 mere" in page
    page = hanne.get("/statistics/", {**NOV, "unit": world.nord.pk}).content.decode()
    assert all(p.name in page for p in nord)
    assert not any(p.name in page for p in syd) and "Carol Christensen" not in page


# --- A manager's statistics -------------------------------------------------------------------


def test_a_managers_statistics_name_her_own_unit_and_its_link_works(world: World) -> None:
    _grow(world)
    alice = client_for(world.alice)
    page = alice.get("/statistics/", NOV).content.decode()
    assert f"?unit={world.nord.pk}&amp;" in page
    assert f"?unit={world.pleje.pk}&amp;" not in page  # her parent unit, which she cannot open
    assert alice.get("/statistics/", {**NOV, "unit": world.nord.pk}).status_code == 200
    assert "Sådan er tallene opgjort" in page and "du leder i dag" in page


def test_the_unit_list_counts_people_employed_today(world: World) -> None:
    make_person(world.acme, "4001", "Starts Later", world.nord, start=D(2027, 1, 1))
    page = client_for(world.alice).get("/units/").content.decode()
    row = page[page.index("Nord") :].split("</tr>")[0]
    assert '<td class="num">2</td>' in row  # alice and bob, not the one who starts in January
    home = client_for(world.alice).get("/").content.decode()
    assert "af 2 personer ansat i dag" in home


# --- Small things a first-day user trips over -------------------------------------------------


def test_tab_titles_are_separated(world: World) -> None:
    page = client_for(world.alice).get("/").content.decode()
    assert "<title>Overblik · Nærvær</title>" in page


def test_forms_say_what_they_will_register(world: World) -> None:
    spell = register_sick(world.person(world.bob), D(2026, 11, 2), by=world.alice)
    alice = client_for(world.alice)
    back = alice.get(f"/spells/{spell.pk}/return/").content.decode()
    assert "Registrér raskmelding for Bob Bendtsen" in back
    partial = alice.get(f"/spells/{spell.pk}/partial/").content.decode()
    assert "Registrér delvis raskmelding for Bob Bendtsen" in partial
    assert "er delvis raskmeldt" not in partial


@pytest.mark.parametrize(
    ("now", "before", "shown"),
    [
        (3.25, 3.2, "+0,1"),  # 3,3 against 3,2 as shown: never "+0,0"
        (3.04, 3.1, "\u22120,1"),  # 3,0 against 3,1
        (2.0, 2.04, "0,0"),
        (4.5, 2.5, "+2,0"),
    ],
)
def test_dialogue_changes_follow_the_averages_shown(now: float, before: float, shown: str) -> None:
    change = GoalComparison("g", "Goal", now, before).change
    assert format_rating(change, signed=True) == shown


def test_ratings_are_rounded_not_cut() -> None:
    assert format_rating(2.56) == "2,6" and format_rating(2.45) == "2,5"
    assert format_rating(Decimal("0.04"), signed=True) == "0,0"


# --- The calendar address ---------------------------------------------------------------------


def test_the_calendar_address_is_the_one_the_browser_used(world: World, settings: Settings) -> None:
    settings.BASE_URL_CONFIGURED = False
    page = client_for(world.alice).get("/me/calendar/", HTTP_HOST="localhost:8123").content.decode()
    assert 'value="http://localhost:8123/calendar/' in page
    assert 'data-copy="feed-url"' in page


def test_a_configured_base_url_wins(world: World, settings: Settings) -> None:
    settings.BASE_URL_CONFIGURED = True
    settings.BASE_URL = "https://naervaer.kommune.dk"
    page = client_for(world.alice).get("/me/calendar/", HTTP_HOST="localhost:8123").content.decode()
    assert 'value="https://naervaer.kommune.dk/calendar/' in page


def test_an_employer_user_gets_no_job_centre_front_page(world: World) -> None:
    other = Organisation.objects.get(slug="other")
    assert other.kind != Organisation.Kind.JOBCENTRE
    assert "Mine åbne sager" not in client_for(world.olga).get("/").content.decode()


# --- Charts -----------------------------------------------------------------------------------


def test_a_column_chart_has_round_axes_values_and_a_text_alternative() -> None:
    from django.utils import translation

    from naervaer.charts import column_chart

    with translation.override("da"):
        chart = column_chart("Sager", [("1", 19), ("2", 7), ("3", None)], unit="%", decimals=1)
    assert [t.label for t in chart.ticks] == ["0 %", "5 %", "10 %", "15 %", "20 %"]
    assert [c.value for c in chart.columns] == ["19,0 %", "7,0 %", ""]  # None: not shown
    assert chart.columns[0].height > chart.columns[1].height > chart.columns[2].height == 0
    assert chart.description == "Sager. 1: 19,0 %; 2: 7,0 %."


def test_the_job_centre_statistics_have_charts(world: World) -> None:
    page = client_for(world.cate).get("/jobcentre/statistics/").content.decode()
    assert 'id="category-chart-title"' in page
    assert "<desc" in page and 'role="img"' in page
