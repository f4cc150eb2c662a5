"""Reads of absence data for pages: what the viewer may see (through ``naervaer.access``),
shaped for templates, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from naervaer.absence.models import AbsenceDegree, AbsenceSpell, ReportedVia
from naervaer.access import Viewer, people_managed_by
from naervaer.people.models import Employment, Person
from naervaer.rules.calendar import CalendarMonth, year_grid


def with_degrees(spells: QuerySet[AbsenceSpell]) -> QuerySet[AbsenceSpell]:
    return spells.prefetch_related(
        Prefetch("degrees", queryset=AbsenceDegree.objects.order_by("from_day"))
    )


def absent_now(viewer: Viewer, today: dt.date) -> QuerySet[AbsenceSpell]:
    """Ongoing spells of the people the viewer follows as manager or HR, oldest first."""
    return with_degrees(
        AbsenceSpell.objects.ongoing_on(today)
        .filter(person__in=people_managed_by(viewer, today))
        .select_related("person")
        .prefetch_related(
            Prefetch(
                "person__employments",
                queryset=Employment.objects.select_related("unit").order_by("-start"),
            )
        )
        .order_by("first_day", "person__name")
    )


@dataclass
class DayCell:
    day: dt.date
    in_month: bool
    weekend: bool
    holiday: str | None
    percent: int
    kind: str


@dataclass
class MonthView:
    first: dt.date
    weeks: list[tuple[int, list[DayCell]]]
    absent_days: int


def year_calendar(spells: list[AbsenceSpell], year: int, today: dt.date) -> list[MonthView]:
    """Twelve month grids with each day's degree of absence (0-100) and kind."""
    absent: dict[dt.date, tuple[int, str]] = {}
    for spell in spells:
        last = spell.last_day or today
        day = max(spell.first_day, dt.date(year, 1, 1))
        end = min(last, dt.date(year, 12, 31))
        while day <= end:
            absent[day] = (spell.degree_on(day), spell.kind)
            day += dt.timedelta(days=1)
    months = []
    grid: list[CalendarMonth] = year_grid(year)
    for month in grid:
        weeks = []
        count = 0
        for week in month.weeks:
            cells = []
            for d in week.days:
                percent, kind = absent.get(d.day, (0, "")) if d.in_month else (0, "")
                count += bool(percent) and d.in_month
                cells.append(DayCell(d.day, d.in_month, d.weekend, d.holiday, percent, kind))
            weeks.append((week.number, cells))
        months.append(MonthView(month.first, weeks, count))
    return months


def current_employment(person: Person, today: dt.date) -> Employment | None:
    employments = sorted(person.employments.all(), key=lambda e: e.start, reverse=True)
    for e in employments:
        if e.covers(today):
            return e
    return employments[0] if employments else None


# A self-report stays on the manager's front page this long, ended or not.
SELF_REPORT_SHOWN_FOR = dt.timedelta(days=3)


def recent_self_reports(viewer: Viewer, now: dt.datetime) -> list[AbsenceSpell]:
    """Absences the people ``viewer`` follows reported themselves lately, newest first: the
    manager sees them at once, whatever else is on the list of who is absent."""
    return list(
        AbsenceSpell.objects.filter(
            person__in=people_managed_by(viewer),
            reported_via=ReportedVia.SELF_SERVICE,
            updated_at__gte=now - SELF_REPORT_SHOWN_FOR,
        )
        .select_related("person")
        .order_by("-updated_at", "-pk")[:20]
    )
