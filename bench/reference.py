"""The 12-month absent-hours-by-unit aggregate, computed outside Nærvær: DuckDB and pandas.

Both read a dump of the database's own tables made by SQL (``dump_tables``), never Nærvær's
Python objects, and implement the definition below on their own. The benchmark asserts that
they equal Nærvær's figures per unit, so a change of definition in Nærvær (say, leave or
holidays taken out of the agreed hours) shows up here as a failed comparison: update
``DEFINITION`` and the two implementations together.
"""

from __future__ import annotations

import csv
import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path

# Nærvær's definition (naervaer/rules/statistics.py, after Danmarks Statistik), as implemented
# by both reference computations:
DEFINITION = """\
- a working day is Monday to Friday except Danish public holidays (naervaer.rules.calendar);
- a person's agreed hours on a working day are their employment's weekly hours / 5, so a
  part-timer counts by their hours; only days inside both the period and the employment count;
- possible hours of a unit: the agreed hours of every working day of its employments;
- absent hours: for every working day inside the period, the employment, the spell (an
  ongoing spell runs to today) and one of its degree steps (a step runs to the day before the
  next), the day's agreed hours times the step's percent / 100 (partial absence by degree),
  counted in the unit of the employment;
- a day on leave is not a sick day: for every recorded leave (holiday, feriefridage,
  omsorgsdage) over such a day with leave percent + step percent above 100, the excess
  (leave % + step % - 100) of the day's agreed hours is taken off the absent hours;
- nothing else is subtracted (no holidays beyond the public ones)."""

TOLERANCE = 1e-9  # relative, per unit: float sums in another order, nothing more


@dataclass
class Tables:
    """CSV files of the tables the aggregate needs, for one organisation."""

    units: Path
    employments: Path
    spells: Path
    degrees: Path
    leaves: Path
    dump_seconds: float


def dump_tables(organisation_id: int, folder: Path) -> Tables:
    """Write the organisation's units, employments, spells and degree steps as CSV, by SQL."""
    from django.db import connection

    from naervaer.absence.models import LEAVE_KINDS, AbsenceDegree, AbsenceSpell, TimeOff
    from naervaer.people.models import Employment, Person, Unit

    unit, person = Unit._meta.db_table, Person._meta.db_table
    employment, spell = Employment._meta.db_table, AbsenceSpell._meta.db_table
    degree, time_off = AbsenceDegree._meta.db_table, TimeOff._meta.db_table
    leave_kinds = ", ".join(f"'{kind}'" for kind in sorted(LEAVE_KINDS))  # the model's choices
    # Table names come from the models, the organisation is a parameter: nothing from outside.
    queries = {
        "units": f"select id, path from {unit} where organisation_id = %s",
        "employments": (
            f'select e.person_id, e.unit_id, e.start, e."end", e.weekly_hours from {employment} e '
            f"join {person} p on p.id = e.person_id where p.organisation_id = %s"
        ),
        "spells": (
            f"select s.id, s.person_id, s.first_day, s.last_day from {spell} s "
            f"join {person} p on p.id = s.person_id where p.organisation_id = %s"
        ),
        "degrees": (
            f"select d.spell_id, d.from_day, d.percent from {degree} d "
            f"join {spell} s on s.id = d.spell_id join {person} p on p.id = s.person_id "
            f"where p.organisation_id = %s"
        ),
        "leaves": (
            f"select t.person_id, t.first_day, t.last_day, t.percent from {time_off} t "
            f"join {person} p on p.id = t.person_id "
            f"where p.organisation_id = %s and t.kind in ({leave_kinds})"
        ),
    }
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    paths = {}
    for name, query in queries.items():
        path = folder / f"{name}.csv"
        with connection.cursor() as cursor, open(path, "w", newline="") as out:
            if connection.vendor == "postgresql":
                copy = f"copy ({query.replace('%s', str(int(organisation_id)))}) to stdout with csv header"
                with cursor.cursor.copy(copy) as stream:
                    for chunk in stream:
                        out.write(bytes(chunk).decode())
            else:
                cursor.execute(query, [organisation_id])
                writer = csv.writer(out)
                writer.writerow([c[0] for c in cursor.description])
                while rows := cursor.fetchmany(50_000):
                    writer.writerows(rows)
        paths[name] = path
    return Tables(**paths, dump_seconds=time.perf_counter() - started)


def working_days(start: dt.date, end: dt.date) -> list[tuple[dt.date, bool]]:
    from naervaer.rules.calendar import is_working_day

    n = (end - start).days + 1
    return [(d, is_working_day(d)) for d in (start + dt.timedelta(days=i) for i in range(n))]


@dataclass
class Result:
    absent: dict[int, float]  # unit id -> absent hours
    possible: dict[int, float]  # unit id -> agreed hours
    seconds: float  # the computation, tables already loaded
    load_seconds: float  # reading the dump
    cpu_seconds: float  # the computation's CPU time, every thread of this process


def duckdb_by_unit(tables: Tables, start: dt.date, end: dt.date, today: dt.date) -> Result:
    import duckdb

    db = duckdb.connect()
    started = time.perf_counter()
    for name in ("units", "employments", "spells", "degrees", "leaves"):
        path = getattr(tables, name)
        db.execute(f"create table {name} as select * from read_csv('{path}', header = true)")
    db.execute("create table calendar (day date, working integer)")
    db.executemany(
        "insert into calendar values (?, ?)", [(d, int(w)) for d, w in working_days(start, end)]
    )
    load = time.perf_counter() - started
    # cum = working days from the period's start up to and including the day.
    query = """
        with prefix as (
            select day, working, sum(working) over (order by day) as cum from calendar
        ),
        period_spells as (  -- the spells that reach into the period: the others count nothing
            select id, person_id, first_day, coalesce(last_day, $today) as last_day from spells
            where first_day <= $end and coalesce(last_day, $today) >= $start
        ),
        period_degrees as (
            select d.* from degrees d semi join period_spells s on s.id = d.spell_id
        ),
        steps as (
            select d.spell_id, d.from_day, d.percent,
                   lead(d.from_day) over (partition by d.spell_id order by d.from_day) as next_from
            from period_degrees d
            union all  -- a spell without degree rows is absent 100 % (as Nærvær reads it)
            select s.id, s.first_day, 100, null from period_spells s
            anti join period_degrees d on d.spell_id = s.id
        ),
        segments as (
            select s.person_id, st.percent, st.from_day as first_day,
                   least(coalesce(st.next_from - 1, s.last_day), s.last_day) as last_day
            from steps st join period_spells s on s.id = st.spell_id
        ),
        period_leaves as (
            select * from leaves where first_day <= $end and last_day >= $start
        ),
        spans as (
            select e.unit_id, e.weekly_hours::double / 5 as per_day,
                   greatest(e.start, $start) as first_day,
                   least(coalesce(e."end", $end), $end) as last_day
            from employments e
        ),
        pieces as materialized (  -- each segment within each employment and the period
            select e.unit_id, e.weekly_hours::double / 5 as per_day, g.person_id, g.percent,
                   greatest(g.first_day, e.start, $start) as first_day,
                   least(g.last_day, coalesce(e."end", $end), $end) as last_day
            from segments g join employments e on e.person_id = g.person_id
            where greatest(g.first_day, e.start, $start)
                  <= least(g.last_day, coalesce(e."end", $end), $end)
        ),
        absent as (
            select p.unit_id,
                   sum(p.per_day * p.percent / 100 * (b.cum - a.cum + a.working)) as hours
            from pieces p join prefix a on a.day = p.first_day join prefix b on b.day = p.last_day
            group by p.unit_id
        ),
        on_leave as (
            select p.unit_id,
                   sum(p.per_day * (p.percent + v.percent - 100) / 100
                       * (b.cum - a.cum + a.working)) as hours
            from pieces p join period_leaves v on v.person_id = p.person_id
                 and p.percent + v.percent > 100
                 and v.first_day <= p.last_day and v.last_day >= p.first_day
            join prefix a on a.day = greatest(p.first_day, v.first_day)
            join prefix b on b.day = least(p.last_day, v.last_day)
            group by p.unit_id
        ),
        possible as (
            select p.unit_id, sum(p.per_day * (b.cum - a.cum + a.working)) as hours
            from spans p join prefix a on a.day = p.first_day join prefix b on b.day = p.last_day
            where p.first_day <= p.last_day
            group by p.unit_id
        )
        select coalesce(p.unit_id, a.unit_id),
               coalesce(a.hours, 0) - coalesce(v.hours, 0), coalesce(p.hours, 0)
        from possible p full join absent a on a.unit_id = p.unit_id
        left join on_leave v on v.unit_id = coalesce(p.unit_id, a.unit_id)
    """
    params = {"start": start, "end": end, "today": today}
    db.execute(query, params).fetchall()  # warm up
    started, cpu = time.perf_counter(), time.process_time()
    rows = db.execute(query, params).fetchall()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return Result(
        {u: float(a) for u, a, _p in rows}, {u: float(p) for u, _a, p in rows}, seconds, load, cpu
    )


def pandas_by_unit(tables: Tables, start: dt.date, end: dt.date, today: dt.date) -> Result:
    """The same, vectorised: day indices into a prefix sum of working days, no row loops."""
    import numpy as np
    import pandas as pd

    started = time.perf_counter()
    dates = ["start", "end", "first_day", "last_day", "from_day"]

    def read(path: Path) -> pd.DataFrame:
        frame = pd.read_csv(path)
        for column in frame.columns.intersection(dates):
            frame[column] = pd.to_datetime(frame[column])
        return frame

    employments, spells, degrees, leaves = (
        read(tables.employments),
        read(tables.spells),
        read(tables.degrees),
        read(tables.leaves),
    )
    load = time.perf_counter() - started

    started, cpu = time.perf_counter(), time.process_time()
    # The spells that reach into the period, and their steps: the others count nothing.
    spells = spells[
        (spells["first_day"] <= pd.Timestamp(end))
        & (spells["last_day"].fillna(pd.Timestamp(today)) >= pd.Timestamp(start))
    ]
    degrees = degrees[degrees["spell_id"].isin(spells["id"])]

    calendar = working_days(start, end)
    working = np.array([w for _d, w in calendar], dtype=np.int64)
    cum = np.concatenate([[0], np.cumsum(working)])  # cum[i] = working days before day i
    origin, n = pd.Timestamp(start), len(calendar)

    def index(column: pd.Series) -> np.ndarray:
        return np.asarray((column - origin).dt.days.to_numpy())  # pandas is untyped here

    has_degree = spells["id"].isin(degrees["spell_id"])
    steps = pd.concat(
        [
            degrees.sort_values(["spell_id", "from_day"]),
            pd.DataFrame(
                {
                    "spell_id": spells.loc[~has_degree, "id"],
                    "from_day": spells.loc[~has_degree, "first_day"],
                    "percent": 100,
                }
            ),
        ]
    ).sort_values(["spell_id", "from_day"])
    steps["next_from"] = steps.groupby("spell_id")["from_day"].shift(-1)
    segments = steps.merge(spells, left_on="spell_id", right_on="id")
    spell_last = segments["last_day"].fillna(pd.Timestamp(today))
    segments["seg_last"] = (segments["next_from"] - pd.Timedelta(days=1)).fillna(spell_last)
    segments["seg_last"] = segments[["seg_last"]].assign(s=spell_last).min(axis=1)
    joined = segments[["person_id", "percent", "from_day", "seg_last"]].merge(
        employments, on="person_id"
    )
    employment_last = index(joined["end"].fillna(pd.Timestamp(end)))
    first = np.maximum.reduce(
        [index(joined["from_day"]), index(joined["start"]), np.zeros(len(joined), np.int64)]
    )
    last = np.minimum.reduce(
        [index(joined["seg_last"]), employment_last, np.full(len(joined), n - 1)]
    )
    keep = first <= last
    count = cum[last[keep] + 1] - cum[first[keep]]
    hours = joined["weekly_hours"].to_numpy()[keep] / 5 * joined["percent"].to_numpy()[keep] / 100
    absent = pd.Series(hours * count).groupby(joined["unit_id"].to_numpy()[keep]).sum()

    # Leave over a sick day: the excess over 100 % off the absent hours, leave by leave (only
    # the segments and leave inside the period: the pairs of a person's are many).
    in_period = leaves[(leaves["last_day"] >= origin) & (leaves["first_day"] <= pd.Timestamp(end))]
    covered = joined[keep].merge(
        in_period.rename(
            columns={
                "first_day": "first_day_leave",
                "last_day": "last_day_leave",
                "percent": "percent_leave",
            }
        ),
        on="person_id",
    )
    covered = covered[covered["percent"] + covered["percent_leave"] > 100]
    c_first = np.maximum.reduce(
        [
            index(covered["from_day"]),
            index(covered["start"]),
            index(covered["first_day_leave"]),
            np.zeros(len(covered), np.int64),
        ]
    )
    c_last = np.minimum.reduce(
        [
            index(covered["seg_last"]),
            index(covered["end"].fillna(pd.Timestamp(end))),
            index(covered["last_day_leave"]),
            np.full(len(covered), n - 1),
        ]
    )
    c_keep = c_first <= c_last
    c_count = cum[c_last[c_keep] + 1] - cum[c_first[c_keep]]
    excess = (
        covered["weekly_hours"].to_numpy()[c_keep]
        / 5
        * (
            covered["percent"].to_numpy()[c_keep]
            + covered["percent_leave"].to_numpy()[c_keep]
            - 100
        )
        / 100
    )
    on_leave = pd.Series(excess * c_count).groupby(covered["unit_id"].to_numpy()[c_keep]).sum()
    absent = absent.sub(on_leave, fill_value=0.0)

    e_first = np.maximum(index(employments["start"]), 0)
    e_last = np.minimum(index(employments["end"].fillna(pd.Timestamp(end))), n - 1)
    e_keep = e_first <= e_last
    e_count = cum[e_last[e_keep] + 1] - cum[e_first[e_keep]]
    possible = (
        pd.Series(employments["weekly_hours"].to_numpy()[e_keep] / 5 * e_count)
        .groupby(employments["unit_id"].to_numpy()[e_keep])
        .sum()
    )
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return Result(
        {int(k): float(v) for k, v in absent.items()},
        {int(k): float(v) for k, v in possible.items()},
        seconds,
        load,
        cpu,
    )


def differences(
    ours: dict[str, float], theirs: dict[str, float], tolerance: float = TOLERANCE
) -> list[str]:
    """Every key (a unit's path) whose figures differ by more than ``tolerance`` (relative),
    described."""
    problems = []
    for key in sorted(set(ours) | set(theirs)):
        a, b = ours.get(key, 0.0), theirs.get(key, 0.0)
        if abs(a - b) > tolerance * max(abs(a), abs(b), 1.0):
            problems.append(f"{key}: Nærvær {a:,.4f} h, reference {b:,.4f} h")
    return problems
