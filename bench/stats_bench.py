"""Statistics at the size of Denmark's largest employers, measured end to end (issue 14).

    .venv/bin/python bench/stats_bench.py --employees 50000            # SQLite, var/bench/
    DATABASE_URL=postgres://naervaer:naervaer@127.0.0.1:5432/naervaer_bench_50k \
        .venv/bin/python bench/stats_bench.py --employees 50000        # PostgreSQL
    make bench                                                         # SQLite
    make bench BENCH_DATABASE_URL=postgres://naervaer:naervaer@127.0.0.1:5432/naervaer_bench
    .venv/bin/python bench/stats_bench.py --employees 50000 --reuse var/bench/days-50k.sqlite3 \
        --compare-only                       # a kept data set: the plans and the comparison only

1. The data set (``bench/dataset.py``): built once into its own database and reused.
2. The real pages over HTTP, served by gunicorn on loopback, after logging in as the demo's HR
   user and manager: the HR dashboard with its early warning (the first request on a database
   without built aggregates, then warm), the drill-down at three depths, the AMO's dashboard
   (its months' disclosure decisions kept) and the front pages of HR and the AMO, the heat map, the
   statistics and full absence exports (CSV, XLSX; with the peak memory of the worker that
   writes a large one), the manager's pages; min and median of ``--repeat`` runs.
3. The cost after a change: the first dashboard page after one edited spell, after an absence
   import and after an employee import, against a warm one.
4. With ``--load-users N``, the load test of ``bench/load_test.py`` on the same server with N
   *different* managers (``load_test._manager_logins``), each on their own pages as they see
   them, the statistics page among them, and the API's poll beside them; p95 of the pages
   against the goal. (The data set gets the follow-up of 15 % of the people first, once, as
   ``load_test.py --serve --employees`` has it.)
5. The three heaviest queries of the HR dashboard and of the depth-1 drill-down (the largest
   area), each with its plan on the database the benchmark runs on.
6. The 12-month absent- and agreed-hours-by-unit aggregate by DuckDB and by vectorised pandas
   from a dump of the tables made by SQL (``bench/reference.py``), equal to Nærvær's unit by
   unit over the whole tree: every unit's own figures and its sub-tree's, as Nærvær's
   dashboards read them from the stored aggregates. ``--rebuild`` first builds those from
   scratch, timed. ``--profile``: where the dashboard's time goes.
Ends with the issue's goals, each MET or MISSED, with the factor value / goal.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import csv
import datetime as dt
import io
import logging
import os
import pstats
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent))
import dataset
import load_test
import measure
import reference

if TYPE_CHECKING:
    from naervaer.people.models import Organisation, Unit

BIN = Path(sys.executable).parent


@dataclass
class Timing:
    name: str
    status: int
    seconds: list[float]
    size: int

    @property
    def ok_median(self) -> float | None:
        return self.median_ms if self.status == 200 else None

    @property
    def min_ms(self) -> float:
        return 1000 * min(self.seconds)

    @property
    def median_ms(self) -> float:
        return 1000 * statistics.median(self.seconds)

    def line(self) -> str:
        return (
            f"  {self.name:<44} HTTP {self.status}  min {self.min_ms:8,.0f} ms  "
            f"median {self.median_ms:8,.0f} ms  ({len(self.seconds)}×, {self.size:,} bytes)"
        )


@dataclass
class ByUnit:
    """Absent and agreed hours by unit path: each unit's own (its members' figures), and each
    unit's sub-tree (the unit and every unit below it: a row of the drill-down into its
    parent). Every unit of the organisation is a key; a unit without any figure has 0."""

    absent: dict[str, float]
    possible: dict[str, float]
    subtree_absent: dict[str, float]
    subtree_possible: dict[str, float]


@dataclass(frozen=True)
class Clock:
    """A computation's time: wall clock and this process's CPU time (all its threads), in ms."""

    ms: float
    cpu_ms: float


@dataclass
class Ours:
    by_unit: ByUnit
    clock: Clock  # the aggregate by unit, warm, least of the runs
    by_area: Clock  # the dashboard's own grouping (the top-level areas), for comparison


def get(opener: urllib.request.OpenerDirector, url: str, timeout: float) -> tuple[int, bytes]:
    try:
        with opener.open(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()
    except OSError as exc:  # a time-out or a worker killed by gunicorn
        return 0, str(exc).encode()


def timed(
    opener: urllib.request.OpenerDirector,
    base: str,
    name: str,
    path: str,
    repeat: int,
    timeout: float = 600,
) -> tuple[Timing, bytes]:
    seconds, status, body = [], 0, b""
    for _ in range(repeat):
        started = time.perf_counter()
        status, body = get(opener, base + path, timeout)
        seconds.append(time.perf_counter() - started)
        if status != 200:
            break
    timing = Timing(name, status, seconds, len(body))
    print(timing.line(), flush=True)
    return timing, body


EXPORT_JOB = re.compile(rb'href="(/export/(\d+)/download)"')


def timed_export(
    opener: urllib.request.OpenerDirector, base: str, name: str, path: str, timeout: float
) -> tuple[Timing, bytes, bool]:
    """An export as its user gets it: the file at once, or (a large one) the export's page,
    polled as the page itself does until a worker has written the file, then the download.
    The time is from the request to the last byte of the file; True if a worker wrote it."""
    started = time.perf_counter()
    try:
        with opener.open(base + path, timeout=timeout) as response:
            status, body, url = response.status, response.read(), response.geturl()
    except urllib.error.HTTPError as exc:
        status, body, url = exc.code, exc.read(), ""
    except OSError as exc:
        status, body, url = 0, str(exc).encode(), ""
    job = re.search(r"/export/(\d+)/$", url)
    if status == 200 and job:
        print(f"    (a background export: {url[len(base) :]}, waiting for the worker)")
        while time.perf_counter() - started < timeout:
            status, page = get(opener, f"{base}/export/{job.group(1)}/", 60)
            link = EXPORT_JOB.search(page)
            if link:
                status, body = get(opener, base + link.group(1).decode(), timeout)
                break
            if b'role="alert"' in page:
                status, body = 500, page
                break
            time.sleep(0.5)
        else:
            status = 0
    timing = Timing(name, status, [time.perf_counter() - started], len(body))
    print(timing.line(), flush=True)
    return timing, body, job is not None


@contextlib.contextmanager
def task_worker(log: Path) -> Iterator[int]:
    """A task worker beside the server (as ``make demo`` runs one), for the large exports; its
    process id."""
    env = {**os.environ, "NAERVAER_DEMO": "1"}
    with open(log, "a") as out:
        worker = subprocess.Popen(
            [BIN / "naervaer", "worker", "--verbosity", "0"], env=env, stdout=out, stderr=out
        )
    try:
        yield worker.pid
    finally:
        worker.terminate()
        worker.wait(timeout=60)


def period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The dashboard's default period: the last 12 full months (``statistics.views._period``)."""
    end = today.replace(day=1) - dt.timedelta(days=1)
    first = end.replace(day=1)
    months_back = first.year * 12 + first.month - 1 - 11
    return dt.date(months_back // 12, months_back % 12 + 1, 1), end


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    dataset.add_arguments(parser)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn processes (× 2 threads)")
    parser.add_argument("--pages-only", action="store_true", help="dashboard and drill-down only")
    parser.add_argument("--no-change", action="store_true", help="skip the cost after a change")
    parser.add_argument(
        "--no-exports", action="store_true", help="skip the heat map, exports and manager pages"
    )
    # Not a goal, a guard: the XLSX of 1.5 million spells took 231–308 s in earlier runs, 708 s
    # at load 3–5 under nice (docs/benchmarks.md).
    parser.add_argument("--export-timeout", type=float, default=900)
    parser.add_argument(
        "--load-users", type=int, default=0, help="load test with N different managers"
    )
    parser.add_argument("--load-seconds", type=float, default=30)
    parser.add_argument("--profile", action="store_true", help="cProfile one dashboard request")
    parser.add_argument(
        "--rebuild",
        action="store_true",
        help="first build every stored month from scratch (timed), as `naervaer stats --rebuild`",
    )
    parser.add_argument(
        "--compare-only",
        action="store_true",
        help="no server: only the plans of the heaviest queries and the comparison per unit",
    )
    args = parser.parse_args()
    if args.load_users and not args.follow_up:
        # The managers' follow-up pages with something on them, as `load_test.py --serve`.
        args.follow_up = load_test.FOLLOW_UP_SHARE

    dataset.configure(args.employees, args.reuse)
    data = dataset.prepare(args.employees, args.years, args.spell_rate, args.follow_up)
    dataset.describe(data)
    print(f"load average before: {' '.join(f'{x:.1f}' for x in _loadavg())}")

    from django.utils import timezone

    from naervaer.people.models import Organisation

    today = timezone.localdate()
    org = Organisation.objects.get(slug="demo")
    start, end = period(today)
    goals: list[tuple[str, str, float | None, float, bool]] = []  # name, unit, value, goal, lower
    rebuilt = rebuild(org) if args.rebuild else None
    if not args.compare_only:
        pages_over_http(args, org, goals)
    explain_heaviest(org, start, end, today)
    ratio = compare_with_references(org, start, end, today, args.repeat, rebuilt)
    goals.append(("one aggregate by unit / DuckDB", "×", ratio, 3, True))
    if args.profile:
        profile_dashboard()
    print(f"load average after: {' '.join(f'{x:.1f}' for x in _loadavg())}")
    report(goals)


def rebuild(org: Organisation) -> float:
    """Every stored month built again from scratch, as `naervaer stats --rebuild`: seconds."""
    from naervaer.statistics.aggregates import rebuild as rebuild_months

    started, cpu = time.perf_counter(), time.process_time()
    months = rebuild_months(org.pk)
    took = time.perf_counter() - started
    print(
        f"stored months built from scratch: {months} months in {took:,.1f} s "
        f"(CPU of this process {time.process_time() - cpu:,.1f} s)"
    )
    return took


def pages_over_http(
    args: argparse.Namespace,
    org: Organisation,
    goals: list[tuple[str, str, float | None, float, bool]],
) -> None:
    """The real pages over HTTP, the cost after a change and the load test (``goals`` grows)."""
    # The load test's users: different managers, each with a session made here before the
    # server starts (``load_test.py --serve`` does the same), their pages what each one sees.
    logging.getLogger("axes").setLevel(logging.WARNING)  # a line for each session made
    managers = (
        [load_test._scenario(u) for u in load_test._manager_logins(args.load_users)]
        if args.load_users
        else []
    )
    log = Path(tempfile.mkdtemp(prefix="naervaer-bench-")) / "server.log"
    with load_test.served(args.workers, log, timeout=900) as (base, token):
        hr = load_test.login(base, "hr")
        manager = load_test.login(base, "leder")
        print(f"gunicorn, {args.workers} workers × 2 threads, on {base}; logged in as hr, leder")
        pages: dict[str, Timing] = {}
        pages["first"], _ = timed(
            hr, base, "HR dashboard, first request (builds any missing months)", "/statistics/", 1
        )
        pages["dashboard"], _ = timed(
            hr, base, "HR dashboard with early warning", "/statistics/", args.repeat
        )
        drill = []
        for depth, unit in enumerate(_drill_units(org), start=1):
            timing, _ = timed(
                hr,
                base,
                f"drill-down depth {depth}: {unit.path}",
                f"/statistics/?unit={unit.pk}",
                args.repeat,
            )
            drill.append(timing)
        # A page that fails has no time: it is reported as failed, never as fast or slow.
        goals.append(("HR dashboard page (median)", "ms", pages["dashboard"].ok_median, 500, True))
        slowest = (
            None if any(t.ok_median is None for t in drill) else max(t.median_ms for t in drill)
        )
        goals.append(("drill-down, slowest depth (median)", "ms", slowest, 150, True))
        # The AMO's dashboard: groups of five or more, by the disclosure decision each month
        # keeps until its facts change; the first request makes the months not kept.
        amo = load_test.login(base, "amo")
        timed(
            amo, base, "AMO dashboard, first request (decides months not kept)", "/statistics/", 1
        )
        pages["amo"], _ = timed(amo, base, "AMO dashboard", "/statistics/", args.repeat)
        goals.append(("AMO dashboard page (median)", "ms", pages["amo"].ok_median, 500, True))
        timed(hr, base, "HR front page", "/", args.repeat)
        timed(amo, base, "AMO front page", "/", args.repeat)
        if not args.pages_only and not args.no_exports:
            timed(hr, base, "heat map (12 months)", "/statistics/calendar/", args.repeat)
            timed(hr, base, "statistics export CSV", "/statistics/export.csv", args.repeat)
            timed(hr, base, "statistics export XLSX", "/statistics/export.xlsx", args.repeat)
            with task_worker(log) as worker:
                # The worker writes the file: its memory while it does is what stays constant.
                with measure.peak_memory(worker) as memory:
                    timing, body, queued = timed_export(
                        hr,
                        base,
                        "full absence export CSV",
                        "/export/absences.csv",
                        args.export_timeout,
                    )
                rows = body.count(b"\n") - 1 if timing.status == 200 else 0
                rate = rows / (timing.min_ms / 1000) if rows > 0 else None
                written_by = f"the worker's {memory.line()}" if queued else "served at once"
                print(f"    {rows:,} rows; {written_by}")
                print("    " + measure.goal_line("rows/s", rate, "rows/s", 200_000, False))
                goals.append(("full absence export CSV", "rows/s", rate, 200_000, False))
                with measure.peak_memory(worker) as memory:
                    timing, body, queued = timed_export(
                        hr,
                        base,
                        "full absence export XLSX",
                        "/export/absences.xlsx",
                        args.export_timeout,
                    )
                if timing.status == 200:
                    written_by = f"the worker's {memory.line()}" if queued else "served at once"
                    print(f"    {len(body) / 2**20:,.1f} MiB; {written_by}")
            _, people_page = get(manager, f"{base}/people/", 60)
            person = _first_person(people_page)
            for name, path in [
                ("manager: front page", "/"),
                ("manager: absent now", "/absent/"),
                ("manager: people", "/people/"),
                ("manager: a person", f"/people/{person}/"),
                ("manager: statistics (own units)", "/statistics/"),
            ]:
                timed(manager, base, name, path, args.repeat)
        if not args.no_change and not args.pages_only:
            after = change_costs(org, hr, base, args.repeat)
            for name, (ms, warm) in after.items():
                print(f"  first dashboard after {name}: {ms:,.0f} ms = {ms / warm:.1f}× warm")
            if "an absence import" in after:
                ms, warm = after["an absence import"]
                goals.append(("first page after an absence import / warm", "×", ms / warm, 2, True))
        if managers:
            p95 = load_managers(args, base, token, managers)
            goals.append((f"manager pages p95, {len(managers)} managers", "ms", p95, 200, True))
    print(f'server log: {log.read_text().count("database is locked")} "database is locked"')


def load_managers(
    args: argparse.Namespace, base: str, token: str, managers: list[load_test.Scenario]
) -> float | None:
    """``load_test.run`` with each user a different manager on their own pages (the statistics
    page as a manager sees it among them) and the API's poll beside them: the p95 of the
    manager's pages, printed against the goal; None when there were too few requests."""
    print(
        f"\nLoad test: {len(managers)} users, {len({m.username for m in managers})} different "
        f"managers, {args.load_seconds:g} s, 1 s think time; each manager's pages: "
        + ", ".join(name for name, _path in managers[0].pages)
    )
    latencies = load_test.run(
        argparse.Namespace(
            base=base,
            token=token,
            users=len(managers),
            seconds=args.load_seconds,
            think=1.0,
            scenarios=managers,
            skip=[],
        )
    )
    pages = sorted(x for name, xs in latencies.items() if not name.startswith("/api/") for x in xs)
    every = sorted(x for xs in latencies.values() for x in xs)
    if len(pages) < 2:
        return None
    p95 = statistics.quantiles(pages, n=100)[94] * 1000
    print("  " + measure.goal_line("manager pages p95", p95, "ms", 200, True))
    if len(every) > len(pages):
        with_poll = statistics.quantiles(every, n=100)[94] * 1000
        print(f"  with the API's poll: p95 {with_poll:,.0f} ms (the goal is the pages')")
    return p95


def _loadavg() -> tuple[float, float, float]:
    import os

    return os.getloadavg()


def _drill_units(org: Organisation) -> list[Unit]:
    """Three depths: the largest area, its largest child, and that child's largest child."""
    from django.db.models import Count

    from naervaer.people.models import UNIT_SEPARATOR, Unit

    units = list(
        Unit.objects.filter(organisation=org).annotate(staff=Count("employments")).order_by("path")
    )
    sizes: dict[str, int] = {}
    for u in units:
        parts = u.path.split(UNIT_SEPARATOR)
        for i in range(1, len(parts) + 1):
            key = UNIT_SEPARATOR.join(parts[:i])
            sizes[key] = sizes.get(key, 0) + u.staff
    chosen: list[Unit] = []
    parent: Unit | None = None
    for depth in range(3):
        candidates = [
            u
            for u in units
            if u.path.count(UNIT_SEPARATOR) == depth
            and (parent is None or u.path.startswith(parent.path + UNIT_SEPARATOR))
        ]
        if not candidates:
            break
        parent = max(candidates, key=lambda u: sizes[u.path])
        chosen.append(parent)
    return chosen


def _first_person(page: bytes) -> str:
    import re

    found = re.search(rb'href="/people/(\d+)/"', page)
    return found.group(1).decode() if found else "1"


def change_costs(
    org: Organisation, hr: urllib.request.OpenerDirector, base: str, repeat: int
) -> dict[str, tuple[float, float]]:
    """The first dashboard page after one edited spell, an absence import, an employee import."""
    from django.utils import timezone

    from naervaer.absence.models import AbsenceSpell
    from naervaer.absence.services import correct_spell
    from naervaer.people.models import User

    start, end = period(timezone.localdate())
    results: dict[str, tuple[float, float]] = {}

    def first_page(name: str) -> None:
        timing, _ = timed(hr, base, f"HR dashboard after {name}", "/statistics/", 1)
        warm, _ = timed(hr, base, "  then warm again", "/statistics/", max(3, repeat))
        # Against the warm page measured right after, under the same load.
        results[name] = (timing.min_ms, warm.median_ms)

    spell = (
        AbsenceSpell.objects.filter(
            person__organisation=org, first_day__gte=start, last_day__lte=end
        )
        .order_by("pk")
        .first()
    )
    assert spell is not None
    correct_spell(
        spell,
        by=User.objects.get(username="hr"),
        first_day=spell.first_day,
        last_day=spell.last_day,
        kind=spell.kind,
        section56=spell.section56,
        work_environment_related=not spell.work_environment_related,
    )
    first_page("one edited spell")

    folder = Path(tempfile.mkdtemp(prefix="naervaer-bench-import-"))
    absences = folder / "absences.csv"
    spells = (
        AbsenceSpell.objects.filter(
            person__organisation=org,
            first_day__gte=start,
            last_day__lte=end,
            kind="sickness",
            section56=False,
        )
        .order_by("pk")
        .values_list("pk", "person__employee_id", "first_day", "last_day")
    )
    with open(absences, "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["employee_id", "first_day", "last_day", "percent", "kind"])
        written, seen = 0, set()
        for pk, employee_id, first, last in spells.iterator():
            # One spell per person: a person's back-to-back rows would be read as one spell.
            if employee_id in seen:
                continue
            assert last is not None  # last_day__lte above
            if AbsenceSpell.objects.get(pk=pk).degrees.count() == 1:
                seen.add(employee_id)
                writer.writerow(
                    [employee_id, first.isoformat(), last.isoformat(), 100, "work_accident"]
                )
                written += 1
            if written == 1000:
                break
    seconds = _cli("import", "absences", str(absences), "--org", "demo", "--no-progress")
    print(f"  absence import of {written:,} changed spells (CLI): {seconds:.1f} s")
    first_page("an absence import")

    employees = folder / "employees.csv"
    seconds = _cli("export", "employees", "--org", "demo", "-o", str(employees))
    text = employees.read_text(encoding="utf-8-sig").splitlines()
    reader = list(csv.reader(text, delimiter=";" if ";" in text[0] else ","))  # Danish exports
    header, rows = reader[0], reader[1:]
    hours = header.index("weekly_hours")
    values = sorted({r[hours] for r in rows})
    for r in rows[:200]:  # 200 people change their agreed hours
        r[hours] = values[(values.index(r[hours]) + 1) % len(values)]
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    employees.write_text(buffer.getvalue(), encoding="utf-8")
    seconds = _cli("import", "employees", str(employees), "--org", "demo", "--no-progress")
    print(f"  employee import of {len(rows):,} rows, 200 changed (CLI): {seconds:.1f} s")
    first_page("an employee import")
    return results


def _cli(*arguments: str) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [BIN / "naervaer", *arguments], capture_output=True, text=True, check=False
    )
    if done.returncode:
        print(f"  `naervaer {' '.join(arguments)}` failed: {done.stderr.strip()[-500:]}")
    return time.perf_counter() - started


def _by_unit(paths: dict[int, str], absent: dict[int, float], possible: dict[int, float]) -> ByUnit:
    """Per unit id into per unit path, and summed into every sub-tree (a unit and those below)."""
    from naervaer.people.models import UNIT_SEPARATOR

    unknown = (set(absent) | set(possible)) - set(paths)
    assert not unknown, f"units not in the organisation: {sorted(unknown)[:10]}"
    own_absent = {path: absent.get(pk, 0.0) for pk, path in paths.items()}
    own_possible = {path: possible.get(pk, 0.0) for pk, path in paths.items()}
    subtree_absent = dict.fromkeys(own_absent, 0.0)
    subtree_possible = dict.fromkeys(own_absent, 0.0)
    for path in own_absent:
        parts = path.split(UNIT_SEPARATOR)
        for i in range(1, len(parts) + 1):
            above = UNIT_SEPARATOR.join(parts[:i])
            subtree_absent[above] += own_absent[path]
            subtree_possible[above] += own_possible[path]
    return ByUnit(own_absent, own_possible, subtree_absent, subtree_possible)


def compare_with_references(
    org: Organisation,
    start: dt.date,
    end: dt.date,
    today: dt.date,
    repeat: int,
    rebuilt_seconds: float | None,
) -> float | None:
    """Nærvær's absent and agreed hours of every unit, and of every unit's sub-tree, against
    DuckDB's and pandas' from a dump of the tables; equality asserted unit by unit. When Nærvær
    fails (an error is a result too), the two references are compared with each other.
    Returns Nærvær's time for the aggregate by unit / DuckDB's (wall clock)."""
    from django.db import DatabaseError, connection

    from naervaer.people.models import Unit

    print(f"\n12-month aggregate by unit, {start:%d.%m.%Y}–{end:%d.%m.%Y}:")
    paths = dict(Unit.objects.filter(organisation=org).values_list("pk", "path"))
    ours: Ours | None = None
    try:
        ours = _naervaer_by_unit(org, paths, start, end, today, repeat)
    except DatabaseError as exc:
        print(f"  Nærvær FAILED: {exc}")

    tables = reference.dump_tables(org.pk, Path(tempfile.mkdtemp(prefix="naervaer-dump-")))
    print(f"  dump of the tables by SQL to CSV: {tables.dump_seconds:.1f} s")
    duckdb: Clock | None = None
    first_reference: tuple[str, Clock, ByUnit] | None = None
    for name, compute in (
        ("DuckDB", reference.duckdb_by_unit),
        ("pandas", reference.pandas_by_unit),
    ):
        try:
            result = compute(tables, start, end, today)
        except ImportError:
            print(f"  {name} not installed: `uv sync --group bench` (make bench does)")
            continue
        theirs = _by_unit(paths, result.absent, result.possible)
        clock = Clock(1000 * result.seconds, 1000 * result.cpu_seconds)
        print(
            f"  {name}: {clock.ms:,.0f} ms ({clock.cpu_ms:,.0f} ms of CPU) from the raw rows "
            f"(reading the dump {result.load_seconds:.1f} s)"
        )
        if ours is not None:
            against, against_clock, expected = "Nærvær", ours.clock, ours.by_unit
        elif first_reference is not None:
            against, against_clock, expected = first_reference
        else:
            first_reference = (name, clock, theirs)
            continue
        problems = []
        for what, mine, other in (
            ("own absent hours", expected.absent, theirs.absent),
            ("own agreed hours", expected.possible, theirs.possible),
            ("sub-tree absent hours", expected.subtree_absent, theirs.subtree_absent),
            ("sub-tree agreed hours", expected.subtree_possible, theirs.subtree_possible),
        ):
            found = reference.differences(mine, other)
            problems += [f"{what}, {p}" for p in found]
        with_figures = sum(1 for p in paths.values() if theirs.possible[p] or theirs.absent[p])
        print(
            f"    {against} = {name} per unit: {len(paths):,} units compared "
            f"({with_figures:,} with people in the period), each unit's own and its sub-tree's "
            f"absent and agreed hours, to {reference.TOLERANCE:g} relative: "
            f"{'EQUAL' if not problems else f'NOT EQUAL in {len(problems):,} figures'}"
        )
        for p in problems[:10]:
            print(f"      differs: {p}")
        assert not problems, f"{name} differs from {against} in {len(problems)} unit figures"
        print(
            f"    total absent hours: {name} {sum(theirs.absent.values()):,.1f} h, "
            f"{against} {sum(expected.absent.values()):,.1f} h; {against} / {name}: "
            f"{against_clock.ms / clock.ms:.2f}× the time, "
            f"{against_clock.cpu_ms / clock.cpu_ms:.2f}× the CPU time"
        )
        if name == "DuckDB" and ours is not None:
            duckdb = clock
        first_reference = first_reference or (name, clock, theirs)
    if duckdb is None or ours is None:
        return None
    rebuild = (
        f"a build of every stored month from scratch took {rebuilt_seconds:,.0f} s in this run"
        if rebuilt_seconds is not None
        else "the build of the stored months from scratch is not timed in this run (--rebuild)"
    )
    where = "" if connection.vendor == "sqlite" else " (PostgreSQL's own CPU time not in Nærvær's)"
    print(
        f"  Nærvær / DuckDB = {ours.clock.ms / duckdb.ms:.2f}× the time, "
        f"{ours.clock.cpu_ms / duckdb.cpu_ms:.2f}× the CPU time{where}; grouped by area "
        f"{ours.by_area.ms / duckdb.ms:.2f}×.\n"
        "  Not like for like: Nærvær reads its stored monthly aggregates (kept up to date at "
        f"each change), DuckDB computes from the raw rows each time; {rebuild}."
    )
    return ours.clock.ms / duckdb.ms


def _naervaer_by_unit(
    org: Organisation,
    paths: dict[int, str],
    start: dt.date,
    end: dt.date,
    today: dt.date,
    repeat: int,
) -> Ours:
    """Nærvær's figures of every unit as its pages read them, from ``dashboard()``: grouped at
    the tree's deepest level, every unit is a group of its own (its own stored unit rows and its
    ongoing absence); grouped at each depth, the groups of that depth are the sub-trees of its
    units (the stored sub-tree rows every drill-down reads)."""
    from naervaer.people.models import UNIT_SEPARATOR
    from naervaer.statistics.selectors import Scope, dashboard

    scope = Scope(org.pk)
    deepest = max(path.count(UNIT_SEPARATOR) for path in paths.values())

    def least(depth: int | None) -> Clock:
        dashboard(scope, start, end, today, with_trend=False, depth=depth)  # warm
        walls, cpus = [], []
        for _ in range(repeat):
            started, cpu = time.perf_counter(), time.process_time()
            dashboard(scope, start, end, today, with_trend=False, depth=depth)
            walls.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu)
        return Clock(1000 * min(walls), 1000 * min(cpus))

    clock, by_area = least(deepest), least(None)
    print(
        f"  Nærvær, dashboard() without trend, every unit a group: min {clock.ms:,.0f} ms "
        f"({clock.cpu_ms:,.0f} ms of CPU); by area, the dashboard's own grouping: "
        f"{by_area.ms:,.0f} ms"
    )
    ids = {path: pk for pk, path in paths.items()}
    board = dashboard(scope, start, end, today, with_trend=False, depth=deepest)
    own_absent = {ids[g.key]: g.figures.absent_hours for g in board.units}
    own_possible = {ids[g.key]: g.figures.agreed_hours for g in board.units}  # leave not out
    subtree_absent: dict[str, float] = dict.fromkeys(ids, 0.0)
    subtree_possible: dict[str, float] = dict.fromkeys(ids, 0.0)
    for depth in range(deepest + 1):
        board = dashboard(scope, start, end, today, with_trend=False, depth=depth)
        for g in board.units:
            if g.key.count(UNIT_SEPARATOR) == depth:
                subtree_absent[g.key] = g.figures.absent_hours
                subtree_possible[g.key] = g.figures.agreed_hours
    by_unit = _by_unit(paths, own_absent, own_possible)
    by_unit.subtree_absent, by_unit.subtree_possible = subtree_absent, subtree_possible
    return Ours(by_unit, clock, by_area)


def explain_heaviest(org: Organisation, start: dt.date, end: dt.date, today: dt.date) -> None:
    """The three slowest queries of the HR dashboard and of the heaviest drill-down, depth 1
    (the largest area: the most units and people under one page), computed in this process,
    warm, as the page computes them (with the early warning), each with its plan on the
    database the benchmark runs on: SQLite's ``EXPLAIN QUERY PLAN``, PostgreSQL's ``EXPLAIN``."""
    from django.db import DatabaseError, connection
    from django.test.utils import CaptureQueriesContext

    from naervaer.statistics.selectors import Scope, dashboard, rising_short_absence

    trend_from = (end.replace(day=1) - dt.timedelta(days=700)).replace(day=1)
    scopes = [("dashboard", Scope(org.pk))]
    units = _drill_units(org)  # depth 1 first: the largest area
    if units:
        scopes.append((f"drill-down depth 1: {units[0].path}", Scope(org.pk, None, units[0])))
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    for name, scope in scopes:
        dashboard(scope, start, end, today, trend_from=trend_from)  # warm
        with CaptureQueriesContext(connection) as captured:
            board = dashboard(scope, start, end, today, trend_from=trend_from)
            rising_short_absence(scope, start, end, today, board, False)
        queries = captured.captured_queries
        total = sum(float(q["time"]) for q in queries)
        print(
            f"\n{name} ({connection.vendor}): {len(queries)} queries, "
            f"{1000 * total:,.0f} ms in the database"
        )
        heaviest = sorted(queries, key=lambda q: float(q["time"]), reverse=True)[:3]
        for i, query in enumerate(heaviest, start=1):
            sql = query["sql"]
            print(
                f"  {i}. {1000 * float(query['time']):,.0f} ms: {sql[:300]}{'…' if len(sql) > 300 else ''}"
            )
            try:
                with connection.cursor() as cursor:
                    cursor.execute(prefix + sql)
                    plan = cursor.fetchall()
            except DatabaseError as exc:  # the logged text is not always valid SQL again
                print(f"     (no plan: {exc})")
                continue
            for row in plan:
                print(f"     {row[-1]}")


def profile_dashboard() -> None:
    """One HR dashboard request in this process, under cProfile: the top costs by own time."""
    from django.test import Client

    from naervaer.people.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="hr"))
    client.get("/statistics/")
    profiler = cProfile.Profile()
    profiler.enable()
    client.get("/statistics/")
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(r"naervaer", 25)
    stats.sort_stats("tottime").print_stats(12)
    print("\nProfile of one HR dashboard request (cumulative in Nærvær; then own time, all):")
    print("\n".join(line for line in out.getvalue().splitlines() if line.strip()))


def report(goals: list[tuple[str, str, float | None, float, bool]]) -> None:
    print("\nGoals of issue 14:")
    for name, unit, value, goal, lower_is_better in goals:
        sign = "<" if lower_is_better else "≥"
        figure = f"{'—':>12}" if value is None else f"{value:12,.{2 if unit == '×' else 1}f}"
        print(
            f"  {name:<46} {figure} {unit:<6} goal {sign} {goal:,g}: "
            f"{measure.verdict(value, goal, lower_is_better)}"
        )


if __name__ == "__main__":
    main()
