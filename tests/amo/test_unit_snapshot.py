"""The AMO's statistics snapshot for one unit, not only the whole organisation: only for a
unit of five or more people, and its own sub-units under five are left out.

Pleje holds alice, bob and erik (Nord), carol (Syd) and dave (Pleje itself): five people;
Admin holds hanne and four more."""

from __future__ import annotations

import datetime as dt

import pytest

from naervaer.absence.services import register_sick
from naervaer.amo.models import Process
from naervaer.people.models import Organisation, Unit
from tests.conftest import World, client_for, make_person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
D = dt.date
NAMES = ["Alice Andersen", "Bob Bendtsen", "Carol Christensen", "Dave Dalgaard", "Erik Eriksen"]


@pytest.fixture
def process(world: World) -> Process:
    make_person(world.acme, "1006", "Erik Eriksen", world.nord)
    # Admin gets five people too: disclosure control hides Pleje if the organisation minus
    # Pleje would leave fewer than five (naervaer.rules.disclosure).
    for n in range(4):
        make_person(world.acme, f"20{n}", f"Kontor {n}", world.admin_unit)
    register_sick(world.person(world.bob), D(2026, 9, 7), last_day=D(2026, 9, 9), by=world.alice)
    register_sick(
        world.person(world.carol), D(2026, 10, 5), last_day=D(2026, 10, 30), by=world.hanne
    )
    return Process.objects.create(organisation=world.acme, title="Sygefravær", year=2026)


def test_a_unit_of_five_gets_its_own_snapshot(world: World, process: Process) -> None:
    client = client_for(world.amy)
    response = client.post(
        f"/amo/process/{process.pk}/1/", {"action": "snapshot", "unit": world.pleje.pk}
    )
    assert response.status_code == 302
    process.refresh_from_db()
    snapshot = process.snapshot
    assert snapshot is not None
    assert snapshot["unit"] == "Pleje"
    assert snapshot["total"]["people"] == 5
    assert snapshot["total"]["spells"] == 2
    # Nord (3 people), Syd (1) and those in Pleje itself (dave) are too small to show.
    assert snapshot["units"] == []
    assert snapshot["left_out"] == 3
    page = client.get(f"/amo/process/{process.pk}/1/").content.decode()
    assert "<th>Pleje</th>" in page
    for name in NAMES:
        assert name not in page


def test_a_unit_under_five_is_refused_and_the_old_snapshot_kept(
    world: World, process: Process
) -> None:
    client = client_for(world.amy)
    client.post(f"/amo/process/{process.pk}/1/", {"action": "snapshot", "unit": world.pleje.pk})
    response = client.post(
        f"/amo/process/{process.pk}/1/", {"action": "snapshot", "unit": world.nord.pk}, follow=True
    )
    assert "Pleje/Nord har færre end fem personer" in response.content.decode()
    process.refresh_from_db()
    assert process.snapshot is not None and process.snapshot["unit"] == "Pleje"


def test_a_unit_of_another_organisation_is_not_counted(world: World, process: Process) -> None:
    foreign = Unit.objects.get(organisation=world.other)
    client_for(world.amy).post(
        f"/amo/process/{process.pk}/1/", {"action": "snapshot", "unit": foreign.pk}
    )
    process.refresh_from_db()
    snapshot = process.snapshot
    assert snapshot is not None
    assert snapshot["unit"] is None  # the whole of acme, nothing of the other
    assert snapshot["total"]["people"] == 10  # acme: five in Pleje, five in Admin
    assert Organisation.objects.get(pk=world.other.pk).name == "Anden Kommune"


@pytest.mark.parametrize("who", ["alice", "bob", "adam", "olga"])
def test_only_the_amo_and_hr_take_snapshots(world: World, process: Process, who: str) -> None:
    response = client_for(getattr(world, who)).post(
        f"/amo/process/{process.pk}/1/", {"action": "snapshot", "unit": world.pleje.pk}
    )
    assert response.status_code in (403, 404)
    process.refresh_from_db()
    assert process.snapshot is None
