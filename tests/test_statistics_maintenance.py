"""The stored monthly figures are kept up to date in the transaction of every kind of change,
touching only the people, units and months the change concerns, and always equal what a full
rebuild stores and what the plain day-by-day computation gives (TODAY is 18 November 2026)."""

from __future__ import annotations

import datetime as dt
import importlib
from collections import defaultdict
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.db import connection, transaction
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from naervaer.absence import signals
from naervaer.absence.models import AbsenceSpell, TimeOffKind
from naervaer.absence.services import correct_spell, delete_spell, register_sick
from naervaer.absence.time_off import register_time_off
from naervaer.demo.generator import build_demo
from naervaer.importexport.importers import import_absences, import_employees
from naervaer.importexport.tabular import read_table
from naervaer.people.models import UNIT_SEPARATOR, Employment, Organisation, Person, Unit
from naervaer.people.unit_admin import change_unit
from naervaer.rules import statistics as core
from naervaer.statistics import aggregates, selectors
from naervaer.statistics.models import (
    BuiltMonth,
    OngoingDay,
    OngoingMonth,
    PersonDay,
    PersonMonth,
    PersonMonthAbsence,
    SubtreeDay,
    SubtreeMonth,
    SubtreeMonthAbsence,
    SubtreePeriod,
    SubtreePeriodAbsence,
    UnitDay,
    UnitMonth,
    UnitMonthAbsence,
)
from naervaer.statistics.selectors import (
    EVERY_BAND,
    Scope,
    _rising_live,
    dashboard,
    rising_short_absence,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
TODAY = dt.date(2026, 11, 18)
PERIOD = (dt.date(2025, 11, 1), dt.date(2026, 10, 31))
TREND_FROM = dt.date(2024, 11, 1)
YEAR_BEFORE = (dt.date(2024, 11, 1), dt.date(2025, 10, 31))
Stored = dict[str, list[tuple[object, ...]]]


@pytest.fixture
def org() -> Organisation:
    org = build_demo(
        "maint", employees=60, years=2, today=TODAY, with_logins=False, with_follow_up=False
    ).organisation
    aggregates.ensure_built(org.pk, core.months(dt.date(2024, 11, 1), PERIOD[1]))
    # The year and the year before, as a dashboard and its early warning store them.
    for period in (PERIOD, YEAR_BEFORE):
        assert aggregates.ensure_period(org.pk, *period)
    return org


def stored(org: Organisation) -> Stored:
    """Every stored figure of the organisation, rounded where floats are summed."""

    def rows(
        model: type[
            UnitMonth
            | UnitMonthAbsence
            | PersonMonth
            | PersonMonthAbsence
            | SubtreeMonth
            | SubtreeMonthAbsence
            | OngoingMonth
            | PersonDay
            | UnitDay
            | SubtreeDay
            | OngoingDay
            | SubtreePeriod
            | SubtreePeriodAbsence
        ],
        fields: tuple[str, ...],
    ) -> list[tuple[object, ...]]:
        return sorted(
            tuple(round(v, 6) if isinstance(v, float) else v for v in row)
            for row in model.objects.filter(unit__organisation=org).values_list(*fields)
        )

    absence = (
        "unit_id", "month", "kind", "band", "absent_hours", "spells", "short_spells",
        "spell_days", *UnitMonthAbsence.WEEKDAY_FIELDS,
    )  # fmt: skip
    base = (
        "unit_id", "month", "possible_hours", "leave_hours", "employee_days",
        "opening_possible", "opening_absent",
    )  # fmt: skip
    day = ("unit_id", "month", "day", "possible", "absent")
    ongoing = ("spell_id", "person_id", "unit_id", "month")
    return {
        "units": rows(UnitMonth, (*base, "people")),
        "unit absence": rows(UnitMonthAbsence, absence),
        "people": rows(PersonMonth, ("person_id", *base, "shared")),
        "people absence": rows(PersonMonthAbsence, ("person_id", *absence)),
        "sub-trees": rows(SubtreeMonth, (*base, "people")),
        "sub-tree absence": rows(SubtreeMonthAbsence, absence),
        "ongoing": rows(
            OngoingMonth, (*ongoing, "kind", "first_day", "absent_hours", "opening_absent")
        ),
        "unit days": rows(UnitDay, day),
        "people days": rows(PersonDay, ("person_id", *day)),
        "sub-tree days": rows(SubtreeDay, day),
        "ongoing days": rows(OngoingDay, (*ongoing, "day", "absent")),
        "periods": rows(
            SubtreePeriod,
            ("unit_id", "first", "last", "possible_hours", "leave_hours", "employee_days"),
        ),
        "period absence": rows(
            SubtreePeriodAbsence,
            (
                "unit_id",
                "first",
                "last",
                "band",
                "absent_hours",
                "spells",
                "short_spells",
                "spell_days",
            ),
        ),
    }


def rebuilt(org: Organisation) -> Stored:
    """What a full rebuild of the same months stores (rolled back afterwards)."""
    months = [
        aggregates.month_of(m)
        for m in BuiltMonth.objects.filter(organisation=org).values_list("month", flat=True)
    ]
    with transaction.atomic():
        for model in (
            UnitMonth, UnitMonthAbsence, SubtreeMonth, SubtreeMonthAbsence, UnitDay, SubtreeDay,
            SubtreePeriod, SubtreePeriodAbsence,
        ):  # fmt: skip
            model.objects.filter(unit__organisation=org).delete()
        aggregates.build_months(org.pk, months)
        result = stored(org)
        transaction.set_rollback(True)
    return result


def reference_by_area(org: Organisation) -> dict[str, tuple[float, float]]:
    """(absent, possible hours) of the headline causes per top-level area over PERIOD, day by
    day (``core.reference_absent_hours``), from the raw rows."""
    from naervaer.statistics.aggregates import time_off

    leaves, _other = time_off(org.pk, *PERIOD)
    spells: dict[int, list[core.Spell]] = defaultdict(list)
    for spell in AbsenceSpell.objects.filter(person__organisation=org).prefetch_related("degrees"):
        if core.in_headline(spell.kind):
            steps = tuple((d.from_day, d.percent) for d in spell.degrees.order_by("from_day"))
            spells[spell.person_id].append(
                core.Spell(spell.first_day, spell.last_day, steps, spell.kind)
            )
    result: dict[str, tuple[float, float]] = defaultdict(lambda: (0.0, 0.0))
    for e in Employment.objects.filter(person__organisation=org).select_related("unit"):
        area = e.unit.path.split(UNIT_SEPARATOR)[0]
        absent, possible = core.reference_absent_hours(
            [core.Employment(e.start, e.end, e.weekly_hours)],
            spells[e.person_id],
            *PERIOD,
            TODAY,
            leaves.get(e.person_id, ()),
        )
        before = result[area]
        result[area] = (before[0] + absent, before[1] + possible)
    return result


def check(org: Organisation) -> None:
    """Stored figures equal a rebuild's; the dashboard (stored months plus ongoing absence)
    equals the live computation and, per area, the day-by-day reference."""
    assert stored(org) == rebuilt(org)
    board = dashboard(Scope(org.pk), *PERIOD, TODAY, trend_from=TREND_FROM)
    live = dashboard(Scope(org.pk), *PERIOD, TODAY, trend_from=TREND_FROM, method="direct")
    assert [m.figures.people for m in board.months] == [m.figures.people for m in live.months]
    reference = reference_by_area(org)
    for group, same in zip(board.units, live.units, strict=True):
        f, g = group.figures, same.figures
        assert group.key == same.key
        assert (f.people, f.spells, f.short_spells) == (g.people, g.spells, g.short_spells)
        assert f.absent_hours == pytest.approx(g.absent_hours, rel=1e-9)
        absent, possible = reference[group.key]
        assert f.absent_hours == pytest.approx(absent, rel=1e-9, abs=1e-6)
        assert f.possible_hours == pytest.approx(possible, rel=1e-9, abs=1e-6)
    assert board.total.figures.people == live.total.figures.people
    # A drill-down into each area (its sub-tree rows) equals its live computation too.
    for area in Unit.objects.filter(organisation=org, parent=None):
        scope = Scope(org.pk, None, area)
        board = dashboard(scope, *PERIOD, TODAY, trend_from=TREND_FROM)
        live = dashboard(scope, *PERIOD, TODAY, trend_from=TREND_FROM, method="direct")
        for a, b in zip(
            (board.total, *board.units, *board.months),
            (live.total, *live.units, *live.months),
            strict=True,
        ):
            f, g = a.figures, b.figures
            assert (a.key, f.people, f.spells, f.short_spells) == (
                b.key, g.people, g.spells, g.short_spells,
            )  # fmt: skip
            assert f.absent_hours == pytest.approx(g.absent_hours, rel=1e-9, abs=1e-9)
            assert f.possible_hours == pytest.approx(g.possible_hours, rel=1e-9, abs=1e-9)


def free_start(person: Person, near: dt.date, days: int) -> dt.date:
    """A first day from ``near`` on where ``days`` days of absence fit between the person's
    other spells; not later than TODAY (after a spell still running, none fits)."""
    day = near
    while day < TODAY and (
        person.spells.filter(
            first_day__lte=day + dt.timedelta(days=days + 1),
            last_day__gte=day - dt.timedelta(days=1),
        ).exists()
        or person.spells.filter(
            last_day__isnull=True, first_day__lte=day + dt.timedelta(days=days + 1)
        ).exists()
    ):
        day += dt.timedelta(days=5)
    return day


def a_person(org: Organisation, free: tuple[dt.date, int] | None = None) -> Person:
    """Someone employed throughout the period, in one unit (with ``free``: without absence
    for that many days from that day)."""
    for person in Person.objects.filter(organisation=org).order_by("pk"):
        jobs = list(person.employments.all())
        throughout = len(jobs) == 1 and jobs[0].start < dt.date(2024, 1, 1) and not jobs[0].end
        if throughout and (free is None or free_start(person, *free) == free[0]):
            return person
    raise AssertionError("the demo has nobody employed throughout")


def test_a_new_spell_across_a_month_boundary_touches_only_its_people_and_months(
    org: Organisation,
) -> None:
    first = dt.date(2026, 2, 24)
    person = a_person(org, (first, 10))
    before = stored(org)
    with CaptureQueriesContext(connection) as queries:
        register_sick(person, first, last_day=first + dt.timedelta(days=9), by=None)
    after = stored(org)
    assert after != before
    changed_people = {r[0] for r in set(after["people absence"]) ^ set(before["people absence"])}
    assert changed_people == {person.pk}
    months = {r[1] for r in set(after["unit absence"]) ^ set(before["unit absence"])}
    assert months <= {first.replace(day=1), (first + dt.timedelta(days=9)).replace(day=1)}
    assert len(months) == 2  # the spell crosses into the next month
    # The employments and spells read are the person's, not the whole organisation's.
    reads = [
        q["sql"]
        for q in queries
        if q["sql"].startswith("SELECT")
        and ('FROM "people_employment"' in q["sql"] or 'FROM "absence_absencespell"' in q["sql"])
    ]
    assert reads
    forms = (
        f'person_id" IN ({person.pk}',
        f'person_id" = {person.pk}',
        f"json_each('[{person.pk}]')",  # naervaer.idsets on SQLite
        f"ANY('{{{person.pk}}}'::bigint[])",  # and on PostgreSQL
    )
    assert all(any(form in sql for form in forms) for sql in reads), reads
    check(org)


def periods_exactly(org: Organisation) -> tuple[Stored, Stored]:
    """The stored sums over the two periods, unrounded, and the same added up by hand from the
    month rows: one by one, by month and then kind (a drill-down's query reads them in that
    order, ``subtree_absence_by_unit_band``), the headline kinds only."""
    where = {"unit__organisation": org}
    found: Stored = {
        "periods": sorted(
            SubtreePeriod.objects.filter(**where).values_list(
                "unit_id", "first", "last", "possible_hours", "leave_hours", "employee_days"
            )
        ),
        "absence": sorted(
            SubtreePeriodAbsence.objects.filter(**where).values_list(
                "unit_id", "first", "last", "band", *ABSENCE_SUMS
            )
        ),
    }
    by_hand: dict[tuple[object, ...], list[float]] = {}
    absence: dict[tuple[object, ...], list[float]] = {}
    for first, last in (PERIOD, YEAR_BEFORE):
        months = {"month__gte": first, "month__lte": last, **where}
        for unit_id, *values in (
            SubtreeMonth.objects.filter(**months)
            .order_by("unit_id", "month")
            .values_list("unit_id", "possible_hours", "leave_hours", "employee_days")
        ):
            sums = by_hand.get((unit_id, first, last))
            if sums is None:
                by_hand[unit_id, first, last] = values
            else:
                by_hand[unit_id, first, last] = [a + b for a, b in zip(sums, values, strict=True)]
        for unit_id, band, *values in (
            SubtreeMonthAbsence.objects.filter(kind__in=core.HEADLINE_KINDS, **months)
            .order_by("unit_id", "band", "month", "kind")
            .values_list("unit_id", "band", *ABSENCE_SUMS)
        ):
            key = (unit_id, first, last, band)
            sums = absence.get(key)
            absence[key] = (
                values if sums is None else [a + b for a, b in zip(sums, values, strict=True)]
            )
    expected: Stored = {
        "periods": sorted((*key, *values) for key, values in by_hand.items()),
        "absence": sorted((*key, *values) for key, values in absence.items()),
    }
    return found, expected


ABSENCE_SUMS = ("absent_hours", "spells", "short_spells", "spell_days")


def test_a_years_stored_sums_follow_a_new_spell_to_the_last_bit(org: Organisation) -> None:
    """A new spell changes the stored sums over the year (and only of the units above the
    person) in its own transaction: afterwards each is, exactly, its months added in order,
    and what the database's own ``SUM`` over the months gives (on SQLite exactly; PostgreSQL's
    plan on a small table may read the rows in another order, so to the last few bits)."""
    found, expected = periods_exactly(org)
    assert found == expected
    first = dt.date(2026, 2, 24)
    person = a_person(org, (first, 10))
    register_sick(person, first, last_day=first + dt.timedelta(days=9), by=None)
    after, expected = periods_exactly(org)
    assert after == expected
    changed = {row[0] for row in set(after["absence"]) ^ set(found["absence"])}
    parts = person.employments.get().unit.path.split(UNIT_SEPARATOR)
    above = [UNIT_SEPARATOR.join(parts[: i + 1]) for i in range(len(parts))]
    assert changed == set(
        Unit.objects.filter(organisation=org, path__in=above).values_list("pk", flat=True)
    )
    # The year before (no month of the spell in it) is untouched.
    assert {row[1] for row in set(after["absence"]) ^ set(found["absence"])} == {PERIOD[0]}
    heads = set(
        SubtreePeriodAbsence.objects.filter(unit__organisation=org).values_list(
            "unit_id", flat=True
        )
    )
    database = sorted(
        (unit_id, *PERIOD, band, hours, spells, short, days)
        for unit_id, band, hours, spells, short, days in SubtreeMonthAbsence.objects.filter(
            unit_id__in_ids=heads,
            month__gte=PERIOD[0],
            month__lte=PERIOD[1],
            kind__in=core.HEADLINE_KINDS,
            band__in=EVERY_BAND,
        )
        .values("unit_id", "band")
        .annotate(*(Sum(name) for name in ABSENCE_SUMS))
        .values_list("unit_id", "band", *(f"{name}__sum" for name in ABSENCE_SUMS))
    )
    stored_year = [row for row in after["absence"] if row[1] == PERIOD[0]]
    if connection.vendor == "sqlite":
        assert stored_year == database
    else:
        assert [row[:4] + row[5:] for row in stored_year] == [row[:4] + row[5:] for row in database]
        assert [row[4] for row in stored_year] == pytest.approx([row[4] for row in database])


def test_an_edited_spell_moving_months_and_a_deleted_spell(org: Organisation) -> None:
    spells = AbsenceSpell.objects.filter(
        person__organisation=org, last_day__isnull=False, first_day__gte=PERIOD[0]
    ).order_by("first_day")
    moved, gone = spells[0], spells[1]
    new_first = free_start(moved.person, moved.first_day + dt.timedelta(days=40), 20)
    correct_spell(
        moved, by=None, first_day=new_first, last_day=new_first + dt.timedelta(days=19),
        kind="work_accident", section56=False, work_environment_related=False,
    )  # fmt: skip
    delete_spell(gone, by=None)
    check(org)


def test_an_employee_moved_to_another_unit_and_an_ended_employment(org: Organisation) -> None:
    mover, leaver = [p for p in Person.objects.filter(organisation=org).order_by("pk")][3:5]
    job = mover.employments.order_by("-start").first()
    assert job is not None
    other = Unit.objects.filter(organisation=org).exclude(pk=job.unit_id).order_by("pk").last()
    assert other is not None
    moved_on = dt.date(2026, 3, 16)
    job.end = moved_on - dt.timedelta(days=1)
    job.save()
    Employment.objects.create(person=mover, unit=other, weekly_hours=Decimal("30"), start=moved_on)
    ended = leaver.employments.order_by("-start").first()
    assert ended is not None
    ended.end = max(ended.start, dt.date(2026, 5, 31))
    ended.save()
    assert aggregates.employments_changed(org.pk) == 2
    assert aggregates.employments_changed(org.pk) == 0  # nothing left to do
    # In the month of the move the mover is in two units, and counted once.
    march = dt.date(2026, 3, 1)
    assert set(
        PersonMonth.objects.filter(person=mover, month=march).values_list("unit_id", "shared")
    ) == {(job.unit_id, True), (other.pk, True)}
    assert not PersonMonth.objects.filter(person=mover, month=dt.date(2026, 4, 1), shared=True)
    check(org)


def test_the_migration_counts_the_months_already_built(org: Organisation) -> None:
    """Months built before the head counts existed get the values a build gives."""
    mover = Person.objects.filter(organisation=org).order_by("pk")[3]
    job = mover.employments.order_by("-start").first()
    assert job is not None
    other = Unit.objects.filter(organisation=org).exclude(pk=job.unit_id).order_by("pk").last()
    assert other is not None
    job.end = dt.date(2026, 3, 15)
    job.save()
    Employment.objects.create(
        person=mover, unit=other, weekly_hours=Decimal("30"), start=dt.date(2026, 3, 16)
    )
    aggregates.employments_changed(org.pk)
    built = stored(org)
    assert PersonMonth.objects.filter(shared=True).exists()
    UnitMonth.objects.update(people=0)
    PersonMonth.objects.update(shared=False)
    migration = importlib.import_module(
        "naervaer.statistics.migrations.0006_head_counts_per_unit_month"
    )
    migration.count_the_stored_months(django_apps, connection.schema_editor())
    assert stored(org) == built


def test_the_migration_sums_the_sub_trees_of_the_months_already_built(org: Organisation) -> None:
    """Months built before the sub-tree rows existed get the values a build gives, a person
    employed in two areas in one month included."""
    mover = Person.objects.filter(organisation=org).order_by("pk")[3]
    job = mover.employments.order_by("-start").first()
    assert job is not None
    area = job.unit.path.split(UNIT_SEPARATOR)[0]
    other = (
        Unit.objects.filter(organisation=org)
        .exclude(path=area)
        .exclude(path__startswith=area + UNIT_SEPARATOR)
        .order_by("pk")
        .last()
    )
    assert other is not None
    job.end = dt.date(2026, 3, 15)
    job.save()
    Employment.objects.create(
        person=mover, unit=other, weekly_hours=Decimal("30"), start=dt.date(2026, 3, 16)
    )
    aggregates.employments_changed(org.pk)
    built = stored(org)
    assert built["sub-trees"] and built["sub-tree absence"]
    SubtreeMonth.objects.all().delete()
    SubtreeMonthAbsence.objects.all().delete()
    migration = importlib.import_module("naervaer.statistics.migrations.0007_subtree_months")
    migration.sum_the_built_months(django_apps, connection.schema_editor())
    assert before_days(stored(org)) == before_days(built)
    # The heat map's days came later (0010): the months are built again to have them.
    aggregates.rebuild_built(org.pk)
    assert stored(org) == built
    check(org)


def before_days(found: Stored) -> Stored:
    """The stored figures without the heat map's days (migration 0010): no day rows, and the
    sub-tree rows without their opening levels (the only month rows 0007 wrote)."""
    return {
        name: [row[:5] + row[7:] if name == "sub-trees" else row for row in rows]
        for name, rows in found.items()
        if "days" not in name
    }


def test_a_unit_moved_to_another_area_moves_its_sums(org: Organisation) -> None:
    """Moving a unit (and its people) from one area to another changes both areas' sums, in
    the move's transaction."""
    areas = list(Unit.objects.filter(organisation=org, parent=None).order_by("path"))
    assert len(areas) >= 2
    moved = (
        Unit.objects.filter(
            path__startswith=areas[0].path + UNIT_SEPARATOR, employments__isnull=False
        )
        .order_by("pk")
        .first()
    )
    assert moved is not None
    before = dict(
        SubtreeMonth.objects.filter(unit=areas[1], month=dt.date(2026, 6, 1)).values_list(
            "month", "people"
        )
    )
    change_unit(moved, moved.name, areas[1], by="test")
    after = dict(
        SubtreeMonth.objects.filter(unit=areas[1], month=dt.date(2026, 6, 1)).values_list(
            "month", "people"
        )
    )
    assert after[dt.date(2026, 6, 1)] > before[dt.date(2026, 6, 1)]
    check(org)


def test_time_off_is_counted_in_its_months(org: Organisation) -> None:
    person = a_person(org)
    first = dt.date(2026, 1, 26)  # twelve days across a month's end, free of other time off
    while (
        person.time_off.filter(
            first_day__lte=first + dt.timedelta(days=11), last_day__gte=first
        ).exists()
        or (first + dt.timedelta(days=11)).month == first.month
    ):
        first += dt.timedelta(days=7)
    before = stored(org)
    register_time_off(person, TimeOffKind.HOLIDAY, first, first + dt.timedelta(days=11), by=None)
    assert stored(org) != before
    check(org)


def test_imports_keep_the_figures(org: Organisation) -> None:
    person = a_person(org)
    job = person.employments.get()
    first = free_start(person, dt.date(2026, 4, 28), 8)
    absences = (
        "employee_id,first_day,last_day,percent,kind\n"
        f"{person.employee_id},{first},{first + dt.timedelta(days=7)},100,sickness\n"
    )
    assert import_absences(org, read_table(absences.encode(), "absences.csv")).ok
    other = Unit.objects.filter(organisation=org).exclude(pk=job.unit_id).order_by("pk").first()
    assert other is not None
    employees = (
        "employee_id,name,unit,manager_id,weekly_hours,employment_start,employment_end\n"
        f"{person.employee_id},{person.name},{other.path},,{job.weekly_hours},{job.start},\n"
        f"new-1,Ny Medarbejder,{other.path},,37,2026-02-01,\n"
    )
    assert import_employees(org, read_table(employees.encode(), "employees.csv")).ok
    check(org)


def test_a_failed_receiver_rolls_the_change_back(org: Organisation) -> None:
    person = a_person(org)
    first = free_start(person, dt.date(2026, 6, 1), 3)
    spells = AbsenceSpell.objects.count()

    def fail(**kwargs: object) -> None:
        raise RuntimeError("statistics down")

    signals.changed.connect(fail, dispatch_uid="test-fail")
    try:
        with pytest.raises(RuntimeError):
            register_sick(person, first, last_day=first + dt.timedelta(days=2), by=None)
    finally:
        signals.changed.disconnect(dispatch_uid="test-fail")
    assert AbsenceSpell.objects.count() == spells


def test_the_early_warning_from_stored_months_equals_the_live_one(org: Organisation) -> None:
    scope = Scope(org.pk)
    for for_amo in (False, True):
        board = dashboard(scope, *PERIOD, TODAY, with_trend=False, for_amo=for_amo)
        stored_rises = rising_short_absence(scope, *PERIOD, TODAY, board, for_amo)
        live = _rising_live(scope, *PERIOD, TODAY, board, for_amo, 0)
        assert [(w.group.key, w.short_now, w.short_before) for w in stored_rises] == [
            (w.group.key, w.short_now, w.short_before) for w in live
        ]
        for a, b in zip(stored_rises, live, strict=True):
            assert a.p_value == pytest.approx(b.p_value, rel=1e-9)
            assert a.group.suppressed == b.group.suppressed


def test_a_drill_downs_early_warning_reads_its_groups_sums_as_their_rows(
    org: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A drill-down's early warning takes this year's sums of the units at its level from the
    dashboard's groups (``GroupSums``): the same rises, counts and p-values as reading those
    units' rows again, and as the dashboards computed live. Every rise is listed (a level of
    more than 1), so no count is compared only through a test that happens to be significant."""
    monkeypatch.setattr(selectors, "SIGNIFICANCE", 1.5)
    compared = 0
    for unit in Unit.objects.filter(organisation=org, parent=None):
        scope = Scope(org.pk, None, unit)
        board = dashboard(scope, *PERIOD, TODAY, with_trend=False)
        assert board.group_sums is not None
        shared = rising_short_absence(scope, *PERIOD, TODAY, board, False)
        board.group_sums = None
        read = rising_short_absence(scope, *PERIOD, TODAY, board, False)
        live = _rising_live(scope, *PERIOD, TODAY, board, False)
        found = [(w.group.key, w.short_now, w.short_before, w.p_value) for w in shared]
        assert found == [(w.group.key, w.short_now, w.short_before, w.p_value) for w in read]
        assert [f[:3] for f in found] == [(w.group.key, w.short_now, w.short_before) for w in live]
        compared += sum(1 for w in shared if w.group.key.count(UNIT_SEPARATOR) == 1)
    assert compared  # units at the drill-down's level rose: their shared sums were compared


def test_the_early_warning_of_a_set_of_people_equals_the_live_one(org: Organisation) -> None:
    """A manager's own people (a set, at the depth of the units she leads) get the same early
    warning from their stored per-person months as from dashboards computed live."""
    people = set(
        Employment.objects.filter(unit__organisation=org, unit__path__contains="/").values_list(
            "person_id", flat=True
        )
    )
    scope = Scope(org.pk, people)
    board = dashboard(scope, *PERIOD, TODAY, with_trend=False, depth=1)
    stored_rises = rising_short_absence(scope, *PERIOD, TODAY, board, False, level=1)
    live = _rising_live(scope, *PERIOD, TODAY, board, False, 1)
    assert live  # the demo has rises at these depths: something is compared
    assert [(w.group.key, w.short_now, w.short_before) for w in stored_rises] == [
        (w.group.key, w.short_now, w.short_before) for w in live
    ]
    for a, b in zip(stored_rises, live, strict=True):
        assert a.p_value == pytest.approx(b.p_value, rel=1e-9)


@st.composite
def changes(draw: st.DrawFn) -> list[tuple[str, int, int, int]]:
    """A few changes: (what, whom, day offset in the period, length or unit)."""
    return draw(
        st.lists(
            st.tuples(
                st.sampled_from(["sick", "correct", "delete", "move", "end", "holiday", "regroup"]),
                st.integers(0, 59),
                st.integers(0, 330),
                st.integers(1, 45),
            ),
            min_size=1,
            max_size=4,
        )
    )


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=changes())
def test_any_sequence_of_changes_equals_a_rebuild(
    org: Organisation, steps: list[tuple[str, int, int, int]]
) -> None:
    from django.core.exceptions import ValidationError

    people = list(Person.objects.filter(organisation=org).order_by("pk"))
    units = list(Unit.objects.filter(organisation=org).order_by("pk"))
    with transaction.atomic():
        for what, whom, offset, length in steps:
            person = people[whom % len(people)]
            day = PERIOD[0] + dt.timedelta(days=offset)
            ended = person.spells.filter(last_day__isnull=False).order_by("first_day")
            try:
                if what == "sick":
                    first = free_start(person, day, length)
                    if first < TODAY - dt.timedelta(days=length):
                        register_sick(
                            person, first, last_day=first + dt.timedelta(days=length - 1), by=None
                        )
                elif what == "correct" and ended.exists():
                    spell = ended[offset % ended.count()]
                    correct_spell(
                        spell, by=None, first_day=spell.first_day,
                        last_day=spell.first_day + dt.timedelta(days=length % 5),
                        kind="pregnancy", section56=False, work_environment_related=False,
                    )  # fmt: skip
                elif what == "delete" and ended.exists():
                    delete_spell(ended[offset % ended.count()], by=None)
                elif what in {"move", "end"}:
                    job = person.employments.order_by("-start").first()
                    if job is not None and job.start < day and (job.end is None or job.end > day):
                        job.end = day
                        job.save()
                        if what == "move":
                            Employment.objects.create(
                                person=person,
                                unit=units[length % len(units)],
                                weekly_hours=Decimal("20"),
                                start=day + dt.timedelta(days=1),
                            )
                        aggregates.employments_changed(org.pk)
                elif what == "regroup":  # a unit moved under another (or to the top)
                    unit = units[length % len(units)]
                    unit.refresh_from_db()
                    parent = units[offset % len(units)] if offset % 3 else None
                    if parent is not None:
                        parent.refresh_from_db()
                    change_unit(unit, unit.name, parent, by="test")
                else:
                    register_time_off(person, TimeOffKind.CARE_DAY, day, day, percent=50, by=None)
            except ValidationError:
                pass  # a change the rules refuse changes nothing
        assert stored(org) == rebuilt(org)
        transaction.set_rollback(True)
