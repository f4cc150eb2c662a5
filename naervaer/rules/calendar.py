"""The Danish calendar: public holidays, working days, ISO week numbers and month grids.

Public holidays come from the ``holidays`` package, which follows the law: Store Bededag is a
holiday until 2023 and not from 2024 (lov nr. 238 af 28. februar 2023). Christmas Eve, New
Year's Eve and Constitution Day (5 June) are not public holidays, though many workplaces close;
an organisation's own working pattern decides those.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import holidays

ONE_DAY = dt.timedelta(days=1)


@lru_cache(maxsize=64)
def public_holidays(year: int) -> dict[dt.date, str]:
    """Danish public holidays of ``year`` with their Danish names."""
    return dict(holidays.country_holidays("DK", years=year, language="da"))


def is_public_holiday(day: dt.date) -> bool:
    return day in public_holidays(day.year)


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday, except public holidays."""
    return day.weekday() < 5 and not is_public_holiday(day)


def iso_week(day: dt.date) -> int:
    return day.isocalendar().week


@dataclass(frozen=True, slots=True)
class CalendarDay:
    day: dt.date
    in_month: bool
    weekend: bool
    holiday: str | None


@dataclass(frozen=True, slots=True)
class CalendarWeek:
    number: int
    days: tuple[CalendarDay, ...]


@dataclass(frozen=True, slots=True)
class CalendarMonth:
    first: dt.date
    weeks: tuple[CalendarWeek, ...]


def month_grid(year: int, month: int) -> CalendarMonth:
    """The weeks (Monday first, with ISO week numbers) that show ``month``."""
    first = dt.date(year, month, 1)
    start = first - dt.timedelta(days=first.weekday())
    next_month = dt.date(year + (month == 12), month % 12 + 1, 1)
    weeks = []
    monday = start
    while monday < next_month:
        days = []
        for offset in range(7):
            day = monday + dt.timedelta(days=offset)
            days.append(
                CalendarDay(
                    day, day.month == month, day.weekday() >= 5, public_holidays(day.year).get(day)
                )
            )
        weeks.append(CalendarWeek(iso_week(monday), tuple(days)))
        monday += dt.timedelta(days=7)
    return CalendarMonth(first, tuple(weeks))


def year_grid(year: int) -> list[CalendarMonth]:
    return [month_grid(year, m) for m in range(1, 13)]


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole calendar months, clamped to the month's last day (31 Jan + 1 month
    is 28 or 29 Feb), as Danish law counts "måneder"."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, month_length(year, month + 1)))


def month_length(year: int, month: int) -> int:
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


def last_day_of_month(day: dt.date) -> dt.date:
    return day.replace(day=month_length(day.year, day.month))
