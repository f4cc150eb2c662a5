"""Input that cannot mean anything gets a clear error in the user's language and changes nothing
(issue 12, point 9). TODAY is Wednesday 18 November 2026."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from naervaer.absence.models import AbsenceDegree, AbsenceSpell
from naervaer.absence.services import register_return, register_sick
from naervaer.amo.models import AnnualDiscussion
from naervaer.api.models import ApiToken
from naervaer.followup.models import Case, RetentionPlan
from naervaer.jobcentre.models import Case as CitizenCase
from tests.conftest import World, client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
D = dt.date


def api(world: World, role: str = "hr") -> Client:
    token = ApiToken.issue(world.acme, "Lønsystem", role)[1]
    return Client(headers={"authorization": f"Bearer {token}"})


# --- The annual discussion's year ---------------------------------------------------------------


@pytest.mark.parametrize("year", [0, 1, 1899, 2028, 10000])
def test_an_annual_discussion_for_an_impossible_year_is_not_found_and_not_created(
    world: World, year: int
) -> None:
    client = client_for(world.amy)
    assert client.get(f"/amo/annual/{year}/").status_code == 404
    assert client.post(f"/amo/annual/{year}/", {"action": "basis"}).status_code == 404
    assert client.get(f"/amo/annual/{year}.pdf").status_code == 404
    assert not AnnualDiscussion.objects.exists()


def test_next_years_discussion_can_be_prepared(world: World) -> None:
    assert client_for(world.amy).get("/amo/annual/2027/").status_code == 200
    assert AnnualDiscussion.objects.get().year == 2027


# --- Statistics periods ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"from": "0001-01-01", "to": "0001-12-31"},
        {"from": "9999-01-01", "to": "9999-12-31"},
        {"from": "2026-01-01", "to": "9999-12-31"},
        {"from": "1899-12-31", "to": "2026-10-31"},
        {"from": "2026-11-01", "to": "2026-01-31"},
        {"from": "2010-01-01", "to": "2026-10-31"},
        {"from": "2026-13-01"},
    ],
)
@pytest.mark.parametrize(
    "path", ["/statistics/", "/statistics/export.csv", "/statistics/calendar/"]
)
def test_a_statistics_period_that_cannot_be_used_is_a_clear_400(
    world: World, params: dict[str, str], path: str
) -> None:
    response = client_for(world.hanne).get(path, params)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Forespørgslen kan ikke bruges" in page and "Intet er ændret" in page


def test_a_sensible_statistics_period_still_works(world: World) -> None:
    response = client_for(world.hanne).get(
        "/statistics/", {"from": "2026-01-01", "to": "2026-10-31"}
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("0001-01-01", "0001-01-31"),
        ("9999-12-01", "9999-12-31"),
        ("2026-01-01", "9999-12-31"),
        ("2026-11-01", "2026-01-31"),
        ("1990-01-01", "2026-10-31"),
    ],
)
def test_the_statistics_api_refuses_such_periods_in_its_json_error_shape(
    world: World, start: str, end: str
) -> None:
    response = api(world).get("/api/v1/statistics", {"start": start, "end": end})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    errors = response.json()["errors"]
    assert errors and all(e["field"] in {"start", "end"} and e["reason"] for e in errors)


# --- First days in the future ---------------------------------------------------------------------


def test_sickness_cannot_be_registered_more_than_a_day_ahead(world: World) -> None:
    bob = world.person(world.bob)
    client = client_for(world.alice)
    form = {
        "first_day": "2026-11-20",
        "percent": "100",
        "kind": "sickness",
        "reported_via": "phone",
    }
    response = client.post(f"/people/{bob.pk}/sick/", form)
    assert response.status_code == 200
    assert "for langt ude i fremtiden" in response.content.decode()
    assert not AbsenceSpell.objects.exists()
    # Tomorrow ("I will not be in tomorrow") is fine.
    response = client.post(f"/people/{bob.pk}/sick/", {**form, "first_day": "2026-11-19"})
    assert response.status_code == 302
    assert AbsenceSpell.objects.get().first_day == D(2026, 11, 19)


@pytest.mark.parametrize("kind", ["sickness", "work_accident", "pregnancy"])
def test_the_api_refuses_a_first_day_years_ahead_for_every_kind(world: World, kind: str) -> None:
    response = api(world).post(
        "/api/v1/absences",
        json.dumps({"employee_id": "1002", "first_day": "2029-11-18", "kind": kind}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "for langt ude i fremtiden" in response.json()["errors"][0]["reason"]
    assert not AbsenceSpell.objects.exists()


def test_a_correction_cannot_move_the_first_day_years_ahead(world: World) -> None:
    spell = register_sick(world.person(world.bob), D(2026, 11, 16), by=world.alice)
    response = client_for(world.alice).post(
        f"/spells/{spell.pk}/correct/", {"first_day": "2062-11-16", "kind": "sickness"}
    )
    assert response.status_code == 200
    spell.refresh_from_db()
    assert spell.first_day == D(2026, 11, 16)


@pytest.mark.parametrize("back_on", ["0001-01-01", "9999-12-31"])
def test_a_return_on_an_impossible_day_is_refused_not_a_server_error(
    world: World, back_on: str
) -> None:
    spell = register_sick(world.person(world.bob), D(2026, 11, 16), by=world.alice)
    response = api(world).post(
        f"/api/v1/absences/{spell.pk}/return",
        json.dumps({"back_on": back_on}),
        content_type="application/json",
    )
    assert response.status_code == 422
    spell.refresh_from_db()
    assert spell.last_day is None


# --- A gradual return in the retention plan -------------------------------------------------------


def plan_form(*steps: tuple[str, str]) -> dict[str, str]:
    form = {
        "gradual_return": "on",
        "measures": "Start med formiddage",
        "steps-TOTAL_FORMS": "4",
        "steps-INITIAL_FORMS": "0",
    }
    for i, (day, hours) in enumerate(steps):
        form[f"steps-{i}-from_day"] = day
        form[f"steps-{i}-hours_per_week"] = hours
    return form


@pytest.fixture
def bobs_case(world: World) -> Case:
    # Bob works 30 hours a week and is sick from Monday 2 November 2026.
    register_sick(world.person(world.bob), D(2026, 11, 2), by=world.alice)
    return Case.objects.get(person=world.person(world.bob))


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        ((("2026-11-23", "60"),), "mere end kontraktens 30"),
        ((("2026-12-07", "20"), ("2026-11-23", "10")), "skal følge efter hinanden"),
        ((("2026-11-23", "10"), ("2026-11-23", "20")), "skal følge efter hinanden"),
        ((("2026-10-26", "10"),), "før første fraværsdag"),
    ],
)
def test_a_schedule_that_does_not_fit_is_refused_and_changes_nothing(
    world: World, bobs_case: Case, steps: tuple[tuple[str, str], ...], message: str
) -> None:
    response = client_for(world.alice).post(f"/cases/{bobs_case.pk}/plan/", plan_form(*steps))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RetentionPlan.objects.exists()
    assert list(AbsenceDegree.objects.values_list("percent", flat=True)) == [100]


def test_no_gradual_return_on_an_absence_that_has_ended(world: World, bobs_case: Case) -> None:
    register_return(bobs_case.spell, D(2026, 11, 9), by=world.alice)
    response = client_for(world.alice).post(
        f"/cases/{bobs_case.pk}/plan/", plan_form(("2026-11-23", "10"))
    )
    assert response.status_code == 200
    assert "Fraværet sluttede den 08.11.2026" in response.content.decode()
    assert not RetentionPlan.objects.exists()


def test_a_schedule_up_to_the_contract_hours_is_saved(world: World, bobs_case: Case) -> None:
    response = client_for(world.alice).post(
        f"/cases/{bobs_case.pk}/plan/", plan_form(("2026-11-23", "10"), ("2026-12-07", "30"))
    )
    assert response.status_code == 302
    assert list(AbsenceDegree.objects.order_by("from_day").values_list("percent", flat=True)) == [
        100,
        67,
    ]


# --- Every form's dates -----------------------------------------------------------------------------


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_no_form_takes_a_date_outside_the_supported_years(world: World, day: str) -> None:
    """A job-centre case with a first sick day in year 9999 made its page a server error."""
    client = client_for(world.cate)
    response = client.post(
        "/jobcentre/cases/new/", {"citizen": "Mette Madsen", "status": "employed", "first_day": day}
    )
    assert response.status_code == 200
    assert "uden for de år, Nærvær arbejder med" in response.content.decode()
    assert not CitizenCase.objects.exists()


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_the_statistics_command_refuses_such_dates_with_a_message(world: World, day: str) -> None:
    with pytest.raises(CommandError, match="outside the years"):
        call_command("stats", "--org", "acme", "--from", day, "--to", "2026-10-31", "--json")
