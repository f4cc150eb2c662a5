"""The HR statistics dashboard at the scale of a large employer.

    .venv/bin/python bench/stats_bench.py --employees 50000 --years 5
    DATABASE_URL=postgres://… .venv/bin/python bench/stats_bench.py --keep   # on PostgreSQL

Builds the demo employer at the given size (in a throw-away SQLite file unless DATABASE_URL
names a database), then times, on the same data:
- the whole HR dashboard: all figures for 12 months plus a 24-month trend;
- a drill-down into the largest area;
- the straightforward day-by-day computation of the 12-month absence rate, as the reference the
  dashboard's total must equal.
Prints the times, the ratio, and the peak resident memory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

TODAY = dt.date(2026, 11, 18)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=50_000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL"):
        os.environ["NAERVAER_VAR_DIR"] = tempfile.mkdtemp(prefix="naervaer-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "naervaer.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from naervaer.demo.generator import build_demo
    from naervaer.people.models import Unit
    from naervaer.rules import statistics as core
    from naervaer.statistics.selectors import Scope, _load, dashboard

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    summary = build_demo(
        "bench",
        employees=args.employees,
        years=args.years,
        today=TODAY,
        with_logins=False,
        with_follow_up=False,
    )
    print(
        f"{connection.vendor}: {summary.people:,} employees, {summary.spells:,} spells, "
        f"{summary.units} units, built in {time.perf_counter() - started:.0f} s"
    )
    org = summary.organisation
    end = TODAY.replace(day=1) - dt.timedelta(days=1)
    start = dt.date(end.year - 1, end.month, 1) + dt.timedelta(days=32)
    start = start.replace(day=1)
    trend_from = (end.replace(day=1) - dt.timedelta(days=700)).replace(day=1)
    scope = Scope(org.pk)

    def best(fn: object) -> tuple[float, object]:
        times, result = [], None
        for _ in range(args.repeat):
            t = time.perf_counter()
            result = fn()  # type: ignore[operator]
            times.append(time.perf_counter() - t)
        return min(times), result

    from naervaer.rules.statistics import months as month_spans
    from naervaer.statistics.aggregates import build_months

    t = time.perf_counter()
    build_months(org.pk, month_spans(trend_from, end))
    build_time = time.perf_counter() - t
    print(
        f"building 24 months of pre-aggregated figures: {build_time:.1f} s (once, then on change)"
    )

    hr_time, result = best(
        lambda: dashboard(scope, start, end, TODAY, trend_from=trend_from, method="aggregated")
    )
    direct_time, direct = best(
        lambda: dashboard(scope, start, end, TODAY, trend_from=trend_from, method="direct")
    )
    area = max(
        Unit.objects.filter(organisation=org, parent__isnull=True),
        key=lambda u: Unit.objects.filter(organisation=org, path__startswith=u.path).count(),
    )
    drill_time, _ = best(
        lambda: dashboard(Scope(org.pk, None, area), start, end, TODAY, trend_from=trend_from)
    )
    print(
        f"HR dashboard, 12 months + 24-month trend, aggregated: {hr_time * 1000:,.0f} ms (best of {args.repeat})"
    )
    print(f"HR dashboard, computed live from every spell: {direct_time * 1000:,.0f} ms")
    print(f"drill-down into {area.path} (12 months + trend): {drill_time * 1000:,.0f} ms")
    same = abs(result.total.figures.rate - direct.total.figures.rate) < 1e-9  # type: ignore[attr-defined]
    print(f"aggregated = live: {same}")

    # The reference: every working day of the 12 months, one at a time, per person.
    t = time.perf_counter()
    data = _load(scope, start, end)
    absent = possible = 0.0
    for person_id, employments in data.employments.items():
        a, p = core.reference_absent_hours(
            [e for _unit, e in employments],
            data.spells.get(person_id, []),
            start,
            end,
            TODAY,
            data.leaves.get(person_id, ()),
        )
        absent, possible = absent + a, possible + p
    reference_time = time.perf_counter() - t
    reference_rate = 100 * absent / possible
    rate = result.total.figures.rate  # type: ignore[attr-defined]
    print(f"day-by-day reference: {reference_time * 1000:,.0f} ms; rate {reference_rate:.6f} %")
    print(f"dashboard total rate: {rate:.6f} % (identical: {abs(rate - reference_rate) < 1e-9})")
    print(f"reference / aggregated dashboard time ratio: {reference_time / hr_time:.1f}")
    print(f"live / aggregated dashboard time ratio: {direct_time / hr_time:.1f}")
    compare_engines(data, start, end, TODAY, core, hr_time, result.total.figures.absent_hours)  # type: ignore[attr-defined]
    print(
        f"peak resident memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB"
    )


def compare_engines(
    data: object,
    start: dt.date,
    end: dt.date,
    today: dt.date,
    core: object,
    hr_time: float,
    ours: float,
) -> None:
    """The same 12-month "absent hours by unit" aggregate in pandas (day by day) and in DuckDB
    (working-day prefix sums), on the same data, against Nærvær's aggregated dashboard. These two
    leave recorded leave out: Nærvær's total is lower by the sick hours on days of leave."""
    try:
        import duckdb
        import pandas as pd
    except ImportError:
        print("pandas/duckdb not installed: run `make bench` (uv sync --group bench) to compare")
        return
    # Segments of constant degree inside one employment and the period: the common input.
    rows = []
    for person_id, employments in data.employments.items():  # type: ignore[attr-defined]
        for spell in data.spells.get(person_id, []):  # type: ignore[attr-defined]
            last_day = min(spell.last_day or today, end)
            for i, (from_day, percent) in enumerate(spell.steps):
                step_last = (
                    spell.steps[i + 1][0] - dt.timedelta(days=1)
                    if i + 1 < len(spell.steps)
                    else last_day
                )
                for unit_id, e in employments:
                    first = max(from_day, start, e.start)
                    last = min(step_last, last_day, e.end or last_day)
                    if first <= last:
                        rows.append(
                            (unit_id, first, last, float(e.weekly_hours) / 5 * percent / 100)
                        )
    segments = pd.DataFrame(rows, columns=["unit_id", "first", "last", "hours"])
    working = pd.DataFrame(
        {"day": pd.date_range(start, end)},
    )
    working["working"] = [core.is_working_day(d.date()) for d in working["day"]]  # type: ignore[attr-defined]

    t = time.perf_counter()
    days = segments.assign(
        day=[pd.date_range(a, b) for a, b in zip(segments["first"], segments["last"], strict=True)]
    ).explode("day")
    days = days.merge(working, on="day")
    by_unit_pandas = days[days["working"]].groupby("unit_id")["hours"].sum()
    pandas_time = time.perf_counter() - t

    prefix = working.assign(cum=working["working"].cumsum())
    connection = duckdb.connect()
    connection.register("segments", segments)
    connection.register("prefix", prefix)
    query = """
        select s.unit_id, sum(s.hours * (b.cum - a.cum + case when a.working then 1 else 0 end)) as hours
        from segments s
        join prefix a on a.day = s."first"
        join prefix b on b.day = s."last"
        group by s.unit_id
    """
    connection.execute(query).fetchall()  # warm up
    t = time.perf_counter()
    by_unit_duckdb = dict(connection.execute(query).fetchall())
    duckdb_time = time.perf_counter() - t
    total_pandas = float(by_unit_pandas.sum())
    total_duckdb = float(sum(by_unit_duckdb.values()))
    print(
        f"pandas day-by-day, absent hours by unit (12 months): {pandas_time * 1000:,.0f} ms, total {total_pandas:,.1f} h"
    )
    print(
        f"DuckDB prefix sums, absent hours by unit (12 months): {duckdb_time * 1000:,.0f} ms, total {total_duckdb:,.1f} h"
    )
    print(
        f"Nærvær's dashboard total: {ours:,.1f} h (same: {abs(ours - total_duckdb) < 1e-6 * ours})"
    )
    print(
        f"pandas / Nærvær dashboard: {pandas_time / hr_time:.2f}; DuckDB / Nærvær dashboard: {duckdb_time / hr_time:.3f}"
    )


if __name__ == "__main__":
    main()
