"""The pre-aggregated figures give exactly what the live computation gives, and stay right
after every kind of change (TODAY is 18 November 2026)."""

from __future__ import annotations

import datetime as dt
from typing import TypedDict

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from naervaer.absence.models import AbsenceSpell
from naervaer.absence.services import correct_spell, delete_spell, register_return, register_sick
from naervaer.demo.generator import build_demo
from naervaer.people.models import Employment, Organisation, Unit
from naervaer.rules import statistics as core
from naervaer.rules.statistics import Band
from naervaer.statistics import aggregates, selectors
from naervaer.statistics.models import (
    BuiltMonth,
    BuiltPeriod,
    OngoingMonth,
    SubtreePeriod,
    SubtreePeriodAbsence,
)
from naervaer.statistics.selectors import (
    EVERY_BAND,
    Dashboard,
    Group,
    Scope,
    dashboard,
    rising_short_absence,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
TODAY = dt.date(2026, 11, 18)
PERIOD = (dt.date(2025, 11, 1), dt.date(2026, 10, 31))
TREND_FROM = dt.date(2024, 11, 1)


@pytest.fixture
def org() -> Organisation:
    return build_demo(
        "agg", employees=160, years=3, today=TODAY, with_logins=False, with_follow_up=False
    ).organisation


# A group's figures as compared: key, possible, absent hours, employee-years, spells, short
# spells, spell days, people, absent hours by band, suppressed.
Row = tuple[str, float, float, float, int, int, int, int, tuple[float, ...], bool]


class Figures(TypedDict):
    total: Row
    units: list[Row]
    kinds: list[Row]
    months: list[Row]
    weekdays: list[int]


def figures(d: Dashboard) -> Figures:
    def f(group: Group) -> Row:
        x = group.figures
        bands = tuple(
            round(x.absent_hours_by_band.get(b, 0.0), 6) for b in sorted(x.absent_hours_by_band)
        )
        return (
            group.key,
            round(x.possible_hours, 6),
            round(x.absent_hours, 6),
            round(x.employee_years, 9),
            x.spells,
            x.short_spells,
            x.spell_days,
            x.people,
            bands,
            group.suppressed,
        )

    return {
        "total": f(d.total),
        "units": [f(g) for g in d.units],
        "kinds": [f(g) for g in d.kinds],
        "months": [f(g) for g in d.months],
        "weekdays": d.weekdays,
    }


def both(
    scope: Scope,
    *,
    for_amo: bool = False,
    depth: int | None = None,
    period: tuple[dt.date, dt.date] = PERIOD,
    today: dt.date = TODAY,
) -> tuple[Figures, Figures]:
    args = (scope, *period, today)
    direct = dashboard(*args, trend_from=TREND_FROM, method="direct", for_amo=for_amo, depth=depth)
    aggregated = dashboard(
        *args, trend_from=TREND_FROM, method="aggregated", for_amo=for_amo, depth=depth
    )
    return figures(direct), figures(aggregated)


def test_aggregated_equals_direct_for_the_organisation(org: Organisation) -> None:
    direct, aggregated = both(Scope(org.pk))
    assert direct["total"][4] > 50  # there is absence to compare
    assert "child_sickness" in [k[0] for k in direct["kinds"]]
    assert aggregated == direct
    assert BuiltMonth.objects.filter(organisation=org).count() == 24


def test_aggregated_equals_direct_below_a_unit_and_for_the_amo(org: Organisation) -> None:
    area = Unit.objects.get(organisation=org, path="Ældreplejen")
    direct, aggregated = both(Scope(org.pk, None, area))
    assert aggregated == direct
    direct, aggregated = both(Scope(org.pk, None, area), for_amo=True)
    assert aggregated == direct


def test_a_drill_down_sums_every_band_of_its_units(org: Organisation) -> None:
    """The drill-down's groups are summed with every band named in the query (``EVERY_BAND``,
    for the index by unit and band): absence of every length is in the area's units, so a band
    left out of the query would make the stored figures differ from the live ones."""
    area = Unit.objects.get(organisation=org, path="Ældreplejen")
    direct, aggregated = both(Scope(org.pk, None, area))
    board = dashboard(Scope(org.pk, None, area), *PERIOD, TODAY, method="direct")
    found = {band for g in board.units for band, hours in g.figures.absent_hours_by_band.items()}
    assert found == set(Band)
    assert len(direct["units"]) > 3
    assert aggregated["units"] == direct["units"]
    assert aggregated["total"] == direct["total"]
    assert sorted(EVERY_BAND) == sorted(band.value for band in Band)


def test_the_default_choice_is_aggregated_for_whole_months(org: Organisation) -> None:
    dashboard(Scope(org.pk), *PERIOD, TODAY)
    assert BuiltMonth.objects.filter(organisation=org).exists()


def test_changes_to_ended_absence_are_reflected(org: Organisation) -> None:
    both(Scope(org.pk))  # build every month first
    ongoing = AbsenceSpell.objects.filter(
        person__organisation=org, last_day__isnull=True, first_day__lt=TODAY
    ).first()
    assert ongoing is not None
    register_return(ongoing, TODAY, by=None)
    ended = AbsenceSpell.objects.filter(
        person__organisation=org, last_day__isnull=False, first_day__gte=PERIOD[0]
    ).order_by("first_day")
    first, second = ended[0], ended[1]
    correct_spell(
        first, by=None, first_day=first.first_day, last_day=first.last_day,
        kind="work_accident", section56=False, work_environment_related=False,
    )  # fmt: skip
    delete_spell(second, by=None)
    person = ended[2].person
    employment = Employment.objects.filter(person=person).first()
    assert employment is not None
    free = dt.date(2025, 12, 1)
    while person.spells.filter(
        first_day__lte=free + dt.timedelta(days=3), last_day__gte=free
    ).exists():
        free += dt.timedelta(days=7)
    register_sick(person, free, last_day=free + dt.timedelta(days=2), by=None)
    direct, aggregated = both(Scope(org.pk))
    assert aggregated == direct


def test_the_demo_municipality_is_compared_with_municipalities_and_its_job_groups(
    org: Organisation,
) -> None:
    from naervaer.people.models import Role
    from tests.conftest import client_for, make_user

    hr = make_user("demo-hr", org, None, Role.Kind.HR)
    page = client_for(hr).get("/statistics/", {"from": "2025-11-01", "to": "2026-10-31"})
    text = page.content.decode()
    assert "Sammenlignet med Kommunerne" in text and "16,1 dage i 2022" in text
    # The demo records holiday, so nothing is estimated.
    assert "Skøn:" not in text
    # Job groups with published figures get their own line (KRL's, quoted: marked *).
    fragment = (
        client_for(hr)
        .get("/statistics/job-groups/", {"from": "2025-11-01", "to": "2026-10-31"})
        .content.decode()
    )
    assert "Social- og sundhedspersonale" in fragment
    assert "Lærere m.fl. i folkeskole og spec.underv." in fragment


def test_aggregated_equals_direct_for_a_set_of_people(org: Organisation) -> None:
    """A manager's own people are a set, not a unit: their stored per-person months give the
    same figures as the live computation, at the top, at the manager's depth and in a
    drill-down, with someone employed outside the area in the set too."""
    area = Unit.objects.get(organisation=org, path="Ældreplejen")
    in_area = set(
        Employment.objects.filter(unit__path__startswith=area.path).values_list(
            "person_id", flat=True
        )
    )
    elsewhere = (
        Employment.objects.filter(unit__organisation=org)
        .exclude(person_id__in=in_area)
        .values_list("person_id", flat=True)
        .first()
    )
    assert elsewhere is not None
    people = (in_area - {min(in_area)}) | {elsewhere}
    direct, aggregated = both(Scope(org.pk, people))
    assert direct["total"][2] > 10  # there is absence to compare
    assert aggregated == direct
    direct, aggregated = both(Scope(org.pk, people), depth=1)
    assert aggregated == direct
    sub_unit = Unit.objects.filter(organisation=org, path__startswith=area.path + "/").first()
    assert sub_unit is not None
    direct, aggregated = both(Scope(org.pk, people, sub_unit))
    assert direct["total"][7] > 0
    assert aggregated == direct


def test_people_with_several_employments_are_counted_once_per_group(org: Organisation) -> None:
    """Two employments in one unit (a renewed contract) and a third in another area in the
    same period: the person is one of the people of each group, and of the total, once. At
    the depth of the units, a unit whose people all left before the period (their employments
    are read for the trend) is no group in either computation."""
    person = Employment.objects.filter(unit__organisation=org).order_by("pk").first()
    assert person is not None
    job = person
    elsewhere = (
        Unit.objects.filter(organisation=org)
        .exclude(path__startswith=job.unit.path.split("/")[0])
        .order_by("pk")
        .first()
    )
    assert elsewhere is not None
    job.start, job.end = dt.date(2024, 1, 1), dt.date(2026, 1, 31)
    job.save()
    Employment.objects.create(
        person_id=job.person_id,
        unit=job.unit,
        start=dt.date(2026, 2, 1),
        end=dt.date(2026, 5, 31),
        weekly_hours=job.weekly_hours,
    )
    Employment.objects.create(
        person_id=job.person_id, unit=elsewhere, start=dt.date(2026, 6, 1), weekly_hours=20
    )
    BuiltMonth.objects.filter(organisation=org).delete()  # built again with these employments
    direct, aggregated = both(Scope(org.pk))
    assert aggregated == direct
    direct, aggregated = both(Scope(org.pk), depth=1)
    assert aggregated == direct
    # A drill-down into the area of the renewed contract: the person is one of its people once
    # (asked first whether anyone there has several employments, ``_count_members``).
    area = Unit.objects.get(organisation=org, path=job.unit.path.split("/")[0])
    direct, aggregated = both(Scope(org.pk, None, area))
    assert aggregated == direct
    assert aggregated["total"][7] == direct["total"][7] > 0


def test_ongoing_absence_is_stored_for_the_months_that_are_over(org: Organisation) -> None:
    """An ongoing spell's hours in a month that is over no longer change: they are stored,
    per spell, and only its band (which grows each day it goes on) is worked out when read.
    Starting, ending and correcting an ongoing spell keep them right in the same transaction."""
    both(Scope(org.pk))  # build every month first
    assert AbsenceSpell.objects.filter(
        person__organisation=org, last_day__isnull=True, first_day__lte=PERIOD[1]
    ).exists()
    stored = OngoingMonth.objects.filter(unit__organisation=org)
    assert stored.exists() and not stored.filter(month=dt.date(2026, 11, 1)).exists()
    person = (
        Employment.objects.filter(unit__organisation=org, end__isnull=True)
        .exclude(person__spells__last_day__isnull=True)
        .exclude(person__spells__first_day__gte=dt.date(2026, 9, 1))
        .first()
    )
    assert person is not None
    spell = register_sick(person.person, dt.date(2026, 9, 21), by=None)
    assert set(OngoingMonth.objects.filter(spell=spell).values_list("month", flat=True)) == {
        dt.date(2026, 9, 1),
        dt.date(2026, 10, 1),
    }
    direct, aggregated = both(Scope(org.pk))
    assert aggregated == direct
    correct_spell(
        spell, by=None, first_day=dt.date(2026, 10, 5), last_day=None,
        kind="work_accident", section56=False, work_environment_related=False,
    )  # fmt: skip
    assert set(OngoingMonth.objects.filter(spell=spell).values_list("month", "kind")) == {
        (dt.date(2026, 10, 1), "work_accident")
    }
    direct, aggregated = both(Scope(org.pk))
    assert aggregated == direct
    register_return(spell, dt.date(2026, 11, 9), by=None)
    assert not OngoingMonth.objects.filter(spell=spell).exists()
    direct, aggregated = both(Scope(org.pk))
    assert aggregated == direct


def test_a_period_with_the_running_month_counts_its_ongoing_absence_live(
    org: Organisation,
) -> None:
    """Up to the month that runs, ongoing absence is stored; in it, computed live."""
    period = (dt.date(2025, 12, 1), dt.date(2026, 11, 30))
    direct, aggregated = both(Scope(org.pk), period=period)
    assert aggregated == direct
    area = Unit.objects.get(organisation=org, path="Ældreplejen")
    direct, aggregated = both(Scope(org.pk, None, area), period=period)
    assert aggregated == direct


def test_the_turn_of_a_month_stores_its_ongoing_absence(org: Organisation) -> None:
    """November is built while it runs; once it is over, the first page stores its ongoing
    absence (and a band read in December is December's)."""
    period = (dt.date(2025, 12, 1), dt.date(2026, 11, 30))
    both(Scope(org.pk), period=period)
    november = BuiltMonth.objects.get(organisation=org, month=dt.date(2026, 11, 1))
    assert not november.ongoing_counted
    later = dt.date(2026, 12, 2)
    with time_machine.travel(dt.datetime(2026, 12, 2, 9, 0), tick=False):
        direct, aggregated = both(Scope(org.pk), period=period, today=later)
        assert aggregated == direct
    november.refresh_from_db()
    assert november.ongoing_counted
    assert OngoingMonth.objects.filter(unit__organisation=org, month=november.month).exists()


def test_a_page_takes_no_lock_once_the_ongoing_absence_is_stored(org: Organisation) -> None:
    """Storing a month's ongoing absence locks (two pages at the turn of a month store it
    once); once it is stored, a page only reads: no transaction, no ``FOR UPDATE`` that pages
    read at the same time would wait for (on SQLite a transaction takes the write lock)."""
    both(Scope(org.pk))  # builds and stores every month the page reads
    with CaptureQueriesContext(connection) as page:
        dashboard(Scope(org.pk), *PERIOD, TODAY, trend_from=TREND_FROM)
    assert page.captured_queries
    assert not [
        q["sql"]
        for q in page.captured_queries
        if "SAVEPOINT" in q["sql"] or "FOR UPDATE" in q["sql"]
    ]
    assert OngoingMonth.objects.filter(unit__organisation=org).exists()  # stored, and read


def test_a_set_of_people_read_from_their_units_equals_their_own_rows(org: Organisation) -> None:
    """A manager's people are read from the units she leads (``Scope.home``): those units' rows,
    less the people who left them, plus the people's rows elsewhere. The same figures as the
    live computation, for the people employed there now, for a set that is not the units'
    people at all, and in a drill-down."""
    area = Unit.objects.get(organisation=org, path="Ældreplejen")
    units = frozenset(
        Unit.objects.filter(organisation=org, path__startswith=area.path).values_list(
            "pk", flat=True
        )
    )
    now = set(
        Employment.objects.filter(unit_id__in=units, end__isnull=True).values_list(
            "person_id", flat=True
        )
    )
    left = set(
        Employment.objects.filter(unit_id__in=units, end__lt=TODAY).values_list(
            "person_id", flat=True
        )
    )
    assert left - now  # people who left the area: their rows there are taken off
    elsewhere = (
        Employment.objects.filter(unit__organisation=org)
        .exclude(unit_id__in=units)
        .values_list("person_id", flat=True)
        .first()
    )
    assert elsewhere is not None
    sub_unit = Unit.objects.filter(organisation=org, path__startswith=area.path + "/").first()
    assert sub_unit is not None
    for people, home, under in [
        (now - {min(now)}, units, None),  # the manager herself is not counted
        (now | {elsewhere}, units, None),  # someone employed outside too
        (now, frozenset({sub_unit.pk}), None),  # units that are not the people's
        (now, units, sub_unit),  # a drill-down
    ]:
        direct, aggregated = both(Scope(org.pk, set(people), under, home), depth=1)
        assert aggregated == direct


def test_a_years_sums_are_stored_and_read_as_the_sums_of_its_months(
    org: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A dashboard of a whole organisation or unit over a year reads its groups' sums, and its
    early warning's, from the sums stored over the year (``aggregates.ensure_period``): the
    same figures and warnings as summing the months each time."""
    area = Unit.objects.get(organisation=org, path="Ældreplejen")
    for scope in (Scope(org.pk), Scope(org.pk, None, area)):
        with CaptureQueriesContext(connection) as queries:
            stored = dashboard(scope, *PERIOD, TODAY, trend_from=TREND_FROM)
            stored_rises = rising_short_absence(scope, *PERIOD, TODAY, stored, False)
        read = " ".join(q["sql"] for q in queries)
        assert "statistics_subtreeperiodabsence" in read
        assert 'statistics_subtreeperiod"' in read
        with monkeypatch.context() as patched:
            patched.setattr(selectors, "ensure_period", lambda *args: False)
            months = dashboard(scope, *PERIOD, TODAY, trend_from=TREND_FROM)
            month_rises = rising_short_absence(scope, *PERIOD, TODAY, months, False)
        assert figures(stored) == figures(months)
        assert len(stored.units) > 3
        assert [(w.group.key, w.short_now, w.short_before) for w in stored_rises] == [
            (w.group.key, w.short_now, w.short_before) for w in month_rises
        ]
        assert [w.p_value for w in stored_rises] == pytest.approx(
            [w.p_value for w in month_rises], rel=1e-12
        )
    # The year and the year before (the early warning's), nothing else.
    assert set(BuiltPeriod.objects.filter(organisation=org).values_list("first", "last")) == {
        PERIOD,
        (dt.date(2024, 11, 1), dt.date(2025, 10, 31)),
    }


def test_only_the_default_year_and_the_year_before_are_stored_and_old_ones_dropped(
    org: Organisation,
) -> None:
    """The last 12 full months (the pages' default) and the year before them are stored;
    another year, or six months, is summed from the months. Two months on, the years the pages
    no longer read are dropped when the new ones are stored; ``forget_all`` drops them all."""
    year_before = (dt.date(2024, 11, 1), dt.date(2025, 10, 31))
    assert aggregates.default_years(TODAY) == (PERIOD, year_before)
    dashboard(Scope(org.pk), dt.date(2026, 4, 1), PERIOD[1], TODAY)  # six months
    dashboard(Scope(org.pk), dt.date(2025, 10, 1), dt.date(2026, 9, 30), TODAY)  # another year
    assert not BuiltPeriod.objects.exists()
    assert not aggregates.ensure_period(org.pk, dt.date(2025, 10, 1), dt.date(2026, 9, 30))
    assert aggregates.ensure_period(org.pk, *PERIOD)
    assert aggregates.ensure_period(org.pk, *year_before)
    assert SubtreePeriodAbsence.objects.filter(first=year_before[0]).exists()
    with time_machine.travel(dt.datetime(2027, 1, 5, 9, 0), tick=False):
        later, its_year_before = aggregates.default_years(dt.date(2027, 1, 5))
        assert later == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
        aggregates.ensure_built(org.pk, core.months(its_year_before[0], later[1]))
        assert aggregates.ensure_period(org.pk, *later)
        assert aggregates.ensure_period(org.pk, *its_year_before)
    # November's year stays (last month's but one), its year before (to October 2025) went.
    assert set(BuiltPeriod.objects.values_list("first", flat=True)) == {
        PERIOD[0],
        later[0],
        its_year_before[0],
    }
    assert not SubtreePeriodAbsence.objects.filter(first=year_before[0]).exists()
    assert SubtreePeriod.objects.filter(first=later[0]).exists()
    aggregates.forget_all(org.pk)
    assert not BuiltPeriod.objects.exists()
    assert not SubtreePeriod.objects.exists()
    assert not SubtreePeriodAbsence.objects.exists()


def test_stored_rows_are_written_exactly_as_given(org: Organisation) -> None:
    """``aggregates._insert`` (on PostgreSQL a column at a time, as arrays): every float to
    the last bit, dates, texts and booleans as given, and as many rows as given."""
    from naervaer.people.models import Person
    from naervaer.statistics.models import PersonMonth

    unit = Unit.objects.filter(organisation=org).order_by("pk").first()
    person = Person.objects.filter(organisation=org).order_by("pk").first()
    assert unit is not None and person is not None
    PersonMonth.objects.filter(person=person).delete()
    floats = [0.1 + 0.2, 1e-300, 123456.78901234567, 2.0**-1074, 7.4 * 3]
    rows = [
        (person.pk, unit.pk, dt.date(2020, 1 + i, 1), f, -f, i, f / 3, f * 3, i % 2 == 0)
        for i, f in enumerate(floats)
    ]
    columns = (
        "person_id", "unit_id", "month", "possible_hours", "leave_hours", "employee_days",
        "opening_possible", "opening_absent", "shared",
    )  # fmt: skip
    aggregates._insert(PersonMonth, columns, iter(rows))
    assert sorted(PersonMonth.objects.filter(person=person).values_list(*columns)) == rows
