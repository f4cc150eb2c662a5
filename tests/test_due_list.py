"""The follow-up list filtered and grouped by unit and manager (TODAY is 18 November 2026).

bob works in Pleje/Nord (led by alice), carol in Pleje/Syd (no leader of its own, so dave, who
leads Pleje, is her nearest manager). dave follows both."""

from __future__ import annotations

import datetime as dt

import pytest

from naervaer.absence.services import register_sick
from tests.conftest import ClientResponse, World, client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture(autouse=True)
def absent(world: World) -> None:
    register_sick(world.person(world.bob), dt.date(2026, 11, 2), by=world.hanne)
    register_sick(world.person(world.carol), dt.date(2026, 11, 9), by=world.hanne)


def names(response: ClientResponse) -> set[str]:
    return {r["obligation"].case.person.name for r in response.context["rows"]}


def test_the_list_shows_unit_and_nearest_manager(world: World) -> None:
    response = client_for(world.dave).get("/follow-up/")
    assert names(response) == {"Bob Bendtsen", "Carol Christensen"}
    places = {
        r["obligation"].case.person.name: (r["unit"], r["manager"])
        for r in response.context["rows"]
    }
    assert places == {
        "Bob Bendtsen": ("Pleje/Nord", "Alice Andersen"),
        "Carol Christensen": ("Pleje/Syd", "Dave Dalgaard"),
    }


def test_filtered_by_unit(world: World) -> None:
    response = client_for(world.dave).get("/follow-up/", {"unit": world.nord.pk})
    assert names(response) == {"Bob Bendtsen"}
    response = client_for(world.dave).get("/follow-up/", {"unit": world.pleje.pk})
    assert names(response) == {"Bob Bendtsen", "Carol Christensen"}  # the sub-tree


def test_filtered_by_manager(world: World) -> None:
    alice, dave = world.person(world.alice), world.person(world.dave)
    assert names(client_for(world.dave).get("/follow-up/", {"manager": alice.pk})) == {
        "Bob Bendtsen"
    }
    assert names(client_for(world.dave).get("/follow-up/", {"manager": dave.pk})) == {
        "Carol Christensen"
    }


def test_grouped_by_manager_and_by_unit(world: World) -> None:
    response = client_for(world.dave).get("/follow-up/", {"group": "manager"})
    groups = {
        label: {r["obligation"].case.person.name for r in rows}
        for label, rows in response.context["groups"]
    }
    assert groups == {"Alice Andersen": {"Bob Bendtsen"}, "Dave Dalgaard": {"Carol Christensen"}}
    response = client_for(world.dave).get("/follow-up/", {"group": "unit"})
    assert [label for label, _rows in response.context["groups"]] == ["Pleje/Nord", "Pleje/Syd"]
    assert "<h2>Pleje/Nord" in response.content.decode()


def test_a_unit_the_viewer_does_not_lead_widens_nothing(world: World) -> None:
    """alice may not pick Syd: the filter is ignored, and she still sees only her own people."""
    response = client_for(world.alice).get("/follow-up/", {"unit": world.syd.pk})
    assert names(response) == {"Bob Bendtsen"}
    assert "Pleje/Syd" not in response.content.decode()


@pytest.mark.parametrize("who", ["bob", "amy", "adam", "cate"])
def test_the_list_is_for_managers_and_hr(world: World, who: str) -> None:
    assert client_for(getattr(world, who)).get("/follow-up/", {"group": "unit"}).status_code == 403
