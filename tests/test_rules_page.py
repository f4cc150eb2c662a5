"""The "Regler" page: the law as Nærvær applies it, for HR and caseworkers (issue 11, point 7)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "status"),
    [("hanne", 200), ("cate", 200), ("alice", 403), ("bob", 403), ("amy", 403), ("adam", 403)],
)
def test_who_may_read_the_rules(world: World, persona: str, status: int) -> None:
    assert client_for(getattr(world, persona)).get("/rules/").status_code == status


def test_the_rules_in_danish_with_sources_verified_and_upcoming(world: World) -> None:
    with time_machine.travel(dt.datetime(2026, 5, 1, 9, 0), tick=False):
        page = client_for(world.hanne).get("/rules/").content.decode()
    # Values filled into Danish texts, each step with its date and source.
    assert "Arbejdsgiverperiode" in page and "nu: 30 kalenderdage" in page
    assert "21 kalenderdage" in page and "15 kalenderdage" in page
    assert "02.06.2008" in page and "https://elov.dk/sygedagpengeloven/paragraf/40" in page
    assert "ikke kontrolleret" in page
    # The 2026 reform step (1 Jul 2026) is upcoming on 1 May 2026.
    assert "kommende" in page and "01.07.2026" in page
    assert "calendar days" not in page  # no English value text in the Danish UI


def test_the_navigation_shows_the_rules_to_hr_only_among_employers(world: World) -> None:
    assert 'href="/rules/"' in client_for(world.hanne).get("/").content.decode()
    assert 'href="/rules/"' not in client_for(world.alice).get("/").content.decode()
