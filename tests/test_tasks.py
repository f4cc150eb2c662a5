"""The task queue: a task whose worker has gone is run again, or failed with a clear message,
never left running; reminders and rebuilds can be queued from the command line."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from pytest_django import Settings

from naervaer.importexport.jobs import start_import
from naervaer.importexport.models import ImportJob
from naervaer.operations.models import WorkerHeartbeat
from naervaer.operations.queue import HOST, recover_stale_tasks
from tests.conftest import World

DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
EMPLOYEES = (
    "employee_id;name;unit;manager_id;weekly_hours;employment_start;employment_end\n"
    "3001;Ny Person;Pleje/Vest;;37;01-02-2024;\n"
)


def dead_pid() -> int:
    """The id of a process that has certainly ended."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def claimed(job: ImportJob, *worker_ids: str) -> DBTaskResult[..., object]:
    task = DBTaskResult.objects.get()
    task.status = TaskResultStatus.RUNNING
    task.started_at = timezone.now()
    task.worker_ids = list(worker_ids)
    task.save()
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
    return task


@pytest.fixture
def queued(world: World, settings: Settings) -> ImportJob:
    settings.TASKS = DB_BACKEND
    return start_import(world.acme, "employees", "m.csv", EMPLOYEES.encode(), world.hanne)


@pytest.mark.django_db(transaction=True)  # the worker runs in its own connection and thread
def test_a_task_whose_worker_process_died_is_queued_again_and_then_imported(
    queued: ImportJob,
) -> None:
    task = claimed(queued, f"{HOST}:{dead_pid()}:abc")
    assert recover_stale_tasks() == ([str(task.id)], [])
    task.refresh_from_db()
    assert task.status == TaskResultStatus.READY
    call_command("worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
    queued.refresh_from_db()
    assert (queued.status, queued.created) == ("done", 1)


@pytest.mark.django_db
def test_a_live_worker_keeps_its_task(queued: ImportJob) -> None:
    import os

    task = claimed(queued, f"{HOST}:{os.getpid()}:abc")
    WorkerHeartbeat.objects.create(worker_id=task.worker_ids[-1], seen_at=timezone.now())
    assert recover_stale_tasks() == ([], [])
    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING


@pytest.mark.django_db
def test_a_worker_on_another_machine_is_gone_when_its_lease_has_run_out(
    queued: ImportJob, settings: Settings
) -> None:
    task = claimed(queued, "other-machine:123:abc")
    seen = timezone.now()
    WorkerHeartbeat.objects.create(worker_id="other-machine:123:abc", seen_at=seen)
    lease = dt.timedelta(seconds=settings.TASK_LEASE_SECONDS)
    assert recover_stale_tasks(now=seen + lease - dt.timedelta(seconds=1)) == ([], [])
    assert recover_stale_tasks(now=seen + lease + dt.timedelta(seconds=1)) == ([str(task.id)], [])


@pytest.mark.django_db
def test_a_task_that_keeps_killing_its_worker_fails_and_its_job_says_so(
    queued: ImportJob, settings: Settings
) -> None:
    settings.TASK_MAX_ATTEMPTS = 3
    pid = dead_pid()
    task = claimed(queued, *(f"{HOST}:{pid}:{n}" for n in range(3)))
    assert recover_stale_tasks() == ([], [str(task.id)])
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path.endswith("WorkerStopped")
    queued.refresh_from_db()
    assert queued.status == "failed"
    assert "baggrundsprocessen stoppede" in queued.errors[0]["message"]
    assert bytes(queued.data) == b""


@pytest.mark.django_db
def test_an_import_task_that_raises_fails_its_job(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setitem(
        __import__("naervaer.importexport.jobs").importexport.jobs.IMPORTERS,
        ImportJob.Kind.EMPLOYEES,
        broken,
    )
    job = start_import(world.acme, "employees", "m.csv", EMPLOYEES.encode(), world.hanne)
    assert job.status == "failed"
    assert job.errors == [{"row": 0, "message": "Importen fejlede uventet. Intet blev importeret."}]


@pytest.mark.django_db(transaction=True)
def test_reminders_and_rebuilds_can_be_queued_from_the_command_line(
    world: World, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.TASKS = DB_BACKEND
    call_command("remind", "--enqueue")
    call_command("stats", "--org", "acme", "--rebuild", "--enqueue")
    call_command("stats", "--org", "acme", "--decide", "--enqueue")
    paths = sorted(DBTaskResult.objects.values_list("task_path", flat=True))
    assert paths == [
        "naervaer.followup.tasks.send_reminders",
        "naervaer.statistics.tasks.decide_again",
        "naervaer.statistics.tasks.rebuild_statistics",
    ]
    call_command("worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert "reminder(s)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("naervaer.operations.tasks.send_reminders", "naervaer.followup.tasks.send_reminders"),
        (
            "naervaer.operations.tasks.recompute_followup",
            "naervaer.followup.tasks.recompute_followup",
        ),
        ("naervaer.operations.tasks.refresh_followup", "naervaer.followup.tasks.refresh_followup"),
        (
            "naervaer.operations.tasks.rebuild_statistics",
            "naervaer.statistics.tasks.rebuild_statistics",
        ),
    ],
)
def test_tasks_queued_under_their_old_path_still_run(old: str, new: str) -> None:
    """A task queued before its move is stored with the old path; the worker imports it by that
    path, so the old name must still be the same task."""
    from django.utils.module_loading import import_string

    assert import_string(old) is import_string(new)
    assert import_string(new).module_path == new
