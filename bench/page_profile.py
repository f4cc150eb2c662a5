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
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from dataset import add_arguments, configure, describe, prepare

ROOT = Path(__file__).resolve().parent.parent


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
    args = parser.parse_args()
    configure(args.employees, args.reuse)
    describe(prepare(args.employees, args.years, args.spell_rate, args.follow_up))
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


if __name__ == "__main__":
    main()
