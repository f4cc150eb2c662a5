"""Killed mid-import (SIGKILL, no chance to clean up), the database stays consistent: the
import committed all its rows or none, and running it again finishes the job."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
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


@pytest.mark.parametrize("after", [1.0, 2.0])  # while reading, while writing
def test_a_killed_import_commits_all_or_nothing(
    env: dict[str, str], tmp_path: Path, after: float
) -> None:
    process = subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "naervaer.cli", "import", "absences", str(tmp_path / "absences.csv"), "--org", "crash", "--no-progress"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(after)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert spells(tmp_path) in (0, EMPLOYEES * 4)
    naervaer(
        env, "import", "absences", str(tmp_path / "absences.csv"), "--org", "crash", "--no-progress"
    )
    assert spells(tmp_path) == EMPLOYEES * 4
