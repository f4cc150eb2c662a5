"""Statistics at the size of Denmark's largest employers, measured end to end (issue 14).

    .venv/bin/python bench/stats_bench.py --employees 50000            # SQLite, var/bench/
    DATABASE_URL=postgres://naervaer:naervaer@127.0.0.1:5432/naervaer_bench_50k \
        .venv/bin/python bench/stats_bench.py --employees 50000

1. The data set (``bench/dataset.py``): built once into its own database and reused.
2. The real pages over HTTP, served by gunicorn on loopback, after logging in as the demo's HR
   user and manager: the HR dashboard with its early warning (the first request on a database
   without built aggregates, then warm), the drill-down at three depths, the AMO's dashboard
   (its months' disclosure decisions kept) and the front pages of HR and the AMO, the heat map, the
   statistics and full absence exports (CSV, XLSX), the manager's pages; min and median of
   ``--repeat`` runs.
3. The cost after a change: the first dashboard page after one edited spell, after an absence
   import and after an employee import, against a warm one.
4. The 12-month absent- and agreed-hours-by-unit aggregate by DuckDB and by vectorised pandas
   from a dump of the tables made by SQL (``bench/reference.py``), equal to Nærvær's per unit.
5. Optionally (``--load-users``) the load test of ``bench/load_test.py`` on the same server,
   and (``--profile``) where the dashboard's time goes.
Ends with the issue's goals, met or missed by how much.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import csv
import datetime as dt
import io
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
) -> tuple[Timing, bytes]:
    """An export as its user gets it: the file at once, or (a large one) the export's page,
    polled as the page itself does until a worker has written the file, then the download.
    The time is from the request to the last byte of the file."""
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
    return timing, body


@contextlib.contextmanager
def task_worker(log: Path) -> Iterator[None]:
    """A task worker beside the server (as ``make demo`` runs one), for the large exports."""
    env = {**os.environ, "NAERVAER_DEMO": "1"}
    with open(log, "a") as out:
        worker = subprocess.Popen(
            [BIN / "naervaer", "worker", "--verbosity", "0"], env=env, stdout=out, stderr=out
        )
    try:
        yield
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
    parser.add_argument("--export-timeout", type=float, default=300)
    parser.add_argument("--load-users", type=int, default=0, help="load test with N users")
    parser.add_argument("--load-seconds", type=float, default=30)
    parser.add_argument("--profile", action="store_true", help="cProfile one dashboard request")
    args = parser.parse_args()

    dataset.configure(args.employees, args.reuse)
    data = dataset.prepare(args.employees, args.years, args.spell_rate)
    dataset.describe(data)
    print(f"load average before: {' '.join(f'{x:.1f}' for x in _loadavg())}")

    from django.utils import timezone

    from naervaer.people.models import Organisation

    today = timezone.localdate()
    org = Organisation.objects.get(slug="demo")
    start, end = period(today)
    goals: list[tuple[str, str, float | None, float, bool]] = []  # name, unit, value, goal, lower

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
            with task_worker(log):
                timing, body = timed_export(
                    hr, base, "full absence export CSV", "/export/absences.csv", args.export_timeout
                )
                rows = body.count(b"\n") - 1 if timing.status == 200 else 0
                rate = rows / (timing.min_ms / 1000) if rows > 0 else None
                print(f"    {rows:,} rows" + (f" = {rate:,.0f} rows/s" if rate else ""))
                goals.append(("full absence export CSV", "rows/s", rate, 200_000, False))
                timing, body = timed_export(
                    hr,
                    base,
                    "full absence export XLSX",
                    "/export/absences.xlsx",
                    args.export_timeout,
                )
                if timing.status == 200:
                    print(f"    {len(body) / 2**20:,.1f} MiB")
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
        if args.load_users:
            latencies = load_test.run(
                argparse.Namespace(
                    base=base,
                    token=token,
                    users=args.load_users,
                    seconds=args.load_seconds,
                    think=1.0,
                )
            )
            manager_pages = sorted(
                x for path, xs in latencies.items() if not path.startswith("/api/") for x in xs
            )
            if len(manager_pages) > 1:
                p95 = statistics.quantiles(manager_pages, n=100)[94] * 1000
                goals.append((f"manager pages p95, {args.load_users} users", "ms", p95, 200, True))
    print(f'server log: {log.read_text().count("database is locked")} "database is locked"')

    explain_heaviest(org, start, end, today)
    ratio = compare_with_references(org, start, end, today, args.repeat)
    goals.append(("one aggregate / DuckDB", "×", ratio, 3, True))
    if args.profile:
        profile_dashboard()
    print(f"load average after: {' '.join(f'{x:.1f}' for x in _loadavg())}")
    report(goals)


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


def compare_with_references(
    org: Organisation, start: dt.date, end: dt.date, today: dt.date, repeat: int
) -> float | None:
    """Nærvær's per-unit absent and agreed hours against DuckDB and pandas on a dump. When
    Nærvær fails (an error is a result too), the two references are compared with each other."""
    from django.db import DatabaseError

    from naervaer.people.models import UNIT_SEPARATOR, Unit

    print(f"\n12-month aggregate by unit, {start:%d.%m.%Y}–{end:%d.%m.%Y}:")
    ours: tuple[float, dict[str, float], dict[str, float]] | None = None
    try:
        ours = _naervaer_by_group(org, start, end, today, repeat)
    except DatabaseError as exc:
        print(f"  Nærvær FAILED: {exc}")
    paths = dict(Unit.objects.filter(organisation=org).values_list("pk", "path"))

    def groups(by_unit: dict[int, float]) -> dict[str, float]:
        """Per unit id into the dashboard's groups: the area, and the unit under it."""
        result: dict[str, float] = {}
        for unit_id, value in by_unit.items():
            parts = paths[unit_id].split(UNIT_SEPARATOR)
            for key in {UNIT_SEPARATOR.join(parts[:1]), UNIT_SEPARATOR.join(parts[:2])}:
                result[key] = result.get(key, 0.0) + value
        return result

    tables = reference.dump_tables(org.pk, Path(tempfile.mkdtemp(prefix="naervaer-dump-")))
    print(f"  dump of the tables by SQL to CSV: {tables.dump_seconds:.1f} s")
    ratio, first_reference = None, None
    for name, compute in (
        ("DuckDB", reference.duckdb_by_unit),
        ("pandas", reference.pandas_by_unit),
    ):
        try:
            result = compute(tables, start, end, today)
        except ImportError:
            print(f"  {name} not installed: `uv sync --group bench` (make bench does)")
            continue
        absent, possible = groups(result.absent), groups(result.possible)
        ms = 1000 * result.seconds
        if ours is not None:
            ours_ms, our_absent, our_possible = ours
            against = "Nærvær"
        elif first_reference is not None:
            ours_ms, our_absent, our_possible = first_reference
            against = "DuckDB"
        else:
            first_reference = (ms, absent, possible)
            print(f"  {name}: {ms:,.0f} ms (reading the dump {result.load_seconds:.1f} s)")
            continue
        problems = reference.differences(our_absent, absent) + reference.differences(
            our_possible, possible
        )
        print(
            f"  {name}: {ms:,.0f} ms (reading the dump {result.load_seconds:.1f} s); "
            f"{against} / {name} = {ours_ms / ms:.1f}×; {len(our_absent):,} groups, absent "
            f"and agreed hours equal to {against}'s per group to {reference.TOLERANCE:g} "
            f"relative: {'yes' if not problems else 'NO'}"
        )
        for p in problems[:10]:
            print(f"    differs: {p}")
        assert not problems, f"{name} differs from {against} in {len(problems)} groups"
        if name == "DuckDB" and ours is not None:
            ratio = ours_ms / ms
        first_reference = first_reference or (ms, absent, possible)
        print(
            f"  total absent hours: {name} {sum(result.absent.values()):,.1f} h, "
            f"{against} {sum(v for k, v in our_absent.items() if UNIT_SEPARATOR not in k):,.1f} h"
        )
    return ratio


def _naervaer_by_group(
    org: Organisation, start: dt.date, end: dt.date, today: dt.date, repeat: int
) -> tuple[float, dict[str, float], dict[str, float]]:
    """Nærvær's time for the organisation's figures (warm), and its absent and agreed hours per
    area and per unit one level under each area (the drill-downs)."""
    from naervaer.people.models import Unit
    from naervaer.statistics.selectors import Scope, dashboard

    scope = Scope(org.pk)
    dashboard(scope, start, end, today, with_trend=False)  # warm: months built, caches filled
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        whole = dashboard(scope, start, end, today, with_trend=False)
        times.append(time.perf_counter() - started)
    ours_ms = 1000 * min(times)
    print(f"  Nærvær, dashboard() without trend (absent hours by area): min {ours_ms:,.0f} ms")
    absent = {g.key: g.figures.absent_hours for g in whole.units}
    possible = {g.key: g.figures.agreed_hours for g in whole.units}  # leave not taken out
    for area in Unit.objects.filter(organisation=org, parent__isnull=True):
        drilled = dashboard(Scope(org.pk, None, area), start, end, today, with_trend=False)
        absent |= {g.key: g.figures.absent_hours for g in drilled.units if g.key != area.path}
        possible |= {g.key: g.figures.agreed_hours for g in drilled.units if g.key != area.path}
    return ours_ms, absent, possible


def explain_heaviest(org: Organisation, start: dt.date, end: dt.date, today: dt.date) -> None:
    """The three slowest queries of the HR dashboard and of the deepest drill-down (computed in
    this process, warm), each with its plan: SQLite's ``EXPLAIN QUERY PLAN``, PostgreSQL's
    ``EXPLAIN``."""
    from django.db import DatabaseError, connection
    from django.test.utils import CaptureQueriesContext

    from naervaer.statistics.selectors import Scope, dashboard, rising_short_absence

    trend_from = (end.replace(day=1) - dt.timedelta(days=700)).replace(day=1)
    scopes = [("dashboard", Scope(org.pk))]
    units = _drill_units(org)
    if units:
        scopes.append((f"drill-down {units[-1].path}", Scope(org.pk, None, units[-1])))
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    for name, scope in scopes:
        dashboard(scope, start, end, today, trend_from=trend_from)  # warm
        with CaptureQueriesContext(connection) as captured:
            board = dashboard(scope, start, end, today, trend_from=trend_from)
            rising_short_absence(scope, start, end, today, board, False)
        queries = captured.captured_queries
        total = sum(float(q["time"]) for q in queries)
        print(f"\n{name}: {len(queries)} queries, {1000 * total:,.0f} ms in the database")
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
        if value is None:
            print(f"  {name:<46} FAILED (an error, not a time) — goal {sign} {goal:,g} {unit}")
            continue
        met = value < goal if lower_is_better else value >= goal
        by = value / goal if lower_is_better else goal / value
        verdict = "met" if met else f"MISSED by {by:.1f}×"
        print(f"  {name:<46} {value:12,.1f} {unit:<6} goal {sign} {goal:,g}: {verdict}")


if __name__ == "__main__":
    main()
