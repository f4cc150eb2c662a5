"""The manager's pages cost a fixed number of queries, whatever the size of the team or of the
organisation around it (issue 14: manager pages p95 < 200 ms at 50,000 employees).

alice leads Pleje/Nord. Each page is requested twice: once with a small team in a small
organisation, once after more people joined her team and many more the rest of the
organisation, every one of them sick with a follow-up case. The number of queries must be the
same both times (no query per person, per case or per unit) and under a fixed bound.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from naervaer.absence.services import register_sick
from naervaer.access import people_managed_by, viewer_for
from naervaer.followup.calendar_feed import feed_for
from naervaer.followup.models import Case, Obligation
from naervaer.followup.selectors import MILESTONES, obligations_for
from naervaer.people.models import Person, Unit, UnitLeadership
from tests.conftest import World, client_for, make_person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

TODAY = dt.datetime(2026, 11, 18, 9, 0)
# The pages a manager works in, with the query bound each must stay under: what each takes
# (2026-11-28: the units a manager leads are read once per request, one query that makes the
# others cheaper to build) and one to spare. Each query costs about a millisecond of the
# server's CPU in Django alone (docs/benchmarks.md, "The fixed cost of a request").
PAGES = {
    "/": 18,
    "/absent/": 15,
    "/people/": 15,
    "/follow-up/": 15,
    "/me/calendar/": 6,
    "reminders": 20,  # the calendar feed: follow-up steps and every tool's deadlines
    "person": 16,
    "case": 22,
    "/statistics/": 60,
}


def add_sick_people(world: World, unit: Unit, count: int, prefix: str) -> list[Person]:
    """``count`` people in ``unit``, each absent since a day this month (so each has a case
    with open steps), some of them with an earlier spell too."""
    people = []
    for i in range(count):
        person = make_person(world.acme, f"{prefix}{i:04d}", f"{prefix} Person {i}", unit)
        if i % 3 == 0:
            register_sick(
                person,
                dt.date(2026, 9, 1 + i % 20),
                last_day=dt.date(2026, 9, 3 + i % 20),
                by=world.hanne,
            )
        register_sick(person, dt.date(2026, 11, 1 + i % 15), by=world.hanne)
        people.append(person)
    return people


def grow(world: World, team: int, elsewhere: int) -> None:
    """``team`` more people in alice's unit; ``elsewhere`` more in units she does not lead,
    spread over new units with leaders of their own."""
    add_sick_people(world, world.nord, team, f"T{team}")
    units = [
        Unit.objects.create(organisation=world.acme, parent=world.syd, name=f"Hold {elsewhere}-{i}")
        for i in range(4)
    ]
    for i, unit in enumerate(units):
        people = add_sick_people(world, unit, elsewhere // len(units), f"E{elsewhere}{i}")
        UnitLeadership.objects.create(person=people[0], unit=unit)


def page_urls(world: World) -> dict[str, str]:
    bob = world.person(world.bob)
    case = Case.objects.filter(person=bob).order_by("-first_day").first()
    assert case is not None
    own = {
        "person": f"/people/{bob.pk}/",
        "case": f"/cases/{case.pk}/",
        "reminders": f"/calendar/{feed_for(world.alice).token}.ics",
    }
    return {key: own.get(key, key) for key in PAGES}


def count_queries(world: World) -> dict[str, int]:
    client = client_for(world.alice)
    counts = {}
    for key, url in page_urls(world).items():
        client.get(url)  # a first request may fill caches (statistics aggregates)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200, url
        counts[key] = len(captured)
    return counts


def test_manager_pages_take_as_many_queries_for_a_large_team_as_for_a_small_one(
    world: World,
    django_assert_max_num_queries: Callable[[int], AbstractContextManager[object]],
) -> None:
    register_sick(world.person(world.bob), dt.date(2026, 11, 2), by=world.hanne)
    grow(world, team=1, elsewhere=4)
    small = count_queries(world)
    grow(world, team=6, elsewhere=16)
    large = count_queries(world)
    assert large == small
    client = client_for(world.alice)
    for key, url in page_urls(world).items():
        with django_assert_max_num_queries(PAGES[key]):
            assert client.get(url).status_code == 200


def test_the_manager_sees_only_her_team_on_every_page(world: World) -> None:
    """The fixed query count is not bought by reading less than the page shows, nor by
    showing more than the manager's own units."""
    register_sick(world.person(world.bob), dt.date(2026, 11, 2), by=world.hanne)
    grow(world, team=3, elsewhere=8)
    client = client_for(world.alice)
    team = {"Bob Bendtsen"} | {f"T3 Person {i}" for i in range(3)}
    absent = client.get("/absent/").context["rows"]
    assert {row["spell"].person.name for row in absent} == team
    due = client.get("/follow-up/").context["rows"]
    assert {row["obligation"].case.person.name for row in due} == team
    feed = client.get(f"/calendar/{feed_for(world.alice).token}.ics").content.decode()
    assert {int(pk) for pk in re.findall(r"/cases/(\d+)/", feed)} == {
        row["obligation"].case_id for row in due
    }
    page = client.get("/").content.decode()
    # By name: a bare "E8" also turns up, now and then, inside the page's random CSRF token.
    assert not re.search(r"E8\d Person", page) and "Carol" not in page


def test_the_year_calendar_marks_absent_days_and_escapes_nothing_unsafe(world: World) -> None:
    """The person page's calendar is built in Python (``MonthView.rows_html``): each day of an
    absence is marked, with its date and degree in the tooltip, in the page's language."""
    bob = world.person(world.bob)
    register_sick(bob, dt.date(2026, 11, 2), last_day=dt.date(2026, 11, 3), by=world.hanne)
    page = client_for(world.alice).get(f"/people/{bob.pk}/").content.decode()
    assert '<td class="abs" title="02.11.2026 · 100 %"><span class="d">2</span></td>' in page
    assert '<td class="we" title="01.11.2026"><span class="d">1</span></td>' in page  # a Sunday
    assert 'class="today" title="18.11.2026"' in page
    english = client_for(world.alice, "en").get(f"/people/{bob.pk}/").content.decode()
    assert 'title="2026-11-02 · 100 %"' in english


def test_the_front_page_counts_the_steps_due_within_14_days_and_those_overdue(
    world: World,
) -> None:
    """Both counts come from one query; they are the steps of the due list, counted by hand."""
    register_sick(world.person(world.bob), dt.date(2026, 10, 1), by=world.hanne)
    grow(world, team=3, elsewhere=8)
    today = TODAY.date()
    late = make_person(world.acme, "L1", "Late Sick", world.nord)
    register_sick(late, today - dt.timedelta(days=1), by=world.hanne)  # steps due in weeks
    steps = list(obligations_for(viewer_for(world.alice)))
    within = [o for o in steps if o.due is not None and o.due <= today + dt.timedelta(days=14)]
    overdue = [o for o in within if o.due is not None and o.due < today]
    assert 0 < len(overdue) < len(within) < len(steps)  # the data tells the three apart
    context = client_for(world.alice).get("/").context
    assert context["due_count"] == len(within)
    assert context["overdue_count"] == len(overdue)


def history(page: str) -> list[list[str]]:
    """The rows of the absence history on a person page, as the texts of their cells."""
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", page, re.S):
        cells = [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        if len(cells) == 7 and re.fullmatch(r"[\d.-]{10}", cells[0]):
            rows.append(cells)
    return rows


def test_the_absence_history_shows_dates_kinds_and_channels_in_the_pages_language(
    world: World,
) -> None:
    """The history's dates and labels are made in the view (once per value, not per row in the
    template); the rows say the same as before, in Danish and in English."""
    bob = world.person(world.bob)
    register_sick(
        bob,
        dt.date(2026, 9, 7),
        last_day=dt.date(2026, 9, 9),
        kind="work_accident",
        reported_via="message",
        by=world.hanne,
    )
    register_sick(bob, dt.date(2026, 11, 16), by=world.hanne)
    danish = history(client_for(world.alice).get(f"/people/{bob.pk}/").content.decode())
    assert [(row[0], row[1], row[4], row[5]) for row in danish] == [
        ("16.11.2026", "igangværende", "Egen sygdom", "Telefon"),
        ("07.09.2026", "09.09.2026", "Arbejdsskade", "SMS eller e-mail"),
    ]
    english = history(client_for(world.alice, "en").get(f"/people/{bob.pk}/").content.decode())
    assert [(row[0], row[1], row[4], row[5]) for row in english] == [
        ("2026-11-16", "ongoing", "Own sickness", "Phone"),
        ("2026-09-07", "2026-09-09", "Work accident", "Text message or e-mail"),
    ]


@pytest.mark.parametrize("many", [False, True])
def test_the_steps_due_are_the_same_whichever_way_the_database_finds_them(
    world: World, monkeypatch: pytest.MonkeyPatch, many: bool
) -> None:
    """A team's steps are found through its cases (the state compared unindexed on SQLite), a
    large scope's through the index of open steps (``access.MANY_PEOPLE``): the same steps,
    in the same order, as the model's own fields say."""
    if many:
        monkeypatch.setattr("naervaer.access.MANY_PEOPLE", 0)
    register_sick(world.person(world.bob), dt.date(2026, 10, 1), by=world.hanne)
    grow(world, team=3, elsewhere=8)
    done = Case.objects.filter(person=world.person(world.bob)).get().obligations.first()
    assert done is not None
    done.state = done.State.DONE
    done.save()
    for user, actor in ((world.alice, "manager"), (world.hanne, "hr")):
        viewer = viewer_for(user)
        team = set(people_managed_by(viewer).values_list("pk", flat=True))
        expected = sorted(
            (
                o
                for o in Obligation.objects.select_related("case")
                if o.case.person_id in team
                and o.actor == actor
                and o.state == o.State.OPEN
                and not o.optional
                and o.due is not None
                and o.code not in MILESTONES
            ),
            key=lambda o: (o.due, o.pk),
        )
        assert expected and done not in expected
        assert list(obligations_for(viewer)) == expected
