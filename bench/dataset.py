"""The benchmark's data set: a large demo employer in its own database, built once and reused.

    .venv/bin/python bench/dataset.py --employees 50000 --years 5 --spell-rate 8.6 \
        --reuse var/bench/naervaer-50k.sqlite3
    DATABASE_URL=postgres://naervaer:naervaer@127.0.0.1:5432/naervaer_bench_50k \
        .venv/bin/python bench/dataset.py --employees 50000

The organisation is built by ``naervaer.demo.generator.build_demo`` (slug ``demo``, with the
demo logins, without the follow-up history, which at 1.5 million spells would dominate the build)
into the SQLite file ``--reuse`` names, or into the PostgreSQL database of ``DATABASE_URL``
(created when missing). A database that already holds the demo employer at the asked size is
used as it is (whatever spell rate built it): generating is the expensive part, and is paid
once. Delete the file, or drop the database, to build again.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Spells drawn per employee-year (before the generator drops those overlapping a running one):
# 50,000 people over five years get 1,418,179 spells, ~5.7 a year each. Danish employees have
# ~1.5: the data is heavier than a real employer of that size, on purpose (issue 14).
SPELL_RATE = 8.6


@dataclass
class Dataset:
    database_url: str
    vendor: str
    employees: int
    units: int
    spells: int
    built_seconds: float | None  # None when an existing database was reused


def configure(employees: int, reuse: Path | None) -> str:
    """Point Django at the benchmark's database (before ``django.setup``) and return its URL."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        path = (
            reuse or ROOT / "var" / "bench" / f"naervaer-{employees // 1000}k.sqlite3"
        ).resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{path}"
    elif url.startswith("postgres"):
        _create_postgres_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "naervaer.settings")
    os.environ["NAERVAER_DEMO"] = "1"  # demo logins without two-factor, as `make demo`
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return url


def _create_postgres_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1].split("?")[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute(
            "select 1 from pg_database where datname = %s", [name]
        ).fetchone():
            connection.execute(sql.SQL("create database {}").format(sql.Identifier(name)))


def prepare(employees: int, years: int, spell_rate: float, follow_up: float = 0.0) -> Dataset:
    """Migrate, and build the demo employer unless the database already holds it at this size.

    Its ``today`` is the server's, so the pages and the reference computations agree on it.
    With ``follow_up`` (a share, 0–1), the follow-up (cases, obligations, the past work done) of
    that share of the people, drawn at random, is added once, as ``naervaer demo`` has it: the
    manager's pages read it. (All 20,000 people's took over 20 minutes on the loaded machine.)"""
    import django

    django.setup()
    from django.utils import timezone

    today = timezone.localdate()
    from django.core.management import call_command
    from django.db import connection

    from naervaer.absence.models import AbsenceSpell
    from naervaer.demo.generator import _follow_up as add_follow_up
    from naervaer.demo.generator import build_demo
    from naervaer.followup.models import Case
    from naervaer.people.models import Organisation, Person, Unit

    call_command("migrate", verbosity=0)
    org = Organisation.objects.filter(slug="demo").first()
    built: float | None = None
    if org is None or Person.objects.filter(organisation=org).count() != employees:
        started = time.perf_counter()
        build_demo(
            "demo",
            employees=employees,
            years=years,
            today=today,
            with_logins=True,
            with_follow_up=False,
            spells_per_year=spell_rate,
        )
        built = time.perf_counter() - started
        org = Organisation.objects.get(slug="demo")
    if follow_up and not Case.objects.filter(person__organisation=org).exists():
        started = time.perf_counter()
        rng = random.Random(2026)
        people = list(Person.objects.filter(organisation=org).values_list("pk", flat=True))
        people = sorted(rng.sample(people, round(len(people) * follow_up)))
        add_follow_up(rng, people, today)
        print(f"follow-up of {len(people):,} people added in {time.perf_counter() - started:.0f} s")
    return Dataset(
        database_url=os.environ["DATABASE_URL"],
        vendor=connection.vendor,
        employees=Person.objects.filter(organisation=org).count(),
        units=Unit.objects.filter(organisation=org).count(),
        spells=AbsenceSpell.objects.filter(person__organisation=org).count(),
        built_seconds=built,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    args = parser.parse_args()
    configure(args.employees, args.reuse)
    data = prepare(args.employees, args.years, args.spell_rate, args.follow_up)
    describe(data)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--employees", type=int, default=50_000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument(
        "--spell-rate", type=float, default=SPELL_RATE, help="spells per employee-year"
    )
    parser.add_argument(
        "--reuse",
        type=Path,
        help="SQLite file to build once and reuse (default var/bench/naervaer-<N>k.sqlite3)",
    )
    parser.add_argument(
        "--follow-up",
        type=float,
        default=0.0,
        metavar="SHARE",
        help="add the follow-up cases and obligations of this share of the people (once)",
    )


def describe(data: Dataset) -> None:
    how = (
        f"built in {data.built_seconds:.0f} s ({data.spells / data.built_seconds:,.0f} spells/s)"
        if data.built_seconds
        else "reused"
    )
    print(
        f"{data.vendor}: {data.employees:,} employees, {data.units:,} units, "
        f"{data.spells:,} spells, {how}"
    )


if __name__ == "__main__":
    main()
