"""Fleksjob: HR's overview, the terms of a job, and the fleksjob bonus by the rules in force
when the job started."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from naervaer.fleksjob.models import Fleksjob
from naervaer.followup.agenda import items_for
from naervaer.people.models import Sector
from tests.conftest import World, client_for, make_person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def test_hr_registers_a_small_hours_fleksjob(world: World) -> None:
    erik = make_person(world.acme, "2001", "Erik Eriksen", world.nord, hours="8")
    client = client_for(world.hanne)
    response = client.post(
        "/fleksjob/new/",
        {
            "employment": erik.employments.get().pk,
            "started_on": "2026-03-01",
            "granted_by": "Acme Kommune",
            "subsidy": "to_employee",
        },
    )
    assert response.status_code == 302
    page = client.get("/fleksjob/").content.decode()
    assert "Erik Eriksen" in page and "1 af dem 10 timer om ugen eller mindre" in page
    assert "ordningen er lukket" in page  # no bonus in 2026


def test_the_bonus_by_the_rules_when_the_job_started(world: World) -> None:
    world.acme.sector = Sector.PRIVATE
    world.acme.save()
    erik = make_person(
        world.acme, "2001", "Erik Eriksen", world.nord, hours="10", start=dt.date(2014, 6, 2)
    )
    job = Fleksjob.objects.create(
        employment=erik.employments.get(), started_on=dt.date(2014, 6, 2), granted_by="Acme"
    )
    bonus = job.bonus()
    # 1 May 2014 rules: 20.000 kr. after nine months, private employers: 2 Jun 2014 + 9 m.
    assert bonus.reason == "eligible" and bonus.claimable_from == dt.date(2015, 3, 2)
    assert bonus.bonus is not None and bonus.bonus.amount_dkk == Decimal(20000)
    assert job.bonus_due(dt.date(2026, 11, 18)) is None  # long past: no reminder now
    world.acme.sector = Sector.MUNICIPALITY
    world.acme.save()
    job.refresh_from_db()
    assert job.bonus().reason == "public_employer"


def test_the_bonus_reaches_hrs_reminders_while_it_can_be_claimed(world: World) -> None:
    world.acme.sector = Sector.PRIVATE
    world.acme.save()
    erik = make_person(
        world.acme, "2001", "Erik Eriksen", world.nord, hours="9", start=dt.date(2014, 6, 2)
    )
    job = Fleksjob.objects.create(
        employment=erik.employments.get(), started_on=dt.date(2014, 6, 2), granted_by="Acme"
    )
    with time_machine.travel(dt.datetime(2015, 2, 1, 9, 0), tick=False):
        items = [i for i in items_for(world.hanne) if i.uid.startswith("fleksjob-bonus")]
        assert [(i.due, i.path) for i in items] == [(dt.date(2015, 3, 2), f"/fleksjob/{job.pk}/")]
        assert "Erik" not in items[0].title
        assert [i for i in items_for(world.alice) if i.uid.startswith("fleksjob")] == []
        job.bonus_claimed_on = dt.date(2015, 3, 3)
        job.save()
        assert [i for i in items_for(world.hanne) if i.uid.startswith("fleksjob-bonus")] == []


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"started_on": "2019-12-31"}, "før ansættelsen"),
        ({"subsidy": "to_employee", "subsidy_per_month": "5.000,00"}, "ikke arbejdsgiveren"),
    ],
)
def test_bad_terms_are_explained(world: World, data: dict[str, str], error: str) -> None:
    bob = world.person(world.bob)
    post = {
        "employment": bob.employments.get().pk,
        "started_on": "2024-01-01",
        "granted_by": "Acme",
        "subsidy": "to_employee",
    }
    post.update(data)
    response = client_for(world.hanne).post("/fleksjob/new/", post)
    assert response.status_code == 400 and error in response.content.decode()
    assert not Fleksjob.objects.exists()


@pytest.mark.parametrize("persona", ["alice", "dave", "bob", "amy", "adam", "cate"])
def test_only_hr(world: World, persona: str) -> None:
    assert client_for(getattr(world, persona)).get("/fleksjob/").status_code == 403


def test_another_organisations_hr_cannot_see_it(world: World) -> None:
    job = Fleksjob.objects.create(
        employment=world.person(world.bob).employments.get(),
        started_on=dt.date(2024, 1, 1),
        granted_by="Acme",
    )
    assert client_for(world.olga).get(f"/fleksjob/{job.pk}/").status_code == 404
    assert "Bob" not in client_for(world.olga).get("/fleksjob/").content.decode()


def test_sickness_in_a_fleksjob_gives_refund_from_the_first_day(world: World) -> None:
    from naervaer.absence.services import register_sick
    from naervaer.followup.models import Case

    bob = world.person(world.bob)
    Fleksjob.objects.create(
        employment=bob.employments.get(), started_on=dt.date(2024, 1, 1), granted_by="Acme"
    )
    # Ongoing: refund from the first day, claimed with the report (§ 59, stk. 2).
    spell = register_sick(bob, dt.date(2026, 11, 16), by=world.alice)
    refund = Case.objects.get(spell=spell).obligations.get(code="section56_refund")
    assert (refund.reason, refund.optional) == ("refund_with_report", False)
    # Carol is not in a fleksjob: no refund from day one.
    other = register_sick(world.person(world.carol), dt.date(2026, 11, 16), by=world.hanne)
    refund = Case.objects.get(spell=other).obligations.get(code="section56_refund")
    assert refund.reason == "no_refund_from_day_one"
