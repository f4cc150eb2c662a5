"""CPU and wall time of one page for one demo login, in-process (Django's test client), on a
database that already holds benchmark data. On SQLite the CPU includes the database's work.

    DATABASE_URL=sqlite:///$PWD/var/bench/days-50k.sqlite3 \
        .venv/bin/python bench/page_cpu.py chef /statistics/ --repeat 5
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("user", help="demo login: hr, amo, chef, leder …")
    parser.add_argument("path", help="the page, e.g. /statistics/")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "naervaer.settings")
    os.environ.setdefault("NAERVAER_DEMO", "1")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test import Client

    from naervaer.people.models import User

    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(username=args.user))
    client.get(args.path)  # warm: months built, caches filled
    cpu: list[float] = []
    wall: list[float] = []
    for _ in range(args.repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        status = client.get(args.path).status_code
        assert status == 200, status
        cpu.append(time.process_time() - cpu_started)
        wall.append(time.perf_counter() - started)
    print(
        f"{args.user} {args.path}: CPU min {min(cpu) * 1000:,.0f} ms, median "
        f"{statistics.median(cpu) * 1000:,.0f} ms; wall min {min(wall) * 1000:,.0f} ms, median "
        f"{statistics.median(wall) * 1000:,.0f} ms ({args.repeat} requests, load "
        f"{os.getloadavg()[0]:.1f})"
    )


if __name__ == "__main__":
    main()
