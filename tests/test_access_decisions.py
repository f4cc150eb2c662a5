"""The access decisions that used to be made inside views, persona by persona: each rule names
everyone it lets through, so a persona added to it by mistake (or a denied one) fails here.
Every URL as every persona is tried in ``test_access_matrix``."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from naervaer.access import (
    NOBODY,
    Viewer,
    can_report_problems,
    can_see_bradford_factor,
    can_set_senior_policy,
    can_use_people_api,
    must_use_two_factor,
    obligation_actors,
    reports_by_name,
    sees_absence_by_area,
    statistics_for_groups_only,
    viewer_for,
)
from naervaer.rules.obligations import Actor
from tests.conftest import World

pytestmark = pytest.mark.django_db

PERSONAS = ("alice", "bob", "carol", "dave", "hanne", "amy", "adam", "oscar", "olga", "cate")
ACME = {"alice", "bob", "carol", "dave", "hanne", "amy", "adam"}
HR = {"hanne", "olga"}  # HR of Acme and of the other organisation


@pytest.mark.parametrize(
    ("rule", "allowed"),
    [
        (can_use_people_api, HR),
        (can_see_bradford_factor, HR),
        (can_set_senior_policy, HR),
        (must_use_two_factor, HR | {"adam"}),
        (sees_absence_by_area, {"amy"}),
        # Everyone but HR sees the API's statistics in groups only (tokens are HR's or AMO's).
        (statistics_for_groups_only, set(PERSONAS) - HR),
    ],
)
def test_who_the_rule_lets_through(
    world: World, rule: Callable[[Viewer], bool], allowed: set[str]
) -> None:
    passed = {name for name in PERSONAS if rule(viewer_for(getattr(world, name)))}
    assert passed == allowed


@pytest.mark.parametrize(
    "rule", [can_use_people_api, can_see_bradford_factor, can_set_senior_policy]
)
def test_nobody_logged_in_gets_nothing(rule: Callable[[Viewer], bool]) -> None:
    assert not rule(NOBODY)


def test_only_colleagues_put_their_name_on_a_problem_report(world: World) -> None:
    by_name = {n for n in PERSONAS if reports_by_name(viewer_for(getattr(world, n)), world.acme.pk)}
    assert by_name == ACME
    assert not reports_by_name(NOBODY, world.acme.pk)


def test_problem_reports_are_for_employers_only(world: World) -> None:
    assert can_report_problems(world.acme)
    assert can_report_problems(world.other)
    assert not can_report_problems(world.jobcentre)
    assert not can_report_problems(None)


def test_whose_follow_up_steps_fall_to_whom(world: World) -> None:
    """Managers (alice of Nord, dave of all Pleje) take the manager's steps, HR the employer's
    reports and refunds, olga (HR who also leads the other organisation's Pleje) both; nobody
    else gets steps or reminders."""
    actors = {name: obligation_actors(viewer_for(getattr(world, name))) for name in PERSONAS}
    assert {n for n, a in actors.items() if a} == {"alice", "dave", "hanne", "olga"}
    assert actors["alice"] == actors["dave"] == {Actor.MANAGER}
    assert actors["hanne"] == {Actor.HR}
    assert actors["olga"] == {Actor.HR, Actor.MANAGER}
    assert obligation_actors(NOBODY) == frozenset()
