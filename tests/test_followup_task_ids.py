"""An import hands the follow-up task its people as one short text of id runs, not a JSON value
per person; the task reads back exactly those people, and a task queued with a list (before
this change) still runs."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pytest_django import Settings

from naervaer.followup.models import Case
from naervaer.followup.tasks import id_ranges, ids_in, refresh_followup
from naervaer.people.models import Organisation
from tests.test_import import EMPLOYEES, run_absences, run_employees

DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.parametrize(
    ("ids", "text"),
    [
        ([], ""),
        ([7], "7"),
        ([7, 8], "7-8"),
        ([10, 9, 1, 2, 3, 9, 7], "1-3,7,9-10"),  # any order, a repeated id once
        ([4, 6, 8], "4,6,8"),
    ],
)
def test_ids_are_written_as_runs_and_read_back(ids: list[int], text: str) -> None:
    assert id_ranges(ids) == text
    assert ids_in(text) == sorted(set(ids))


def test_any_set_of_ids_reads_back_as_it_was() -> None:
    rng = random.Random(14)
    for _ in range(300):
        ids = rng.sample(range(1, 60), rng.randrange(0, 40))
        assert ids_in(id_ranges(ids)) == sorted(ids)


@pytest.mark.django_db
def test_an_import_queues_one_text_and_the_task_follows_up_exactly_its_people(
    settings: Settings,
) -> None:
    settings.TASKS = DB_BACKEND
    org = Organisation.objects.create(slug="kom", name="Kommunen", cvr="55133018")
    assert run_employees(org, EMPLOYEES).ok
    people = dict(org.people.values_list("employee_id", "pk"))
    first = timezone.localdate() - dt.timedelta(days=20)
    rows = [f"{e},{first.isoformat()},{(first + dt.timedelta(days=3)).isoformat()},100,sygdom"
            for e in ("100", "102")]  # fmt: skip
    assert run_absences(org, "employee_id,first_day,last_day,percent,kind\n" + "\n".join(rows)).ok

    queued = DBTaskResult.objects.get(task_path="naervaer.followup.tasks.refresh_followup")
    (argument,) = queued.args_kwargs["args"]
    assert isinstance(argument, str)
    assert ids_in(argument) == sorted([people["100"], people["102"]])
    assert not Case.objects.exists()
    refresh_followup.call(argument)
    assert sorted(Case.objects.values_list("person_id", flat=True)) == ids_in(argument)


@pytest.mark.django_db
def test_a_task_queued_with_a_list_of_ids_still_runs(settings: Settings) -> None:
    settings.TASKS = DB_BACKEND
    org = Organisation.objects.create(slug="kom", name="Kommunen", cvr="55133018")
    assert run_employees(org, EMPLOYEES).ok
    first = timezone.localdate() - dt.timedelta(days=20)
    assert run_absences(
        org, f"employee_id,first_day,last_day,percent,kind\n101,{first.isoformat()},,100,sygdom\n"
    ).ok
    person = org.people.get(employee_id="101").pk
    refresh_followup.call([person])
    assert list(Case.objects.values_list("person_id", flat=True)) == [person]
