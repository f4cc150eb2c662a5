"""Killed mid-import (SIGKILL, no chance to clean up), the database stays consistent: the
import committed all its rows or none, and running it again — by hand, or by the next task
worker — finishes the job. The kill is deterministic: the import's write phase kills its own
process after N rows when ``NAERVAER_KILL_AFTER_ROWS`` is set (naervaer.importexport.importers)."""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EMPLOYEES = 1500


def naervaer(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "naervaer.cli", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    environment = {
        **os.environ,
        "NAERVAER_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/crash.sqlite3",
        "SECRET_KEY": "crash-test-key-not-secret",  # the server refuses the public demo key
    }
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    naervaer(environment, "migrate", "--noinput")
    naervaer(environment, "org", "add", "crash", "--name", "Crash Kommune", "--cvr", "55133018")
    rows = ["employee_id;name;unit;manager_id;weekly_hours;employment_start;employment_end"]
    rows += [f"{i};Person {i};Enhed {i % 30};;37;01-01-2020;" for i in range(EMPLOYEES)]
    (tmp_path / "employees.csv").write_text("\n".join(rows), encoding="utf-8")
    naervaer(
        environment,
        "import",
        "employees",
        str(tmp_path / "employees.csv"),
        "--org",
        "crash",
        "--no-progress",
    )
    rows = ["employee_id;first_day;last_day;percent;kind"]
    for i in range(EMPLOYEES):
        for month in (1, 3, 5, 7):
            first = dt.date(2026, month, 1 + i % 5)
            last = first + dt.timedelta(days=3)
            rows.append(f"{i};{first:%d-%m-%Y};{last:%d-%m-%Y};100;sickness")
    (tmp_path / "absences.csv").write_text("\n".join(rows), encoding="utf-8")
    return environment


def spells(tmp_path: Path) -> int:
    with sqlite3.connect(tmp_path / "crash.sqlite3") as db:
        assert db.execute("pragma integrity_check").fetchone()[0] == "ok"
        return int(db.execute("select count(*) from absence_absencespell").fetchone()[0])


def test_an_import_killed_mid_write_commits_nothing_and_runs_again(
    env: dict[str, str], tmp_path: Path
) -> None:
    """The import kills itself (SIGKILL) after its first 5,000 spell rows are written, inside
    its transaction: a deterministic kill mid-write, not a timed guess."""
    command = [sys.executable, "-m", "naervaer.cli", "import", "absences", str(tmp_path / "absences.csv"), "--org", "crash", "--no-progress"]  # fmt: skip
    killed = subprocess.run(  # noqa: S603 - our own command
        command, cwd=ROOT, env={**env, "NAERVAER_KILL_AFTER_ROWS": "1"}, capture_output=True
    )
    assert killed.returncode == -signal.SIGKILL  # it died in the write phase, the only kill point
    assert spells(tmp_path) == 0  # all or nothing: nothing
    naervaer(env, *command[3:])
    assert spells(tmp_path) == EMPLOYEES * 4


def test_a_task_worker_killed_mid_import_is_replaced_and_the_job_finishes(
    env: dict[str, str], tmp_path: Path
) -> None:
    """The web stores the file and queues the job; the worker dies mid-write; the next
    worker sees the process is gone, runs the job again, and it completes."""
    queue = (
        "from naervaer.importexport.jobs import start_import; "
        "from naervaer.people.models import Organisation; "
        f"data = open({str(tmp_path / 'absences.csv')!r}, 'rb').read(); "
        "print(start_import(Organisation.objects.get(slug='crash'), 'absences', 'a.csv', data, None).pk)"
    )
    job_id = int(naervaer(env, "shell", "-c", queue).stdout.split()[-1])
    worker = [sys.executable, "-m", "naervaer.cli", "worker", "--no-startup-delay", "--interval", "0.1"]  # fmt: skip
    first = subprocess.run(  # noqa: S603 - our own command
        [*worker, "--max-tasks", "1"],
        cwd=ROOT, env={**env, "NAERVAER_KILL_AFTER_ROWS": "1"}, capture_output=True, timeout=300,
    )  # fmt: skip
    assert first.returncode == -signal.SIGKILL
    assert spells(tmp_path) == 0
    assert job_state(tmp_path, job_id) == ("running", "RUNNING", 1)  # stuck without recovery

    second = subprocess.Popen(  # noqa: S603 - our own command
        [*worker, "--recover-every", "0.5"], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 300
        while job_state(tmp_path, job_id)[0] != "done" and time.monotonic() < deadline:
            time.sleep(0.5)
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=60)
    assert job_state(tmp_path, job_id) == ("done", "SUCCESSFUL", 2)
    assert spells(tmp_path) == EMPLOYEES * 4


def job_state(tmp_path: Path, job_id: int) -> tuple[str, str, int]:
    """The import job's status, its task's status and how many workers have tried it."""
    with sqlite3.connect(tmp_path / "crash.sqlite3") as db:
        (status,) = db.execute(
            "select status from importexport_importjob where id = ?", [job_id]
        ).fetchone()
        task_status, workers = db.execute(
            "select status, worker_ids from django_tasks_database_dbtaskresult "
            "where task_path like '%run_import' and json_extract(args_kwargs, '$.args[0]') = ?",
            [job_id],
        ).fetchone()
    return status, task_status, len(json.loads(workers))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_killed_server_loses_no_acknowledged_api_write(
    env: dict[str, str], tmp_path: Path
) -> None:
    token = naervaer(
        env, "apitoken", "create", "--org", "crash", "--name", "burst"
    ).stdout.splitlines()[-1]
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "naervaer.cli", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}/api/v1"
    deadline = time.monotonic() + 120  # a loaded machine takes a while to start a server
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/openapi.json", timeout=5)  # noqa: S310 - loopback
            break
        except OSError:
            time.sleep(0.2)
    acknowledged: list[int] = []
    lock = threading.Lock()
    stop = threading.Event()

    def writer(first_employee: int) -> None:
        employee = first_employee
        while not stop.is_set() and employee < EMPLOYEES:
            body = json.dumps({"employee_id": str(employee), "first_day": "2026-09-01"}).encode()
            request = urllib.request.Request(  # noqa: S310 - loopback
                f"{base}/absences",
                data=body,
                headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
                method="POST",
            )
            try:
                with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                    if response.status == 201:
                        with lock:
                            acknowledged.append(json.loads(response.read())["id"])
            except (OSError, ValueError, http.client.HTTPException):
                return  # refused, or cut off before the body: the write was not acknowledged
            employee += 8

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    time.sleep(2.0)
    server.send_signal(signal.SIGKILL)
    server.wait()
    stop.set()
    for t in threads:
        t.join()
    assert len(acknowledged) > 10  # the burst was under way when the server died
    with sqlite3.connect(tmp_path / "crash.sqlite3") as db:
        assert db.execute("pragma integrity_check").fetchone()[0] == "ok"
        stored = {r[0] for r in db.execute("select id from absence_absencespell")}
        orphans = db.execute(
            "select count(*) from absence_absencespell s where not exists "
            "(select 1 from absence_absencedegree d where d.spell_id = s.id)"
        ).fetchone()[0]
    assert set(acknowledged) <= stored  # nothing acknowledged was lost
    assert orphans == 0  # and nothing is half-written
