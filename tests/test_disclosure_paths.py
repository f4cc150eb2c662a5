"""Every path the AMO's figures leave by gives the same answer (``naervaer.rules.disclosure``).

Acme, November 2026: Admin has hanne and 5 more (6); Pleje has dave directly (its head), Nord
with alice, bob and 5 more (7) and Syd with carol alone. Pleje (9) minus Nord (7) would be
dave and carol, so Nord is hidden with them, Pleje shown. Dave is off pregnancy-related, the
only one: that kind must not appear anywhere, and "other" would be him alone, so the AMO gets
no breakdown by kind at all.
"""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from naervaer.absence.models import AbsenceSpell, Kind
from naervaer.absence.services import register_sick
from naervaer.amo import services
from naervaer.api.models import ApiToken
from naervaer.people.models import Employment, Person
from naervaer.rules.disclosure import OTHER
from naervaer.statistics.selectors import Scope, dashboard
from tests.conftest import World, client_for, make_person, streamed

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("frozen_today"),
    pytest.mark.frozen_at(dt.datetime(2026, 12, 1, 9, 0)),
]
D = dt.date
NOV: dict[str, str | int] = {"from": "2026-11-01", "to": "2026-11-30"}
TODAY = D(2026, 12, 1)


@pytest.fixture
def acme(world: World) -> World:
    for i in range(5):
        make_person(world.acme, f"20{i}", f"Nord {i}", world.nord)
        make_person(world.acme, f"30{i}", f"Admin {i}", world.admin_unit)
    register_sick(world.person(world.bob), D(2026, 11, 2), last_day=D(2026, 11, 6), by=world.alice)
    dave = world.pleje.employments.get().person
    spell = register_sick(dave, D(2026, 11, 9), last_day=D(2026, 11, 27), by=world.alice)
    AbsenceSpell.objects.filter(pk=spell.pk).update(kind=Kind.PREGNANCY)
    return world


def test_the_dashboard_hides_the_unit_that_would_give_the_head_away(acme: World) -> None:
    board = dashboard(
        Scope(acme.acme.pk, None, acme.pleje), D(2026, 11, 1), D(2026, 11, 30), TODAY, for_amo=True
    )
    assert not board.total.suppressed and board.total.figures.people == 9
    assert {g.key: g.suppressed for g in board.units} == {
        "Pleje": True,
        "Pleje/Nord": True,
        "Pleje/Syd": True,
    }
    assert board.kinds == []  # pregnancy is dave's; "other" would be dave
    hr = dashboard(Scope(acme.acme.pk, None, acme.pleje), D(2026, 11, 1), D(2026, 11, 30), TODAY)
    assert {g.key for g in hr.kinds} == {"sickness", "pregnancy"}  # HR sees everything
    assert not any(g.suppressed for g in hr.units)


def test_the_page_and_its_exports(acme: World) -> None:
    client = client_for(acme.amy)
    page = client.get("/statistics/", {**NOV, "unit": acme.pleje.pk})
    assert [(b["group"].key, b["group"].suppressed) for b in page.context["units"]] == [
        ("Pleje", True),
        ("Pleje/Nord", True),
        ("Pleje/Syd", True),
    ]
    assert page.context["kinds"] == []
    response = client.get("/statistics/export.csv", {**NOV, "unit": acme.pleje.pk})
    csv = streamed(response).decode("utf-8-sig")
    assert "pregnancy" not in csv and "Graviditet" not in csv and OTHER not in csv
    nord = next(line for line in csv.splitlines() if "Pleje/Nord" in line)
    assert nord.strip().rstrip(";") == "Enhed;Pleje/Nord"  # hidden: no figures
    assert client.get("/statistics/export.xlsx", {**NOV, "unit": acme.pleje.pk}).status_code == 200


def test_the_heat_map(acme: World) -> None:
    client = client_for(acme.amy)
    nord = client.get("/statistics/calendar/", {**NOV, "unit": acme.nord.pk})
    assert nord.context["suppressed"]
    pleje = client.get("/statistics/calendar/", {**NOV, "unit": acme.pleje.pk})
    assert not pleje.context["suppressed"]


def test_the_api_with_an_amo_token(acme: World) -> None:
    token = ApiToken.issue(acme.acme, "AMO-rapport", "amo")[1]
    data = (
        Client(HTTP_AUTHORIZATION=f"Bearer {token}")
        .get("/api/v1/statistics", {"start": "2026-11-01", "end": "2026-11-30"})
        .json()
    )
    assert {g["key"]: g.get("people") for g in data["units"]} == {"Admin": 6, "Pleje": 9}
    assert data["total"]["people"] == 15


def test_the_command_line_as_the_amo(acme: World) -> None:
    out = StringIO()
    call_command(
        "stats", "--org", "acme", "--from", "2026-11-01", "--to", "2026-11-30",
        "--unit", "Pleje", "--by", "kind", "--as-role", "amo", "--json", stdout=out,
    )  # fmt: skip
    assert json.loads(out.getvalue())["groups"] == []


def test_a_quarter_is_shown_only_when_each_of_its_months_is(acme: World) -> None:
    out = StringIO()
    call_command(
        "stats", "--org", "acme", "--from", "2026-08-01", "--to", "2026-11-30",
        "--unit", "Pleje/Nord", "--by", "quarter", "--as-role", "amo", "--json", stdout=out,
    )  # fmt: skip
    assert {g["key"]: g["suppressed"] for g in json.loads(out.getvalue())["groups"]} == {
        "2026-K3": True,
        "2026-K4": True,
    }
    out = StringIO()
    call_command(
        "stats", "--org", "acme", "--from", "2026-08-01", "--to", "2026-11-30",
        "--by", "quarter", "--as-role", "amo", "--json", stdout=out,
    )  # fmt: skip
    assert not any(g["suppressed"] for g in json.loads(out.getvalue())["groups"])


def test_the_amo_tools(acme: World) -> None:
    period = (D(2026, 11, 1), D(2026, 11, 30), TODAY)
    assert services.unit_evidence(acme.nord, *period) is None
    assert services.unit_evidence(acme.pleje, *period) is not None
    snapshot = services.statistics_snapshot(acme.acme.pk, *period)
    assert [u["key"] for u in snapshot["units"]] == ["Admin", "Pleje"]
    basis = services.annual_basis(acme.acme.pk, 2026, D(2026, 11, 30))
    assert basis["statistics"]["total"] is None or basis["statistics"]["total"]["people"] >= 5


def test_the_front_page_counts_each_areas_people_and_who_is_absent_today(acme: World) -> None:
    """Tuesday 1 December: Admin has 6 people, Pleje 9 (module docstring). Added: one person
    in both areas (one of each area's people), one whose employment ended yesterday and one who
    starts tomorrow (neither counted). Absent today: bob and Admin 0 (ongoing), the person in
    both areas (in both); not the one back today, nor the one sick from tomorrow."""
    both = make_person(acme.acme, "400", "Both Areas", acme.admin_unit)
    Employment.objects.create(person=both, unit=acme.syd, weekly_hours=10, start=D(2026, 1, 1))
    make_person(acme.acme, "401", "Gone", acme.admin_unit, end=D(2026, 11, 30))
    make_person(acme.acme, "402", "New", acme.nord, start=D(2026, 12, 2))
    sick = [
        (acme.person(acme.bob), D(2026, 11, 30), None),
        (Person.objects.get(name="Admin 0"), D(2026, 12, 1), None),
        (both, D(2026, 11, 28), None),
        (Person.objects.get(name="Admin 1"), D(2026, 11, 25), D(2026, 11, 30)),  # back today
        (Person.objects.get(name="Nord 1"), D(2026, 12, 2), None),  # sick from tomorrow
    ]
    for person, first, last in sick:
        register_sick(person, first, last_day=last, by=acme.hanne)
    areas = client_for(acme.amy).get("/").context["areas"]
    assert [(a["area"], a["people"], a["absent"]) for a in areas] == [
        ("Admin", 7, 2),
        ("Pleje", 10, 2),
    ]


def test_who_is_absent_today_by_area(acme: World) -> None:
    page = client_for(acme.amy).get("/")
    assert {a["area"]: a["suppressed"] for a in page.context["areas"]} == {
        "Admin": False,
        "Pleje": False,
    }
