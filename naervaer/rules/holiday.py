"""Holiday (ferie) as the statistics and HR need it: the days a year, and replacement holiday
(erstatningsferie) for sickness during holiday.

Ferieloven (lov nr. 60 af 30. januar 2018, in force 1 September 2020, as consolidated since):

- § 5: 2.08 days of paid holiday are earned a month, 25 days a year.
- § 12, stk. 2: an employee who falls ill during the holiday is, against medical
  documentation, entitled to replacement holiday after 5 sick days in all during holiday in
  the same holiday year; fewer in proportion for one not employed the whole holiday year, and
  holiday days not earned are deducted from the days without replacement.
- § 12, stk. 3: the employee pays for the documentation.
- § 12, stk. 4: sick days before the day the employee notifies the employer do not count,
  unless the missing notice cannot be blamed on the employee.
- § 12, stk. 5: one who recovers before the planned holiday ends may take the rest of it.

The 5 days came with the amendment in force 1 May 2012 (the previous act, § 13); before it,
sickness during holiday gave no replacement. Pure functions, no Django.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from naervaer.rules.calendar import ONE_DAY, is_working_day
from naervaer.rules.series import Series, Source, Step

FERIELOVEN = "Ferieloven (lov nr. 60 af 30. januar 2018, som bekendtgjort)"
FERIELOVEN_URL = "https://danskelove.dk/ferieloven/12"

HOLIDAY_DAYS: Series[int] = Series(
    key="holiday_days_per_year",
    meaning="Days of paid holiday earned in a year (2.08 a month)",
    unit="days",
    looks_at="the end of the statistics period",
    steps=(
        Step(
            dt.date(2000, 1, 1),
            25,
            Source("Ferieloven (the act before 1 September 2020)"),
            verified=False,
            note="2.08 days a month, 25 a year, as commonly quoted; not read in the old act.",
        ),
        Step(
            dt.date(2020, 9, 1),
            25,
            Source(FERIELOVEN, "§ 5, stk. 1", "https://danskelove.dk/ferieloven/5"),
            verified=False,
            note="2.08 days a month; § 5 not read in full here.",
        ),
    ),
)


def holiday_days(day: dt.date) -> int:
    """The year's holiday days for an estimate on ``day``; before the first known step, that
    step's value (an estimate needs a number, and 25 days is older than our sources)."""
    return HOLIDAY_DAYS.get(day) or HOLIDAY_DAYS.steps[0].value


REPLACEMENT_WAITING_DAYS: Series[int] = Series(
    key="replacement_holiday_waiting_days",
    meaning=(
        "Sick days during holiday in a holiday year without replacement holiday "
        "(for a full year's earned holiday)"
    ),
    unit="days",
    looks_at="the sick day",
    steps=(
        Step(
            dt.date(2012, 5, 1),
            5,
            Source("Ferieloven (LBK nr. 1177 af 9. oktober 2015 m.fl.)", "§ 13, stk. 2"),
            verified=False,
            note="Amendment adopted 24 April 2012, in force 1 May 2012 (quoted by a law firm).",
        ),
        Step(
            dt.date(2020, 9, 1),
            5,
            Source(FERIELOVEN, "§ 12, stk. 2 og 4", FERIELOVEN_URL),
            verified=True,
            note="Text read at danskelove.dk; the consolidation's number not confirmed.",
        ),
    ),
)

FULL_YEAR_DAYS = 25  # the holiday a full year earns; the waiting days shrink in proportion
HolidayYear = tuple[dt.date, dt.date]


def holiday_year(day: dt.date) -> tuple[dt.date, dt.date]:
    """The holiday year (ferieår) containing ``day``: 1 September to 31 August."""
    start_year = day.year if day.month >= 9 else day.year - 1
    return dt.date(start_year, 9, 1), dt.date(start_year + 1, 8, 31)


@dataclass(frozen=True, slots=True)
class SickDuringHoliday:
    """One sickness that overlaps holiday. ``notified`` is the day the employee told the
    employer (days before it do not count unless ``notice_excused``); ``documented``: the
    employee has given medical documentation (which the employer may ask for)."""

    first_day: dt.date
    last_day: dt.date
    notified: dt.date
    documented: bool = True
    notice_excused: bool = False


@dataclass(frozen=True, slots=True)
class ReplacementHoliday:
    holiday_year: HolidayYear
    sick_holiday_days: tuple[dt.date, ...]  # working days on holiday and sick, that count
    waiting_days: Decimal  # of them, without replacement
    owed_days: Decimal  # replacement holiday owed
    undocumented_days: int  # sick holiday days that count once documented
    source: Source


def waiting_days(earned_days: Decimal, day: dt.date) -> Decimal:
    """The sick days without replacement for ``earned_days`` of holiday earned for the year:
    5 for 25 days, fewer in proportion (§ 12, stk. 2: 20 days earned → 4)."""
    full = Decimal(REPLACEMENT_WAITING_DAYS.at(day))
    return min(full, full * earned_days / FULL_YEAR_DAYS)


def earned_in(employments: Iterable[tuple[dt.date, dt.date | None]], year: HolidayYear) -> Decimal:
    """Holiday earned in a holiday year by employment in it: 25 days for the whole year, in
    proportion to the calendar days employed otherwise (the act counts 2.08 days a month, so
    this is an approximation to within a day's share)."""
    first, last = year
    employed = 0
    for start, end in employments:
        span_first, span_last = max(first, start), min(last, end or last)
        if span_first <= span_last:
            employed += (span_last - span_first).days + 1
    share = Decimal(min(employed, (last - first).days + 1)) / Decimal((last - first).days + 1)
    return (Decimal(FULL_YEAR_DAYS) * share).quantize(Decimal("0.01"))


def replacement_holiday(
    holidays: Iterable[tuple[dt.date, dt.date]],
    sickness: Sequence[SickDuringHoliday],
    earned_days: Decimal | Callable[[HolidayYear], Decimal] = Decimal(FULL_YEAR_DAYS),
) -> list[ReplacementHoliday]:
    """Replacement holiday owed, per holiday year, for sickness that fell in holiday.

    A sick holiday day is a working day in both a holiday and a sickness, on or after the day of
    notice (or any day when the notice is excused). In each holiday year, the first
    ``waiting_days`` of them (in date order) give no replacement; each later one gives one day,
    once the sickness is documented.
    """
    periods = list(holidays)
    counted: dict[dt.date, bool] = {}  # day -> documented
    for s in sickness:
        counts_from = s.first_day if s.notice_excused else max(s.first_day, s.notified)
        # Only the days a holiday shares with the sickness are walked: a large employer's
        # people have years of holiday, and walking every day of it took seconds (issue 14).
        for first, last in periods:
            day, until = max(counts_from, first), min(s.last_day, last)
            while day <= until:
                if is_working_day(day):
                    counted[day] = counted.get(day, False) or s.documented
                day += ONE_DAY
    by_year: dict[HolidayYear, list[dt.date]] = {}
    for day in sorted(counted):
        by_year.setdefault(holiday_year(day), []).append(day)
    result = []
    for year, days in sorted(by_year.items()):
        if days[0] < REPLACEMENT_WAITING_DAYS.steps[0].in_force_from:
            continue
        earned = earned_days(year) if callable(earned_days) else earned_days
        waiting = waiting_days(earned, days[0])
        # The waiting days are the first in date order; whole days beyond them are owed.
        beyond = days[int(waiting) :] if waiting == int(waiting) else days[int(waiting) + 1 :]
        partial = waiting - int(waiting)
        documented = [d for d in beyond if counted[d]]
        owed = Decimal(len(documented)) + (
            (1 - partial)
            if partial and len(days) > int(waiting) and counted[days[int(waiting)]]
            else 0
        )
        result.append(
            ReplacementHoliday(
                holiday_year=year,
                sick_holiday_days=tuple(days),
                waiting_days=min(waiting, Decimal(len(days))),
                owed_days=owed,
                undocumented_days=len(beyond) - len(documented),
                source=REPLACEMENT_WAITING_DAYS.step_at(days[0]).source,
            )
        )
    return result
