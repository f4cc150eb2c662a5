"""What an absence import sets off after writing happens once for the whole import, not once a
person: one "absence changed" for its spells (and one for its time off), one follow-up task for
all its people, and the AMO's kept decisions marked stale once, from the file's first day on."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django_tasks_db.models import DBTaskResult
from pytest_django import Settings

from naervaer.absence.signals import AbsenceChange, changed
from naervaer.followup.tasks import ids_in
from naervaer.importexport.importers import import_absences
from naervaer.importexport.tabular import Cell
from naervaer.people.models import Organisation
from naervaer.statistics import disclosure
from tests.test_import_checks import PEOPLE, clean_rows, table
from tests.test_import_checks import org as org  # the fixture: 200 people

pytestmark = pytest.mark.django_db

DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def imported(org: Organisation, rows: list[tuple[Cell, ...]]) -> tuple[list[AbsenceChange], int]:
    """Import ``rows``: the changes announced, and how often the AMO's decisions were marked
    stale."""
    received: list[AbsenceChange] = []

    def listen(sender: object, change: AbsenceChange, **kwargs: object) -> None:
        received.append(change)

    changed.connect(listen, dispatch_uid="test-import-once")
    try:
        with mock.patch.object(disclosure, "changed", wraps=disclosure.changed) as stale:
            result = import_absences(org, table(rows))
    finally:
        changed.disconnect(dispatch_uid="test-import-once")
    assert result.ok, result.errors[:3]
    return received, stale.call_count


def test_the_spells_of_200_people_are_announced_once(org: Organisation, settings: Settings) -> None:
    settings.TASKS = DB_BACKEND
    received, stale = imported(org, clean_rows())
    people = sorted(org.people.values_list("pk", flat=True))
    assert len(people) == PEOPLE
    (change,) = received
    assert change.person_ids == tuple(people)
    assert change.bulk and change.spells
    # From the first spell on (1 March 2025) for ended and ongoing days alike: one marking.
    assert change.ended_days == (dt.date(2025, 3, 1), None)
    assert change.ongoing_from == dt.date(2025, 3, 1)
    assert stale == 1
    (task,) = DBTaskResult.objects.filter(task_path="naervaer.followup.tasks.refresh_followup")
    assert ids_in(task.args_kwargs["args"][0]) == people


def test_time_off_in_the_file_is_announced_once_more_without_follow_up(
    org: Organisation, settings: Settings
) -> None:
    settings.TASKS = DB_BACKEND
    rows = clean_rows()
    rows += [(str(n), "2025-07-07", "2025-07-25", "", "ferie") for n in range(0, PEOPLE, 2)]
    received, stale = imported(org, rows)
    spells, time_off = received
    assert spells.spells and not time_off.spells
    assert len(time_off.person_ids) == PEOPLE // 2
    assert stale == 1  # time off is not a fact the AMO's decisions rest on
    assert DBTaskResult.objects.filter(task_path__endswith="refresh_followup").count() == 1
