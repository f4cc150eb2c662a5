"""Statistics for seed 000's groups: seniors and fleksjob as their own populations for HR and
managers (never for the AMO), and work accidents per year and unit."""

from __future__ import annotations

import datetime as dt

import pytest

from naervaer.fleksjob.models import Fleksjob
from naervaer.workinjury.models import WorkAccident
from tests.conftest import World, client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def test_seniors_and_fleksjob_as_populations(world: World) -> None:
    bob, carol = world.person(world.bob), world.person(world.carol)
    bob.birth_date = dt.date(1960, 1, 1)  # 66: a senior by the default policy (60)
    bob.save()
    carol.birth_date = dt.date(1990, 1, 1)
    carol.save()
    Fleksjob.objects.create(
        employment=carol.employments.get(), started_on=dt.date(2025, 1, 1), granted_by="Acme"
    )
    hr = client_for(world.hanne)
    seniors = hr.get("/statistics/?population=seniors")
    assert seniors.status_code == 200 and seniors.context["scope"].person_ids == {bob.pk}
    assert 'option value="seniors" selected' in seniors.content.decode()
    fleksjob = hr.get("/statistics/?population=fleksjob")
    assert fleksjob.context["scope"].person_ids == {carol.pk}
    # A manager's population is cut to the people she leads: Carol is not Alice's.
    alice = client_for(world.alice).get("/statistics/?population=fleksjob")
    assert alice.context["scope"].person_ids == set()
    assert hr.get("/statistics/?population=everyone-over-90").status_code == 404


def test_the_amo_gets_no_sub_populations(world: World) -> None:
    amo = client_for(world.amy)
    page = amo.get("/statistics/?population=seniors")
    assert page.status_code == 200 and page.context["scope"].person_ids is None
    assert 'name="population"' not in page.content.decode()


def test_work_accidents_per_year_and_unit(world: World) -> None:
    bob = world.person(world.bob)
    for day, days in (
        (dt.date(2025, 3, 3), 4),
        (dt.date(2026, 2, 2), 0),
        (dt.date(2026, 5, 4), 10),
    ):
        WorkAccident.objects.create(
            organisation=world.acme,
            happened_on=day,
            unit=world.nord,
            person=bob,
            what_happened="Fald",
            absent_days_beyond=days,
        )
    WorkAccident.objects.create(
        organisation=world.acme,
        kind="near_miss",
        happened_on=dt.date(2026, 6, 1),
        unit=world.nord,
        what_happened="Næsten fald",
    )
    rows = client_for(world.hanne).get("/injuries/").context["per_year"]
    assert [
        (r.year, r.unit, r.accidents, r.reportable, r.near_misses, r.absence_days) for r in rows
    ] == [
        (2026, "Pleje/Nord", 2, 1, 1, 10),
        (2025, "Pleje/Nord", 1, 1, 0, 4),
    ]
    amo_rows = client_for(world.amy).get("/injuries/").context["per_year"]
    assert [r.absence_days for r in amo_rows] == [
        None,
        None,
    ]  # days tied to persons: not for the AMO
