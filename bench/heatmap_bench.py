"""Time the statistics page's heat map (``/statistics/calendar/``), in-process, on a database
that already holds benchmark data; ``--check`` also compares it with the reference computation
(``daily_absence_share`` and ``person_figures`` over every row of the scope, what the page did
before ``naervaer.statistics.daily``: tens of seconds at 50,000 employees).

    DATABASE_URL=sqlite:///$PWD/var/bench/naervaer-50k.sqlite3 \
        nice -n 19 .venv/bin/python bench/heatmap_bench.py --repeat 3
    DATABASE_URL=postgres://naervaer:naervaer@127.0.0.1:5432/naervaer_bench_50k \
        nice -n 19 .venv/bin/python bench/heatmap_bench.py --repeat 3 --check

Pages: HR's whole organisation, HR's drill-down into the largest top-level unit, the demo
manager "leder" (their own people). Only reads: the database is not changed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from naervaer.people.models import Unit

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--check", action="store_true", help="compare with the reference")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "naervaer.settings")
    os.environ.setdefault("NAERVAER_DEMO", "1")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test import Client
    from django.utils import timezone

    from naervaer.people.models import Employment, Unit, User, subtree_q

    hr = User.objects.get(username="hr")
    organisation_id = hr.organisation_id
    assert organisation_id is not None
    tops = Unit.objects.filter(organisation_id=organisation_id, parent=None)
    top = max(  # the top-level unit with the most employments in its sub-tree
        tops,
        key=lambda u: Employment.objects.filter(
            unit__in=tops.model.objects.filter(subtree_q([u.path]), organisation_id=organisation_id)
        ).count(),
        default=None,
    )
    assert top is not None
    pages = [
        ("hr", "/statistics/calendar/", None),
        ("hr", f"/statistics/calendar/?unit={top.pk}", top),
        ("leder", "/statistics/calendar/", None),
    ]
    for username, path, unit in pages:
        client = Client(SERVER_NAME="localhost")
        client.force_login(User.objects.get(username=username))
        assert client.get(path).status_code == 200  # warm
        times = []
        for _ in range(args.repeat):
            began = time.perf_counter()
            client.get(path)
            times.append(1000 * (time.perf_counter() - began))
        print(
            f"{username:6} {path:32} min {min(times):7.0f} ms  median "
            f"{statistics.median(times):7.0f} ms  ({', '.join(f'{t:.0f}' for t in times)})"
        )
        if args.check and username == "hr":
            _check(organisation_id, unit, timezone.localdate())


def _check(organisation_id: int, unit: Unit | None, today: dt.date) -> None:
    from naervaer.statistics.daily import from_rows, heat_map
    from naervaer.statistics.selectors import Scope

    end = today.replace(day=1) - dt.timedelta(days=1)
    start = dt.date(end.year - 1, end.month, 1) + dt.timedelta(days=31)
    start = start.replace(day=1)
    scope = Scope(organisation_id, None, unit)
    found = heat_map(scope, start, end, today)
    # The reference: ``daily_absence_share`` and ``person_figures`` over every row.
    reference = from_rows(scope, start, end, today, concentration=True)
    shares, top = reference.shares, reference.concentration
    assert found.shares.keys() == shares.keys(), "not the same days"
    worst = max(abs(found.shares[d] - shares[d]) for d in shares)
    assert worst < 1e-9, worst
    assert (found.concentration is None) == (top is None)
    if top is not None and found.concentration is not None:
        assert found.concentration[0] == top[0]
        assert abs(found.concentration[1] - top[1]) < 1e-9
    print(
        f"       equal to the reference: {len(shares)} days, largest difference {worst:.1e}; "
        f"top {top}"
    )


if __name__ == "__main__":
    main()
