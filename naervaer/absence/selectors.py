"""Reads of absence data for pages: what the viewer may see (through ``naervaer.access``),
shaped for templates, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import (
    Count,
    DateField,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils.formats import date_format, get_format
from django.utils.safestring import SafeString, mark_safe

from naervaer.absence.models import AbsenceDegree, AbsenceSpell, AbsenceSpellQuerySet, ReportedVia
from naervaer.access import Viewer, follows_many, people_managed_by
from naervaer.people.models import Employment, Person
from naervaer.rules.calendar import CalendarMonth, year_grid


def with_degrees(spells: QuerySet[AbsenceSpell]) -> QuerySet[AbsenceSpell]:
    return spells.prefetch_related(
        Prefetch("degrees", queryset=AbsenceDegree.objects.order_by("from_day"))
    )


def _of_managed(
    spells: AbsenceSpellQuerySet, viewer: Viewer, today: dt.date | None
) -> AbsenceSpellQuerySet:
    """Those of ``spells`` (a day's, the last days') of the people ``viewer`` follows."""
    people = people_managed_by(viewer, today)
    if follows_many(viewer, today):
        return spells.of_many_people(people)
    return spells.filter(person__in=people)


def absent_now(
    viewer: Viewer, today: dt.date, *, with_units: bool = True
) -> QuerySet[AbsenceSpell]:
    """Ongoing spells of the people the viewer follows as manager or HR, oldest first; with
    each person's employments and units unless ``with_units`` is false (the front page's list
    shows no unit: one query fewer on every front page)."""
    spells = with_degrees(
        _of_managed(AbsenceSpell.objects.ongoing_on(today), viewer, today)
        .select_related("person")
        # Sorted after they are found: ordered by the column itself, PostgreSQL walks the
        # index of first days from the oldest spell on to fill a page (1.9 s a query at
        # 50,000 people).
        .order_by(Coalesce("first_day", "first_day"), "person__name", "pk")
    )
    if not with_units:
        return spells
    return spells.prefetch_related(
        Prefetch(
            "person__employments",
            queryset=Employment.objects.select_related("unit").order_by("-start"),
        )
    )


LONG_SPELL_DAYS = 28  # "long absence" on the front page: more than four weeks


@dataclass(frozen=True)
class AbsentCounts:
    absent: int
    partial: int  # absent less than 100 % today
    long: int  # more than LONG_SPELL_DAYS calendar days


def absent_counts(viewer: Viewer, today: dt.date) -> AbsentCounts:
    """How many of the viewer's people are absent today, partly, and for long: counted by the
    database in one query (the same rules as ``AbsenceSpell.degree_on`` and ``calendar_days``),
    so a front page never loads every absent person of a large employer."""
    percent_today = (
        AbsenceDegree.objects.filter(spell=OuterRef("pk"), from_day__lte=today)
        .order_by("-from_day")
        .values("percent")[:1]
    )
    longer = dt.timedelta(days=LONG_SPELL_DAYS - 1)
    is_long = Q(last_day__isnull=True, first_day__lt=today - longer) | Q(
        last_day__gt=ExpressionWrapper(F("first_day") + longer, output_field=DateField())
    )
    counts = (
        _of_managed(AbsenceSpell.objects.ongoing_on(today), viewer, today)
        .annotate(percent_today=Subquery(percent_today))
        .aggregate(
            absent=Count("pk"),
            partial=Count("pk", filter=Q(percent_today__lt=100)),
            long=Count("pk", filter=is_long),
        )
    )
    return AbsentCounts(counts["absent"], counts["partial"], counts["long"])


@dataclass
class DayCell:
    day: dt.date
    in_month: bool
    weekend: bool
    holiday: str | None
    percent: int
    kind: str
    # The cell's class and tooltip (see MonthView.rows_html).
    css: str = ""
    title: str = ""


@dataclass
class MonthView:
    first: dt.date
    weeks: list[tuple[int, list[DayCell]]]
    absent_days: int

    @property
    def rows_html(self) -> SafeString:
        """The month's table rows (week number, then a cell per day), built here rather than
        in the template: a year is ~430 cells, and a template loop over them was most of the
        person page's time under load (issue 14)."""
        rows = []
        for number, days in self.weeks:
            cells = "".join(
                f'<td class="{c.css}"'
                + (f' title="{html.escape(c.title)}"' if c.title else "")
                + f'><span class="d">{c.day.day}</span></td>'
                for c in days
            )
            rows.append(f'<tr><td class="wk">{number}</td>{cells}</tr>')
        # Safe: the classes are fixed words, the numbers are ints, the titles are escaped.
        return mark_safe("".join(rows))  # noqa: S308


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
    short_date = short_date_format()
    grid: list[CalendarMonth] = year_grid(year)
    for month in grid:
        weeks = []
        count = 0
        for week in month.weeks:
            cells = []
            for d in week.days:
                percent, kind = absent.get(d.day, (0, "")) if d.in_month else (0, "")
                count += bool(percent) and d.in_month
                cells.append(
                    DayCell(
                        d.day,
                        d.in_month,
                        d.weekend,
                        d.holiday,
                        percent,
                        kind,
                        _cell_css(d.day, d.in_month, d.weekend, d.holiday, percent, today),
                        _cell_title(d.day, d.holiday, percent, short_date) if d.in_month else "",
                    )
                )
            weeks.append((week.number, cells))
        months.append(MonthView(month.first, weeks, count))
    return months


def _cell_css(
    day: dt.date, in_month: bool, weekend: bool, holiday: str | None, percent: int, today: dt.date
) -> str:
    classes = [] if in_month else ["out"]
    if weekend:
        classes.append("we")
    if holiday:
        classes.append("hol")
    if percent:
        classes.append("abs" if percent == 100 else "part")
    if day == today:
        classes.append("today")
    return " ".join(classes)


def short_date_format() -> Callable[[dt.date], str]:
    """The language's short date format as a strftime pattern, when it is as plain as Nærvær's
    (d.m.Y, Y-m-d): ``date_format`` per cell of a year cost a fifth of the page."""
    fmt = get_format("SHORT_DATE_FORMAT")
    if set(fmt) <= set("dmY.-/ "):
        pattern = "".join(f"%{ch}" if ch in "dmY" else ch for ch in fmt)
        return lambda day: day.strftime(pattern)
    return lambda day: date_format(day, "SHORT_DATE_FORMAT")


def _cell_title(
    day: dt.date, holiday: str | None, percent: int, short_date: Callable[[dt.date], str]
) -> str:
    parts = [short_date(day)]
    if holiday:
        parts.append(holiday)
    if percent:
        parts.append(f"{percent} %")
    return " · ".join(parts)


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
        _of_managed(
            AbsenceSpell.objects.filter(
                reported_via=ReportedVia.SELF_SERVICE, updated_at__gte=now - SELF_REPORT_SHOWN_FOR
            ),
            viewer,
            None,
        )
        .select_related("person")
        .order_by("-updated_at", "-pk")[:20]
    )
