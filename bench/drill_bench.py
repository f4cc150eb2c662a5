"""The HR dashboard and the three drill-downs of ``stats_bench.py`` over HTTP, with the server's
CPU per request: for comparing two versions of the code on one database on a shared machine.

    .venv/bin/python bench/drill_bench.py --employees 50000 --reuse var/bench/naervaer-50k.sqlite3
    DATABASE_URL=postgres://naervaer:naervaer@127.0.0.1:5432/naervaer_bench_50k \\
        .venv/bin/python bench/drill_bench.py --employees 50000
    # an earlier commit, the same way: its tree is served, this file's helpers time it
    git archive COMMIT | tar -x -C /tmp/before && ln -s "$PWD/.venv" /tmp/before/.venv
    .venv/bin/python bench/drill_bench.py --code /tmp/before --employees 50000 --reuse …

When other work shares the cores, wall-clock times of the same code vary by 2× from run to
run; the CPU time of gunicorn's workers per request (``/proc``, so Linux only) varies far less.
On SQLite it includes the database's work; on PostgreSQL it does not.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path


def server_cpu() -> float:
    """CPU seconds used so far by the workers of the gunicorn that ``load_test.served`` runs."""
    master = os.environ["NAERVAER_LOAD_TEST_SERVER_PID"]
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split():
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--code", type=Path, default=Path(__file__).resolve().parent.parent, help="tree to serve"
    )
    parser.add_argument("--repeat", type=int, default=7)
    known, _rest = parser.parse_known_args()
    code = known.code.resolve()
    # The helpers of the tree served (its ``load_test`` starts gunicorn in that tree).
    sys.path[:0] = [str(code / "bench"), str(code)]
    import dataset
    import load_test
    import stats_bench

    dataset.add_arguments(parser)
    args = parser.parse_args()
    dataset.configure(args.employees, args.reuse)
    data = dataset.prepare(args.employees, args.years, args.spell_rate)
    dataset.describe(data)

    from naervaer.people.models import Organisation

    org = Organisation.objects.get(slug="demo")
    print(f"code: {code}; load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    log = Path(tempfile.mkdtemp(prefix="naervaer-drill-")) / "server.log"
    with load_test.served(3, log, timeout=900) as (base, _token):
        hr = load_test.login(base, "hr")
        units = stats_bench._drill_units(org)
        pages = [("HR dashboard with early warning", "/statistics/")] + [
            (f"drill-down depth {depth}: {unit.path}", f"/statistics/?unit={unit.pk}")
            for depth, unit in enumerate(units, start=1)
        ]
        for _name, path in pages:  # warm: the workers' first requests, any month to build
            for _ in range(2):
                stats_bench.get(hr, base + path, 900)
        for name, path in pages:
            before = server_cpu()
            stats_bench.timed(hr, base, name, path, args.repeat)
            print(
                f"      server CPU {(server_cpu() - before) / args.repeat * 1000:,.0f} ms a request"
            )
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
