"""The full absence export as the background worker builds it, on a database that holds the data.

    DATABASE_URL=sqlite:////path/naervaer-50k.sqlite3 .venv/bin/python bench/export_bench.py
    DATABASE_URL=postgres://naervaer:naervaer@127.0.0.1:5432/naervaer_bench_50k \
        .venv/bin/python bench/export_bench.py --repeat 3 --format csv
    .venv/bin/python bench/export_bench.py --employees 50000     # bench/dataset.py's data set
    make bench BENCH_DATABASE_URL=postgres://naervaer:naervaer@127.0.0.1:5432/naervaer_bench

For each format (``--format``, CSV and XLSX by default) and run: an ``ExportJob`` for the user
(``--user``, HR by default) is built by the task's own function (``build_export``) in this
process, as a worker does after a large export request: it reads the rows the user may see,
writes the file and stores it. Prints the rows, the wall clock and the CPU time of the process
(with SQLite the database's work is in it), with PostgreSQL on this machine also the CPU time of
the server process serving the connection (from ``/proc``), rows per second of each, CSV's
against the goal (≥ 200,000 rows/s, wall clock), how much the process's resident memory grew at
its peak while exporting (the kernel's peak, reset before each run: a streamed export's does not
grow with the rows), the load average before and after, and the file's SHA-256, so two versions
of the code can be shown to write the same bytes. The job and its file are deleted after each
run; nothing else is written. With ``--employees``, the database is the data set of
``bench/dataset.py`` (``DATABASE_URL``'s, or its SQLite file in var/bench/; built when missing).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import dataset
import measure

CSV_GOAL = 200_000  # rows a second, issue 14


def server_seconds(pid: int | None) -> float:
    """CPU time (user and system) of the PostgreSQL process ``pid`` so far; 0 without one."""
    if pid is None or not Path(f"/proc/{pid}/stat").exists():
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--user", default="hr")
    parser.add_argument(
        "--format", choices=["csv", "xlsx"], action="append", help="csv, xlsx (default both)"
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--employees", type=int, default=0, help="use bench/dataset.py's data set of this size"
    )
    args = parser.parse_args()
    if args.employees:
        dataset.configure(args.employees, None)
        dataset.describe(dataset.prepare(args.employees, 5, dataset.SPELL_RATE))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "naervaer.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.db import connection

    from naervaer.access import viewer_for
    from naervaer.importexport.export_jobs import build_export
    from naervaer.importexport.models import ExportJob
    from naervaer.people.models import User

    user = User.objects.get(username=args.user)
    backend: int | None = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
    formats = args.format or ["csv", "xlsx"]
    print(f"database: {connection.vendor}; user {user.username}; {', '.join(formats)}")
    for fmt, run in ((fmt, run) for fmt in formats for run in range(1, args.repeat + 1)):
        job = ExportJob.objects.create(
            organisation_id=viewer_for(user).require_organisation(),
            requested_by=user,
            kind="absences",
            format=fmt,
        )
        load = os.getloadavg()[0]
        started, cpu, server = time.perf_counter(), time.process_time(), server_seconds(backend)
        with measure.peak_memory() as memory:
            build_export.call(job.pk)
        took, cpu = time.perf_counter() - started, time.process_time() - cpu
        server = server_seconds(backend) - server
        job.refresh_from_db()
        digest = hashlib.sha256()
        with job.file.open("rb") as file:
            while block := file.read(1 << 20):
                digest.update(block)
        size = job.file.size
        job.file.delete(save=False)
        job.delete()
        print(
            f"{fmt.upper()} run {run}: {job.status}, {job.rows:,} rows, {size / 1024**2:,.1f} MiB "
            f"in {took:.2f} s = {job.rows / took:,.0f} rows/s; CPU {cpu:.2f} s = "
            f"{job.rows / cpu:,.0f} rows/s; "
            + (f"server CPU {server:.2f} s = {job.rows / server:,.0f} rows/s; " if server else "")
            + f"load {load:.2f} -> {os.getloadavg()[0]:.2f}; "
            f"sha256 {digest.hexdigest()[:16]}\n"
            f"  {memory.line()}"
            + (
                f"\n  {measure.goal_line('CSV', job.rows / took, 'rows/s', CSV_GOAL, False)}"
                if fmt == "csv"
                else ""
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
