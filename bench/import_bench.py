"""Import throughput and memory: a payroll export of N employees and their three years of absence.

    .venv/bin/python bench/import_bench.py --employees 10000

Builds the demo organisation at the given size in a throw-away SQLite database, times the full
absence export as CSV and as XLSX (rows per second, and how much the process's peak memory
grew while writing: a streamed export adds nothing that grows with the rows), exports it to
CSV (as a payroll system would hand it over), imports both files into an empty organisation,
then imports them again (the idempotent re-run a nightly job does). Prints rows per second
(wall clock, and the process's CPU time, which on a loaded machine is the steadier figure; with
SQLite the database's work is in the process), the time of the follow-up recomputation the
import queues as a task, the peak resident memory, and the ratio of the two runs.

    .venv/bin/python bench/import_bench.py --employees 10000 \
        --database-url postgres://naervaer:naervaer@127.0.0.1:5432/naervaer_bench  # dropped first

``--keep DIR`` keeps the SQLite database in DIR (the PostgreSQL database is kept anyway) and
``--reuse`` skips the demo build when the kept database already holds it (the copy the import
writes is deleted first), so an import or export change can be measured again in seconds.
``--repeat N`` runs the first absence import N more times before it, each rolled back, and
prints the least and the median CPU time: on a shared machine the least is the steadier figure.
``--profile DIR`` writes a cProfile of the CSV export and of each absence import to DIR
(``python -m pstats DIR/absence-import-1.prof``).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime as dt
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import measure


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextlib.contextmanager
def profiled(directory: str | None, name: str) -> Iterator[None]:
    """cProfile of the block to ``directory/name.prof``; nothing without a directory."""
    if directory is None:
        yield
        return
    profile = cProfile.Profile()
    profile.enable()
    try:
        yield
    finally:
        profile.disable()
        os.makedirs(directory, exist_ok=True)
        profile.dump_stats(os.path.join(directory, f"{name}.prof"))


class _RolledBack(Exception):
    pass


def repeated(times: int, run: Callable[[], Any], rows: int) -> None:
    """``run`` (the import of a file of ``rows`` rows) ``times`` times, each rolled back (its
    commit not counted): the least and the median CPU time, and the rows per second."""
    from django.db import transaction

    cpus: list[float] = []
    for _ in range(times):
        try:
            with transaction.atomic():
                cpu = time.process_time()
                result = run()
                cpus.append(time.process_time() - cpu)
                assert result.ok, result.errors[:3]
                raise _RolledBack
        except _RolledBack:
            pass
    least, median = min(cpus), statistics.median(cpus)
    print(
        f"absence import, first, {times} times rolled back: CPU least {least:.3f} s = "
        f"{rows / least:,.0f} rows/s, median {median:.3f} s = {rows / median:,.0f} rows/s"
    )
    print("  " + measure.goal_line("median CPU", rows / median, "rows/s", 50_000, False))


def recreate(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}"')
        db.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--database-url", help="a PostgreSQL database to drop and use")
    parser.add_argument("--keep", help="SQLite: the directory of the database to keep")
    parser.add_argument(
        "--reuse", action="store_true", help="use the demo already in the database if there"
    )
    parser.add_argument("--profile", help="write cProfile files of the export and imports here")
    parser.add_argument(
        "--repeat",
        type=int,
        default=0,
        help="before the first absence import, run it this many times rolled back and print "
        "the least and the median CPU time (the steadier figures on a shared machine)",
    )
    args = parser.parse_args()

    workdir = args.keep or tempfile.mkdtemp(prefix="naervaer-bench-")
    os.makedirs(workdir, exist_ok=True)
    os.environ["NAERVAER_VAR_DIR"] = workdir
    os.environ.pop("DATABASE_URL", None)
    if args.database_url:
        if not args.reuse:
            recreate(args.database_url)
        os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "naervaer.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from naervaer.access import spells_visible_to, viewer_for
    from naervaer.demo.generator import build_demo
    from naervaer.exports import csv_bytes
    from naervaer.importexport.export_jobs import write_export
    from naervaer.importexport.exporters import COLUMNS, absence_rows, employee_rows
    from naervaer.importexport.importers import import_absences, import_employees
    from naervaer.importexport.tabular import read_table
    from naervaer.people.models import Organisation, Person, User
    from naervaer.people.services import delete_organisation

    call_command("migrate", verbosity=0)
    built = Organisation.objects.filter(slug="bench").first()
    if args.reuse and built and built.people.count() == args.employees:
        organisation = built
        for copy in Organisation.objects.filter(slug="copy"):
            delete_organisation(copy)
        print(f"demo reused: {args.employees} people")
    else:
        started = time.perf_counter()
        summary = build_demo(
            "bench",
            employees=args.employees,
            years=3,
            today=dt.date(2026, 11, 18),
            with_logins=False,
        )
        generated = time.perf_counter() - started
        organisation = summary.organisation
        print(
            f"demo generator: {summary.people} people, {summary.spells} spells "
            f"in {generated:.1f} s ({summary.spells / generated:,.0f} spells/s)"
        )

    hr, _created = User.objects.get_or_create(username="bench-hr", organisation=organisation)
    hr.roles.get_or_create(kind="hr")
    spells = spells_visible_to(viewer_for(hr))
    for fmt in ("csv", "xlsx"):
        started, cpu = time.perf_counter(), time.process_time()
        with (
            tempfile.TemporaryFile() as file,
            profiled(args.profile, f"absence-export-{fmt}"),
            measure.peak_memory() as memory,
        ):
            count = write_export("absences", absence_rows(spells), fmt, file)
            size = file.tell()
        took, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(
            f"absence export {fmt.upper()}: {count:,} rows, {size / 1024**2:,.1f} MiB "
            f"in {took:.2f} s = {count / took:,.0f} rows/s; CPU {cpu:.2f} s = "
            f"{count / cpu:,.0f} rows/s; {memory.line()}"
        )
        if fmt == "csv":
            print("  " + measure.goal_line("CSV", count / took, "rows/s", 200_000, False))
    people = Person.objects.filter(organisation=organisation)
    employees_csv = csv_bytes(COLUMNS["employees"], employee_rows(people))
    absences_csv = csv_bytes(COLUMNS["absences"], absence_rows(spells_visible_to(viewer_for(hr))))

    target = Organisation.objects.create(slug="copy", name="Kopi", cvr="29189420")
    runs: list[float] = []
    for number, attempt in enumerate(("first import", "same files again"), start=1):
        started, cpu = time.perf_counter(), time.process_time()
        employee_table = read_table(employees_csv, "employees.csv")
        absence_table = read_table(absences_csv, "absences.csv")
        read = time.perf_counter() - started
        employees = import_employees(target, employee_table)
        if number == 1 and args.repeat:
            repeated(
                args.repeat,
                partial(import_absences, target, absence_table),
                len(absence_table.rows),
            )
        absence_started, absence_cpu = time.perf_counter(), time.process_time()
        with profiled(args.profile, f"absence-import-{number}"):
            absences = import_absences(target, absence_table)
        absence_took = time.perf_counter() - absence_started
        absence_cpu = time.process_time() - absence_cpu
        took, cpu = time.perf_counter() - started, time.process_time() - cpu
        runs.append(took)
        rows = len(employee_table.rows) + len(absence_table.rows)
        assert employees.ok and absences.ok, (employees.errors[:3], absences.errors[:3])
        absence_rows_read = len(absence_table.rows)
        print(
            f"{attempt}: {len(employee_table.rows):,} employee rows + "
            f"{absence_rows_read:,} absence rows "
            f"in {took:.1f} s (reading the files {read:.1f} s) = {rows / took:,.0f} rows/s; "
            f"CPU {cpu:.1f} s = {rows / cpu:,.0f} rows/s "
            f"(created {employees.created + absences.created:,}, "
            f"unchanged {employees.unchanged + absences.unchanged:,})\n"
            f"  of which the absence import (the file already read) {absence_took:.2f} s = "
            f"{absence_rows_read / absence_took:,.0f} rows/s; CPU {absence_cpu:.2f} s = "
            f"{absence_rows_read / absence_cpu:,.0f} rows/s"
        )
        if number == 1:
            for clock, seconds in (("wall clock", absence_took), ("CPU", absence_cpu)):
                rate = absence_rows_read / seconds
                print(f"  {measure.goal_line(f'import, {clock}', rate, 'rows/s', 50_000, False)}")
        started = time.perf_counter()
        call_command("worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
        print(f"  then the follow-up recomputation (task): {time.perf_counter() - started:.1f} s")
    print(f"re-import / first import time ratio: {runs[1] / runs[0]:.2f}")
    print(f"peak resident memory: {peak_rss_mib():,.0f} MiB")
    print(f"database: {connection.vendor}; load average: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
