"""Absence by age band through the web, per role, worked out by hand
(docs/statistics.md, "Absence by age band")."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from naervaer.absence.models import TimeOff
from naervaer.absence.services import register_sick
from naervaer.audit.models import AuditEvent
from naervaer.people.models import Person
from naervaer.rules.disclosure import OTHER
from tests.conftest import ClientResponse, World, client_for, make_person

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("frozen_today"),
    pytest.mark.frozen_at(dt.datetime(2026, 12, 1, 9, 0)),
]
D = dt.date
NOV = "?from=2026-11-01&to=2026-11-30"


def born(person: Person, day: dt.date | None) -> None:
    person.birth_date = day
    person.save(update_fields=["birth_date"])


@pytest.fixture
def aged(world: World) -> World:
    """November 2026 has 21 working days (2–6, 9–13, 16–20, 23–27, 30), no public holiday.

    Bob (30 h a week: 6 h a day) turns 60 on Monday 16 November: 1–15 November in 50–59
    (10 working days, 60 h), 16–30 November in 60 and over (11 working days, 66 h). He is
    sick 2–6 November (5 days, 30 h, ended in 50–59) and 23–24 November (2 days, 12 h, ended
    at 60). Alice (36) and Hanne (30; 31 on 20 November) are 30–39, Dave (46) 40–49; Carol
    has no date of birth. Hanne is on holiday on 30 November, so leave is recorded (no
    estimate) and her possible hours are 20 × 7.4."""
    born(world.person(world.alice), D(1990, 5, 5))
    born(world.person(world.bob), D(1966, 11, 16))
    born(world.person(world.dave), D(1980, 1, 1))
    born(world.person(world.hanne), D(1995, 11, 20))
    bob = world.person(world.bob)
    register_sick(bob, D(2026, 11, 2), last_day=D(2026, 11, 6), by=world.alice)
    register_sick(bob, D(2026, 11, 23), last_day=D(2026, 11, 24), by=world.alice)
    TimeOff.objects.create(
        person=world.person(world.hanne),
        kind="holiday",
        first_day=D(2026, 11, 30),
        last_day=D(2026, 11, 30),
    )
    return world


def rows(page: ClientResponse) -> dict[str, tuple[int, float | None, int, float]]:
    table = page.context["table"]
    return {
        r.key: (
            r.figures.people,
            None if r.figures.rate is None else round(r.figures.rate, 2),
            r.figures.spells,
            round(r.figures.possible_hours, 1),
        )
        for r in table.rows
    }


def test_hr_sees_every_band_with_a_birthday_splitting_the_month(aged: World) -> None:
    page = client_for(aged.hanne).get("/statistics/age/" + NOV)
    assert page.status_code == 200
    assert rows(page) == {
        "30-39": (2, 0.0, 0, round(21 * 7.4 + 20 * 7.4, 1)),
        "40-49": (1, 0.0, 0, round(21 * 7.4, 1)),
        "50-59": (1, 50.0, 1, 60.0),  # 30 of 60 hours
        "60+": (1, round(100 * 12 / 66, 2), 1, 66.0),  # 12 of 66 hours
        "unknown": (1, 0.0, 0, round(21 * 7.4, 1)),
    }
    assert page.context["table"].leave_days_estimate == 0
    html = page.content.decode()
    assert "60 og derover" in html and "Fødselsdato ikke registreret" in html


def test_the_read_is_audited(aged: World) -> None:
    """A band of fewer than five people is their own absence: whoever is in one is named in the
    audit log; the figures of a larger group are not a read of anyone's."""
    for i in range(5):
        born(make_person(aged.acme, f"30{i}", f"Young {i}", aged.admin_unit), D(1990, 1, 1))
    client_for(aged.hanne).get("/statistics/age/" + NOV)
    event = AuditEvent.objects.get(detail__contains="/statistics/age/")
    named = set(event.subjects.values_list("name", flat=True))
    # 30–39 is Alice, Hanne and five more: not named; every other band is small.
    assert named == {"Bob Bendtsen", "Dave Dalgaard", "Carol Christensen"}


def test_a_manager_sees_only_the_people_they_lead(aged: World) -> None:
    # Alice leads Pleje/Nord: Bob (not herself).
    assert set(rows(client_for(aged.alice).get("/statistics/age/" + NOV))) == {"50-59", "60+"}
    # Dave leads Pleje: Alice, Bob and Carol.
    assert set(rows(client_for(aged.dave).get("/statistics/age/" + NOV))) == {
        "30-39",
        "50-59",
        "60+",
        "unknown",
    }
    # A manager cannot open a unit they do not lead.
    assert (
        client_for(aged.alice).get(f"/statistics/age/{NOV}&unit={aged.syd.pk}").status_code == 404
    )


@pytest.mark.parametrize("persona", ["bob", "carol", "cate"])
def test_employees_and_others_are_refused(aged: World, persona: str) -> None:
    assert client_for(getattr(aged, persona)).get("/statistics/age/" + NOV).status_code == 403


def test_another_organisations_hr_sees_none_of_it(aged: World) -> None:
    # Only her own organisation's two people, neither with a date of birth.
    assert set(rows(client_for(aged.olga).get("/statistics/age/" + NOV))) == {"unknown"}


def test_the_amo_sees_nothing_of_a_small_organisation(aged: World) -> None:
    page = client_for(aged.amy).get("/statistics/age/" + NOV)
    assert page.status_code == 200
    assert page.context["table"].suppressed and page.context["table"].rows == []
    assert "Bob" not in page.content.decode()


def test_the_amo_sees_bands_of_five_and_the_rest_together(aged: World) -> None:
    """Ten more in Admin: five aged 30–39, five 60 and over. Pleje (4 people) is merged with
    Admin into one cluster of 15. By age: 30–39 Alice, Hanne + 5 = 7; 60+ Bob + 5 = 6;
    40–49 Dave, 50–59 Bob, unknown Carol: 1 each. Shown alone: 30–39 and 60+; the rest (3)
    is too few, so the smaller shown band (60+, 6) joins it: Dave, Bob, Carol + 5 = 8."""
    for i in range(5):
        born(make_person(aged.acme, f"30{i}", f"Young {i}", aged.admin_unit), D(1990, 1, 1))
        born(make_person(aged.acme, f"60{i}", f"Old {i}", aged.admin_unit), D(1960, 1, 1))
    page = client_for(aged.amy).get("/statistics/age/" + NOV)
    table = page.context["table"]
    assert not table.suppressed
    assert [(r.key, r.merged) for r in table.rows] == [
        ("30-39", ()),
        (OTHER, ("40-49", "50-59", "60+", "unknown")),
    ]
    assert table.rows[0].figures.people == 7
    # Bob's 42 hours are in the merged row, not on their own.
    assert round(table.rows[1].figures.absent_hours, 1) == 42.0
    assert "Andre aldre: 40–49, 50–59, 60 og derover" in page.content.decode()
    # Pleje/Nord alone is not a group the AMO may see.
    nord = client_for(aged.amy).get(f"/statistics/age/{NOV}&unit={aged.nord.pk}")
    assert nord.context["table"].suppressed


def test_queries_do_not_grow_with_the_people(aged: World) -> None:
    hr = client_for(aged.hanne)
    hr.get("/statistics/age/" + NOV)  # the first page builds the stored months
    with CaptureQueriesContext(connection) as few:
        hr.get("/statistics/age/" + NOV)
    for i in range(20):
        person = make_person(aged.acme, f"70{i}", f"Extra {i}", aged.syd)
        born(person, D(1970 + i, 3, 1))
        register_sick(person, D(2026, 11, 3), last_day=D(2026, 11, 4), by=aged.hanne)
    with CaptureQueriesContext(connection) as many:
        hr.get("/statistics/age/" + NOV)
    assert len(many) == len(few)


def test_a_bad_period_is_explained(aged: World) -> None:
    page = client_for(aged.hanne).get("/statistics/age/?from=2026-11-30&to=2026-11-01")
    assert page.status_code == 400
