"""The morning's preparation of the statistics (``naervaer stats --prepare``): after it, the
first pages of a month build, store and decide nothing."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult
from pytest_django import Settings

from naervaer.absence.services import register_return, register_sick
from naervaer.statistics import aggregates
from naervaer.statistics.models import BuiltMonth, BuiltPeriod
from naervaer.statistics.prepare import MONTHS_SHOWN, months_shown, prepare
from tests.conftest import World, client_for
from tests.test_tasks import DB_BACKEND

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
D = dt.date
FIRST_OF_DECEMBER = dt.datetime(2026, 12, 1, 9, 0)
# What HR and the AMO open first: the dashboards, a drill-down and the heat map.
PAGES = ("/statistics/", "/statistics/?unit={pleje}", "/statistics/calendar/")


@pytest.fixture
def absent(world: World) -> World:
    # Bob off for a week in October, Carol since 2 November and still away (ongoing when
    # November ends).
    spell = register_sick(world.person(world.bob), D(2026, 10, 5), by=world.alice)
    register_return(spell, D(2026, 10, 12), by=world.alice)
    register_sick(world.person(world.carol), D(2026, 11, 2), by=world.hanne)
    return world


def stored(world: World) -> list[dict[str, Any]]:
    """Every stored month and year of Acme with what was built, stored and decided for it."""
    years = BuiltPeriod.objects.filter(organisation=world.acme).order_by("first")
    return [dict(y) for y in years.values()] + [
        dict(m)
        for m in BuiltMonth.objects.filter(organisation=world.acme).order_by("month").values()
    ]


def open_pages(world: World) -> None:
    for user in (world.hanne, world.amy):
        client = client_for(user)
        for page in PAGES:
            response = client.get(page.format(pleje=world.pleje.pk))
            assert response.status_code == 200, (user, page)


def test_the_months_shown_are_the_dashboards_two_years_and_the_running_month() -> None:
    months = months_shown(D(2026, 12, 1))
    assert len(months) == MONTHS_SHOWN == 25
    # The trend of the default period (December 2024 – November 2026), and December 2026.
    assert months[0] == (D(2024, 12, 1), D(2024, 12, 31))
    assert months[-2] == (D(2026, 11, 1), D(2026, 11, 30))
    assert months[-1] == (D(2026, 12, 1), D(2026, 12, 31))
    assert months_shown(D(2026, 12, 31)) == months


@pytest.mark.frozen_at(FIRST_OF_DECEMBER)
def test_after_the_preparation_the_first_pages_build_store_and_decide_nothing(
    absent: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = StringIO()
    call_command("stats", "--prepare", stdout=out)
    assert f"acme: {MONTHS_SHOWN} months built, {MONTHS_SHOWN} decided." in out.getvalue()
    before = stored(absent)
    months = BuiltMonth.objects.filter(organisation=absent.acme, month__lt=D(2026, 12, 1))
    assert all(months.values_list("ongoing_counted", flat=True))
    # The default year (December 2025 – November 2026) and the year before it.
    assert [(y["first"], y["last"]) for y in before[:2]] == [
        (D(2024, 12, 1), D(2025, 11, 30)),
        (D(2025, 12, 1), D(2026, 11, 30)),
    ]

    def no_build(*args: object) -> None:
        raise AssertionError("a page built months")

    monkeypatch.setattr(aggregates, "build_months", no_build)
    open_pages(absent)
    assert stored(absent) == before


@pytest.mark.frozen_at(FIRST_OF_DECEMBER)
def test_without_it_the_first_page_of_the_month_does_the_work(absent: World) -> None:
    assert stored(absent) == []
    open_pages(absent)
    assert len(stored(absent)) >= MONTHS_SHOWN - 1  # the pages built and decided them


def test_at_the_turn_of_the_month_it_builds_the_new_one_and_stores_the_ended_ones_absence(
    absent: World,
) -> None:
    assert prepare(absent.acme.pk, D(2026, 11, 18)).built == MONTHS_SHOWN
    november = BuiltMonth.objects.get(organisation=absent.acme, month=D(2026, 11, 1))
    assert not november.ongoing_counted  # still running: Carol's absence is not over
    with time_machine.travel(FIRST_OF_DECEMBER, tick=False):
        done = prepare(absent.acme.pk, D(2026, 12, 1))
        assert done.built == 1  # December; the 24 months before it were kept up to date
        november.refresh_from_db()
        assert november.ongoing_counted
        assert prepare(absent.acme.pk, D(2026, 12, 1)).built == 0  # safe to run twice
        assert prepare(absent.acme.pk, D(2026, 12, 1)).decided == 0


@pytest.mark.django_db(transaction=True)  # the worker closes the connection when it is done
def test_it_is_queued_for_every_employer_or_one(
    world: World, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.TASKS = DB_BACKEND
    call_command("stats", "--prepare", "--enqueue")
    queued = DBTaskResult.objects.values_list("task_path", "args_kwargs")
    # Acme and the other employer; not the job centre, which has no absence statistics.
    assert sorted(a["args"] for _path, a in queued) == sorted([[world.acme.pk], [world.other.pk]])
    assert {path for path, _a in queued} == {"naervaer.statistics.tasks.prepare_statistics"}
    call_command("worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert BuiltMonth.objects.filter(organisation=world.acme).count() == MONTHS_SHOWN

    call_command("stats", "--prepare", "--org", "acme", "--enqueue")
    assert "Statistics of acme queued" in capsys.readouterr().out
    with pytest.raises(Exception, match="No employer is called 'jobcenter'"):
        call_command("stats", "--prepare", "--org", "jobcenter")
