"""The follow-up list filtered and grouped by unit and manager (TODAY is 18 November 2026).

bob works in Pleje/Nord (led by alice), carol in Pleje/Syd (no leader of its own, so dave, who
leads Pleje, is her nearest manager). dave follows both."""

from __future__ import annotations

import datetime as dt

import pytest

from naervaer.absence.services import register_sick
from naervaer.audit.models import AuditEvent
from tests.conftest import ClientResponse, World, client_for, make_person

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
        for label, _size, rows in response.context["groups"]
    }
    assert groups == {"Alice Andersen": {"Bob Bendtsen"}, "Dave Dalgaard": {"Carol Christensen"}}
    response = client_for(world.dave).get("/follow-up/", {"group": "unit"})
    assert [label for label, _size, _rows in response.context["groups"]] == [
        "Pleje/Nord",
        "Pleje/Syd",
    ]
    assert "<h2>Pleje/Nord" in response.content.decode()


def test_a_unit_the_viewer_does_not_lead_widens_nothing(world: World) -> None:
    """alice may not pick Syd: the filter is ignored, and she still sees only her own people."""
    response = client_for(world.alice).get("/follow-up/", {"unit": world.syd.pk})
    assert names(response) == {"Bob Bendtsen"}
    assert "Pleje/Syd" not in response.content.decode()


@pytest.mark.parametrize("who", ["bob", "amy", "adam", "cate"])
def test_the_list_is_for_managers_and_hr(world: World, who: str) -> None:
    assert client_for(getattr(world, who)).get("/follow-up/", {"group": "unit"}).status_code == 403


@pytest.mark.parametrize("group", ["", "unit", "manager"])
def test_a_long_list_comes_a_page_at_a_time_in_the_same_order(
    world: World, monkeypatch: pytest.MonkeyPatch, group: str
) -> None:
    """Each page holds the next steps of the whole list, groups keep their size over all pages,
    the pager keeps the chosen grouping, and only the page's people are audited as read."""
    for i, unit in enumerate([world.syd, world.nord, world.syd, world.nord, world.syd]):
        person = make_person(world.acme, f"90{i}", f"Sick {i}", unit)
        register_sick(person, dt.date(2026, 11, 3 + i), by=world.hanne)
    client = client_for(world.dave)
    whole = client.get("/follow-up/", {"group": group}).context
    steps = [r["obligation"] for r in whole["rows"]]
    sizes = {label: size for label, size, _rows in whole["groups"]}
    assert list(sizes) == sorted(sizes) and len(sizes) == len(whole["groups"])  # each once
    assert len(steps) >= 7 and whole["count"] == len(steps)
    monkeypatch.setattr("naervaer.followup.views.DUE_PER_PAGE", 2)
    paged = []
    for number in range(1, (len(steps) + 1) // 2 + 1):
        before = AuditEvent.objects.count()
        response = client.get("/follow-up/", {"group": group, "page": str(number)})
        context = response.context
        paged += [r["obligation"] for r in context["rows"]]
        assert context["count"] == len(steps)
        for label, size, rows in context["groups"]:
            assert size == sizes[label] and len(rows) <= 2
        event = AuditEvent.objects.order_by("-pk").first()
        assert AuditEvent.objects.count() == before + 1 and event is not None
        assert {p.pk for p in event.subjects.all()} == {
            r["obligation"].case.person_id for r in context["rows"]
        }
        if number > 1:
            assert f'href="?group={group}&amp;page={number - 1}"' in response.content.decode()
    assert paged == steps
