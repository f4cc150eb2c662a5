"""The front page's absence counts, counted by the database, worked out by hand for Wednesday
18 November 2026 and checked against the model's own rules (``degree_on``, ``calendar_days``).
Each test runs twice: finding a team's spells person by person, and a large scope's by reading
the day's spells first (``access.MANY_PEOPLE``); both must give the same."""

from __future__ import annotations

import datetime as dt

import pytest

from naervaer.absence.models import AbsenceDegree, AbsenceSpell
from naervaer.absence.selectors import AbsentCounts, absent_counts, absent_now
from naervaer.access import viewer_for
from tests.conftest import TODAY, World, client_for, make_person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
D = dt.date


def spell(
    world: World, name: str, first: dt.date, last: dt.date | None, *steps: tuple[dt.date, int]
) -> None:
    person = make_person(world.acme, name, name, world.nord)
    s = AbsenceSpell.objects.create(person=person, first_day=first, last_day=last)
    for from_day, percent in steps:
        AbsenceDegree.objects.create(spell=s, from_day=from_day, percent=percent)


@pytest.fixture(autouse=True, params=["team", "many"])
def _either_way(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if request.param == "many":
        monkeypatch.setattr("naervaer.access.MANY_PEOPLE", 0)


@pytest.fixture
def absent(world: World) -> World:
    spell(world, "p1", D(2026, 10, 21), None)  # 29 calendar days today: long, 100 %
    spell(world, "p2", D(2026, 10, 22), None, (D(2026, 11, 10), 50))  # 28 days: not long; 50 %
    # Registered to 30 December: 60 calendar days, long; 50 % then back to 100 % on the 15th.
    spell(
        world, "p3", D(2026, 11, 1), D(2026, 12, 30), (D(2026, 11, 1), 50), (D(2026, 11, 15), 100)
    )
    spell(world, "p4", D(2026, 11, 18), None, (D(2026, 11, 20), 60))  # 60 % only from Friday
    spell(world, "p5", D(2026, 11, 2), D(2026, 11, 17))  # back yesterday: not absent
    spell(world, "p6", D(2026, 11, 19), None)  # sick from tomorrow: not absent today
    carol = world.person(world.carol)  # Syd: not alice's
    AbsenceSpell.objects.create(person=carol, first_day=D(2026, 10, 1), last_day=None)
    return world


def test_the_counts_worked_out_by_hand(absent: World) -> None:
    assert absent_counts(viewer_for(absent.alice), TODAY) == AbsentCounts(
        absent=4, partial=1, long=2
    )


def test_the_counts_follow_the_models_rules(absent: World) -> None:
    for user in (absent.alice, absent.hanne):
        viewer = viewer_for(user)
        spells = list(absent_now(viewer, TODAY))
        assert absent_counts(viewer, TODAY) == AbsentCounts(
            absent=len(spells),
            partial=sum(1 for s in spells if s.degree_on(TODAY) < 100),
            long=sum(1 for s in spells if s.calendar_days(TODAY) > 28),
        )


def test_the_absent_list_comes_a_page_at_a_time(
    absent: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("naervaer.absence.views.ABSENT_PER_PAGE", 3)
    client = client_for(absent.hanne)  # HR: the four in Nord and carol
    first = client.get("/absent/").content.decode()
    assert "5 personer er fraværende" in first
    assert "Side 1 af 2" in first
    second = client.get("/absent/", {"page": 2}).content.decode()
    assert "Side 2 af 2" in second
    back = 'class="btn small secondary"'  # one "Back" button per row
    assert (first.count(back), second.count(back)) == (3, 2)
    names = {n for n in ("p1", "p2", "p3", "p4", "Carol") if n in first + second}
    assert names == {"p1", "p2", "p3", "p4", "Carol"}
