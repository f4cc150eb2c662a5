"""Time and count the queries of the manager's and HR's pages, in-process, on the benchmark data.

    .venv/bin/python bench/page_profile.py --employees 20000
    DATABASE_URL=postgres://naervaer:naervaer@127.0.0.1:5432/naervaer_bench_20k \
        .venv/bin/python bench/page_profile.py --employees 20000 --explain

Uses the data set of ``bench/dataset.py`` (built when missing) and Django's test client (no
HTTP: ``bench/load_test.py`` measures the server). For each page of ``--user`` (the demo
manager "leder" by default; "hr" for HR's pages) it prints the median time of ``--repeat``
requests, the number of SQL queries and the slowest of them; ``--explain`` adds the query plan
of each page's slowest query. What it is for: finding which query of which page grows with the
organisation, before and after a change.

    .venv/bin/python bench/page_profile.py --employees 5000 --cprofile --repeat 20

``--cprofile`` measures where a warm request's CPU goes instead: for each page (the manager's
pages, their reminders feed and the API's absence list) the median CPU time of ``--repeat``
requests (``time.process_time`` of this process: Django, the middleware, the templates and, on
SQLite, the database's own work; PostgreSQL's is not counted), then the ``--top`` functions by
cumulative and by own time over another ``--repeat`` requests run under ``cProfile``.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from dataset import add_arguments, configure, describe, prepare

ROOT = Path(__file__).resolve().parent.parent
STDLIB = "/lib/python{}.{}/".format(*sys.version_info[:2])


@dataclass
class PageProfile:
    path: str
    status: int
    median_ms: float
    queries: int
    slowest: list[tuple[float, str]]


def manager_pages(username: str) -> list[str]:
    """The pages a manager (or HR) works in, with a person and a case of their own scope."""
    from naervaer.access import cases_visible_to, people_managed_by, viewer_for
    from naervaer.people.models import User

    viewer = viewer_for(User.objects.get(username=username))
    people = people_managed_by(viewer)
    pages = ["/", "/absent/", "/people/", "/follow-up/", "/statistics/", "/me/calendar/"]
    person = people.order_by("pk").values_list("pk", flat=True).first()
    if person is not None:
        pages.append(f"/people/{person}/")
    case = cases_visible_to(viewer).order_by("-first_day").values_list("pk", flat=True).first()
    if case is not None:
        pages.append(f"/cases/{case}/")
    return pages


def profile(path: str, username: str, repeat: int) -> PageProfile:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from naervaer.people.models import User

    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(username=username))
    client.get(path)  # warm: caches, the aggregates of a first statistics request
    times = []
    status = 0
    with CaptureQueriesContext(connection) as captured:
        for _ in range(repeat):
            started = time.perf_counter()
            status = client.get(path).status_code
            times.append((time.perf_counter() - started) * 1000)
    one_request = captured.captured_queries[: len(captured.captured_queries) // repeat]
    slowest = sorted(((float(q["time"]) * 1000, q["sql"]) for q in one_request), reverse=True)
    return PageProfile(path, status, statistics.median(times), len(one_request), slowest[:3])


@dataclass
class CpuProfile:
    path: str
    status: int
    cpu_ms: list[float]
    stats: pstats.Stats


@contextmanager
def api_token() -> Iterator[str]:
    """A bearer token of the demo employer's HR integration, deleted afterwards."""
    from naervaer.api.models import ApiToken
    from naervaer.people.models import Organisation

    row, token = ApiToken.issue(Organisation.objects.get(slug="demo"), "page profile", "hr")
    try:
        yield token
    finally:
        row.delete()


def cpu_pages(username: str, token: str) -> list[tuple[str, dict[str, str]]]:
    """The manager's pages as the load test asks for them: with the reminders feed and the API."""
    from naervaer.followup.calendar_feed import feed_for
    from naervaer.people.models import User

    feed = feed_for(User.objects.get(username=username)).token
    pages = [p for p in manager_pages(username) if p not in ("/statistics/", "/me/calendar/")]
    return [
        *((p, {}) for p in pages),
        (f"/calendar/{feed}.ics", {}),
        ("/api/v1/absences?limit=50", {"Authorization": f"Bearer {token}"}),
    ]


def cpu_profile(path: str, headers: dict[str, str], username: str, repeat: int) -> CpuProfile:
    """CPU time of ``repeat`` warm requests, then a profile of ``repeat`` more."""
    from django.test import Client

    from naervaer.people.models import User

    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(username=username))
    for _ in range(2):  # warm: imports, template loading, the first statistics
        client.get(path, headers=headers)
    cpu_ms = []
    status = 0
    for _ in range(repeat):
        started = time.process_time()
        status = client.get(path, headers=headers).status_code
        cpu_ms.append((time.process_time() - started) * 1000)
    profiler = cProfile.Profile()
    for _ in range(repeat):
        profiler.enable()
        client.get(path, headers=headers)
        profiler.disable()
    return CpuProfile(path, status, cpu_ms, pstats.Stats(profiler))


def print_stats(stats: pstats.Stats, sort: str, top: int, repeat: int) -> None:
    """The ``top`` functions by ``sort``, their times per request (ms) and calls per request."""
    # Stats' table and its sorted order are not in typeshed: read from the instance.
    table = vars(stats.sort_stats(sort))
    print(f"  by {sort} time   own ms   cum ms  calls  (per request)")
    for func in table["fcn_list"][:top]:
        _primitive, calls, own, cum, _callers = table["stats"][func]
        filename, line, name = func
        where = f"{filename}:{line}({name})".replace(str(ROOT) + "/", "")
        where = where.split("site-packages/")[-1].split(STDLIB)[-1]
        print(
            f"  {own * 1000 / repeat:20.2f} {cum * 1000 / repeat:8.2f} "
            f"{calls / repeat:6.0f}  {where[:110]}"
        )


def explain(sql: str) -> str:
    from django.db import connection

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ANALYZE "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql)
        return "\n".join("      " + " ".join(str(c) for c in row) for row in cursor.fetchall())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    parser.add_argument("--user", default="leder", help="demo login: leder, chef, hr")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--explain", action="store_true", help="plan of each page's slowest query")
    parser.add_argument("--sql", type=int, default=300, help="characters of SQL shown")
    parser.add_argument("--page", action="append", help="only these pages (repeatable)")
    parser.add_argument(
        "--cprofile", action="store_true", help="CPU time a request, and where it goes"
    )
    parser.add_argument("--top", type=int, default=25, help="functions shown with --cprofile")
    parser.add_argument(
        "--cprofile-dir", type=Path, help="also save each page's profile here (pstats files)"
    )
    args = parser.parse_args()
    configure(args.employees, args.reuse)
    describe(prepare(args.employees, args.years, args.spell_rate, args.follow_up))
    if args.cprofile:
        main_cprofile(args)
        return
    for path in args.page or manager_pages(args.user):
        page = profile(path, args.user, args.repeat)
        print(
            f"{args.user} {page.path:<24} HTTP {page.status}  {page.median_ms:8,.1f} ms  "
            f"{page.queries:3} queries"
        )
        for ms, sql in page.slowest:
            print(f"    {ms:8.1f} ms  {sql[: args.sql]}")
        if args.explain and page.slowest:
            print(explain(page.slowest[0][1]))


def main_cprofile(args: argparse.Namespace) -> None:
    import logging
    import os

    logging.getLogger("axes").setLevel(logging.WARNING)  # a line for each force_login
    print(f"load average {' / '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with api_token() as token:
        pages = [(p, {}) for p in args.page] if args.page else cpu_pages(args.user, token)
        results = [cpu_profile(p, h, args.user, args.repeat) for p, h in pages]
    for page in results:
        print(
            f"\n{args.user} {page.path[:40]:<40} HTTP {page.status}  CPU a request: median "
            f"{statistics.median(page.cpu_ms):6.1f} ms, min {min(page.cpu_ms):6.1f} ms "
            f"({args.repeat} warm requests)"
        )
        for sort in ("cumulative", "tottime"):
            print_stats(page.stats, sort, args.top, args.repeat)
        if args.cprofile_dir:
            args.cprofile_dir.mkdir(parents=True, exist_ok=True)
            name = page.path.strip("/").replace("/", "_").split("?")[0][:30] or "front"
            page.stats.dump_stats(args.cprofile_dir / f"{name}.prof")
    print("\nCPU ms a request, median (min):")
    for page in results:
        print(
            f"  {page.path[:40]:<40} {statistics.median(page.cpu_ms):6.1f} ({min(page.cpu_ms):.1f})"
        )
    print(f"load average {' / '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
