"""How absence is measured (DOMAIN.md, "Statistics: how absence is measured").

Absence rate (fraværsprocent), after Danmarks Statistik: absent working time as a percentage of
*possible* working time over a period, where possible = agreed hours minus holiday (ferie),
feriefridage and omsorgsdage (DST and DA, see docs/statistics.md). Unless an organisation
configures other working patterns:

- working days are Monday to Friday except Danish public holidays;
- a person's hours on a working day are their weekly hours / 5 (part-timers count by their hours);
- a spell's absent hours on a working day are those hours times its degree (partial absence);
- leave (``Leave``) takes its hours out of the possible hours, and a day on leave is never
  absence: sickness on a holiday counts only for the part of the day not on leave;
- only days inside both the period and the employment count.

A day-work (dagsværk) is 7.4 hours, so absent hours / 7.4 are absence day-works comparable with
DST's tables. Spells (fraværsperioder) are counted in the period they *end* in, as DST's
FRAVPERIODE does; ongoing spells are not counted until they end. Their length is in calendar days.

Causes (``Cause``) follow DST's fraværsårsager: own sickness (pregnancy-related complaints and
partial sickness included), work accident (a cause of its own, not own sickness), child's
sickness. The headline figures count the absence Nærvær follows up: own sickness and work
accidents (``HEADLINE_CAUSES``), which is KRL's "sygefravær"; a comparison with DST's "egen
sygdom" leaves work accidents out (``naervaer.rules.benchmarks``).

Working days are counted with prefix sums (``WorkingDays``), so a spell costs a few lookups
whatever its length; ``reference_absent_hours`` is the plain day-by-day computation the tests
and the benchmark compare against.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from naervaer.rules.calendar import ONE_DAY, is_working_day

DAY_WORK_HOURS = 7.4  # DST: one day-work is 7.4 hours
WORKING_DAYS_PER_WEEK = 5


class Cause(StrEnum):
    """DST's causes of absence (fraværsårsag)."""

    OWN_SICKNESS = "own_sickness"  # egen sygdom, incl. graviditetsgener and partial sickness
    WORK_ACCIDENT = "work_accident"  # arbejdsulykke / arbejdsskade
    CHILD_SICKNESS = "child_sickness"  # børns sygdom
    OTHER = "other"


# The kind of a spell or of other absence (``naervaer.absence``) -> DST's cause.
CAUSE_OF_KIND: dict[str, Cause] = {
    "sickness": Cause.OWN_SICKNESS,
    "pregnancy": Cause.OWN_SICKNESS,
    "work_accident": Cause.WORK_ACCIDENT,
    "child_sickness": Cause.CHILD_SICKNESS,
}


def cause_of(kind: str) -> Cause:
    return CAUSE_OF_KIND.get(kind, Cause.OTHER)


# The causes of the headline figures (rate, trend, units): the absence Nærvær follows up.
HEADLINE_CAUSES = frozenset({Cause.OWN_SICKNESS, Cause.WORK_ACCIDENT})


HEADLINE_KINDS = tuple(k for k, c in CAUSE_OF_KIND.items() if c in HEADLINE_CAUSES)


def in_headline(kind: str) -> bool:
    return cause_of(kind) in HEADLINE_CAUSES


class LeaveKind(StrEnum):
    """Planned leave that is not possible working time (DST's ARBTIMER; DA)."""

    HOLIDAY = "holiday"  # ferie
    EXTRA_HOLIDAY = "extra_holiday"  # feriefridage / særlige feriedage
    CARE_DAY = "care_day"  # omsorgsdage (subtracted by DST since 2012)


class Band(StrEnum):
    SHORT = "1-3"
    MEDIUM = "4-14"
    LONG = "15-56"
    VERY_LONG = "57+"


BAND_LIMITS = ((3, Band.SHORT), (14, Band.MEDIUM), (56, Band.LONG))  # (last day, band)


def band_of(calendar_days: int) -> Band:
    for limit, band in BAND_LIMITS:
        if calendar_days <= limit:
            return band
    return Band.VERY_LONG


def band_kept_until(first_day: dt.date, today: dt.date) -> dt.date | None:
    """The last day on which an ongoing spell begun on ``first_day`` is still in the band it
    has ``today`` (its length is counted up to the day asked); None: it stays there for good."""
    calendar_days = (today - first_day).days + 1
    for limit, _band in BAND_LIMITS:
        if calendar_days <= limit:
            return first_day + dt.timedelta(days=limit - 1)
    return None


class WorkingDays:
    """Working days between ``start`` and ``end`` (inclusive) in O(1) after an O(n) set-up."""

    def __init__(self, start: dt.date, end: dt.date) -> None:
        self.start, self.end = start, end
        prefix = [0]
        day = start
        while day <= end:
            prefix.append(prefix[-1] + is_working_day(day))
            day += ONE_DAY
        self._prefix = prefix

    def count(self, first: dt.date, last: dt.date) -> int:
        """Working days from ``first`` to ``last`` inclusive, clipped to the table's range."""
        first, last = max(first, self.start), min(last, self.end)
        if last < first:
            return 0
        return self._prefix[(last - self.start).days + 1] - self._prefix[(first - self.start).days]


@dataclass(frozen=True, slots=True)
class Employment:
    start: dt.date
    end: dt.date | None
    weekly_hours: Decimal


@dataclass(frozen=True, slots=True)
class Spell:
    first_day: dt.date
    last_day: dt.date | None
    steps: tuple[tuple[dt.date, int], ...]  # (from day, percent), first on first_day
    kind: str = "sickness"

    def calendar_days(self, today: dt.date) -> int:
        return ((self.last_day or today) - self.first_day).days + 1


@dataclass(frozen=True, slots=True)
class Leave:
    """Holiday or other planned leave from ``first_day`` to ``last_day``, ``percent`` of each
    working day (a half feriefridag is 50)."""

    first_day: dt.date
    last_day: dt.date
    percent: int = 100
    kind: str = LeaveKind.HOLIDAY


@dataclass
class Figures:
    """The figures of one group (a unit, a month, a kind…) over one period.

    ``possible_hours`` are ``agreed_hours`` minus ``leave_hours``; ``leave_estimated`` says the
    leave is the organisation's estimate, not recorded leave (``estimate_leave``)."""

    possible_hours: float = 0.0
    absent_hours: float = 0.0
    spells: int = 0  # spells that ended in the period
    employee_years: float = 0.0
    people: int = 0
    absent_hours_by_band: dict[Band, float] = field(default_factory=dict)
    short_spells: int = 0  # spells of 1–3 calendar days that ended in the period
    spell_days: int = 0  # calendar days of the spells that ended in the period, whole spells
    agreed_hours: float = 0.0
    leave_hours: float = 0.0
    leave_estimated: bool = False

    @property
    def rate(self) -> float | None:
        """Absence rate in percent, or None when nobody was employed."""
        if self.possible_hours <= 0:
            return None
        return 100 * self.absent_hours / self.possible_hours

    @property
    def day_works(self) -> float:
        return self.absent_hours / DAY_WORK_HOURS

    @property
    def spells_per_employee_year(self) -> float | None:
        return self.spells / self.employee_years if self.employee_years > 0 else None

    @property
    def calendar_days_per_spell(self) -> float | None:
        """DST's average calendar days per absence period (periods ended in the period)."""
        return self.spell_days / self.spells if self.spells else None

    @property
    def full_time_equivalents(self) -> float:
        """Full-time employees over the period: agreed hours / full-time hours (7.4 a day).
        Divide by the period's working days to get a head count; see ``days_per_fte``."""
        return self.agreed_hours / DAY_WORK_HOURS

    def add(self, other: Figures) -> None:
        self.possible_hours += other.possible_hours
        self.agreed_hours += other.agreed_hours
        self.leave_hours += other.leave_hours
        self.leave_estimated = self.leave_estimated or other.leave_estimated
        self.absent_hours += other.absent_hours
        self.spells += other.spells
        self.employee_years += other.employee_years
        self.people += other.people
        self.short_spells += other.short_spells
        self.spell_days += other.spell_days
        for band, hours in other.absent_hours_by_band.items():
            self.absent_hours_by_band[band] = self.absent_hours_by_band.get(band, 0.0) + hours


def _overlap(
    a_first: dt.date, a_last: dt.date, b_first: dt.date, b_last: dt.date | None
) -> tuple[dt.date, dt.date] | None:
    first = max(a_first, b_first)
    last = a_last if b_last is None else min(a_last, b_last)
    return (first, last) if first <= last else None


def _covers(employments: Sequence[Employment], day: dt.date) -> bool:
    return any(e.start <= day and (e.end is None or day <= e.end) for e in employments)


def person_figures(
    employments: Sequence[Employment],
    spells: Iterable[Spell],
    period_start: dt.date,
    period_end: dt.date,
    days: WorkingDays,
    today: dt.date,
    leaves: Sequence[Leave] = (),
) -> Figures:
    """One person's contribution to the figures of a period.

    Leave takes its hours out of the possible hours; on a day with ``l`` % leave and ``s`` %
    absence, only ``min(s, 100 - l)`` % is absence (a day on holiday is not a sick day)."""
    figures = Figures()
    employed_calendar_days = 0
    if leaves:  # most of a person's leave lies outside a month: drop it once, not per loop
        leaves = [lv for lv in leaves if lv.first_day <= period_end and lv.last_day >= period_start]
    for e in employments:
        span = _overlap(period_start, period_end, e.start, e.end)
        if span is None:
            continue
        employed_calendar_days += (span[1] - span[0]).days + 1
        per_day = float(e.weekly_hours) / WORKING_DAYS_PER_WEEK
        figures.agreed_hours += days.count(*span) * per_day
        for leave in leaves:
            part = _overlap(max(leave.first_day, span[0]), min(leave.last_day, span[1]), *span)
            if part is not None:
                figures.leave_hours += days.count(*part) * per_day * leave.percent / 100
    figures.possible_hours = figures.agreed_hours - figures.leave_hours
    if employed_calendar_days == 0:
        return figures
    figures.people = 1
    figures.employee_years = employed_calendar_days / 365.25
    for spell in spells:
        band = band_of(spell.calendar_days(today))
        # A spell counts once, in the period and employment it ended in (DST's FRAVPERIODE).
        if (
            spell.last_day is not None
            and period_start <= spell.last_day <= period_end
            and _covers(employments, spell.last_day)
        ):
            figures.spells += 1
            figures.short_spells += band is Band.SHORT
            figures.spell_days += spell.calendar_days(today)
        spell_last = min(spell.last_day or today, period_end)
        for i, (from_day, percent) in enumerate(spell.steps):
            step_last = spell.steps[i + 1][0] - ONE_DAY if i + 1 < len(spell.steps) else spell_last
            step_last = min(step_last, spell_last)
            for e in employments:
                span = _overlap(max(from_day, period_start), step_last, e.start, e.end)
                if span is None:
                    continue
                per_day = float(e.weekly_hours) / WORKING_DAYS_PER_WEEK
                hours = days.count(*span) * per_day * percent / 100
                for leave in leaves:
                    both = _overlap(max(leave.first_day, span[0]), leave.last_day, *span)
                    if both is not None and percent + leave.percent > 100:
                        hours -= days.count(*both) * per_day * (percent + leave.percent - 100) / 100
                figures.absent_hours += hours
                figures.absent_hours_by_band[band] = (
                    figures.absent_hours_by_band.get(band, 0.0) + hours
                )
    return figures


def working_days_in_year(year: int) -> int:
    """Monday–Friday except public holidays: a full-timer's agreed days in a calendar year."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return WorkingDays(first, last).count(first, last)


def estimate_leave(figures: Figures, leave_days_per_year: float, year: int) -> None:
    """Where an organisation records no leave: take ``leave_days_per_year`` (the holiday act's
    25 days plus the agreement's feriefridage) out of the agreed hours, spread evenly over the
    year's working days, and mark the figures as resting on an estimate."""
    share = leave_days_per_year / working_days_in_year(year)
    figures.leave_hours = figures.agreed_hours * share
    figures.possible_hours = figures.agreed_hours - figures.leave_hours
    figures.leave_estimated = True


def reference_absent_hours(
    employments: Sequence[Employment],
    spells: Iterable[Spell],
    period_start: dt.date,
    period_end: dt.date,
    today: dt.date,
    leaves: Sequence[Leave] = (),
) -> tuple[float, float]:
    """(absent hours, possible hours), the plain way: every day of the period, one at a time."""
    absent = possible = 0.0
    spells = list(spells)
    day = period_start
    while day <= period_end:
        if is_working_day(day):
            for e in employments:
                if e.start <= day and (e.end is None or day <= e.end):
                    hours = float(e.weekly_hours) / WORKING_DAYS_PER_WEEK
                    on_leave = sum(
                        lv.percent for lv in leaves if lv.first_day <= day <= lv.last_day
                    )
                    possible += hours * (100 - on_leave) / 100
                    for s in spells:
                        if s.first_day <= day <= (s.last_day or today):
                            percent = [p for d, p in s.steps if d <= day][-1]
                            absent += hours * min(percent, 100 - on_leave) / 100
        day += ONE_DAY
    return absent, possible


def began_in(
    spell: Spell, employments: Sequence[Employment], first: dt.date, last: dt.date
) -> bool:
    """The spell began between ``first`` and ``last`` in one of ``employments``."""
    return first <= spell.first_day <= last and _covers(employments, spell.first_day)


def weekday_starts(
    spells: Iterable[Spell], period_start: dt.date, period_end: dt.date
) -> list[int]:
    """How many spells began on each weekday (Monday first): the Monday pattern of seed 002."""
    counts = [0] * 7
    for s in spells:
        if period_start <= s.first_day <= period_end:
            counts[s.first_day.weekday()] += 1
    return counts


def months(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The calendar months from the one containing ``start`` to the one containing ``end``."""
    result = []
    first = start.replace(day=1)
    while first <= end:
        following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        result.append((first, following - ONE_DAY))
        first = following
    return result


def quarter_of(day: dt.date) -> str:
    return f"{day.year}-K{(day.month - 1) // 3 + 1}"


def rise_p_value(now: int, exposure_now: float, before: int, exposure_before: float) -> float:
    """One-sided p-value that the rate of events rose (exact conditional test of two Poisson rates).

    Given ``now + before`` events in all, under "no change" each falls in the recent period with
    probability ``exposure_now / (exposure_now + exposure_before)``; the p-value is the binomial
    probability of at least ``now`` of them doing so. Exposures are employee-years, so a unit
    that grew is not flagged merely for being larger.
    """
    p = _rise_tail(now, exposure_now, before, exposure_before, math.inf)
    assert p is not None  # every p-value is below infinity
    return p


def rise_p_value_below(
    now: int, exposure_now: float, before: int, exposure_before: float, level: float
) -> float | None:
    """``rise_p_value`` if it is below ``level`` (the same value), None if it is not.

    The tail is summed from its largest terms down, so the sum passes ``level`` within a few
    terms for a rise that is not significant and is stopped there: such a rise, just above what
    was expected, needs the longest sum, and most of an early warning's units are such."""
    return _rise_tail(now, exposure_now, before, exposure_before, level)


def _rise_tail(
    now: int, exposure_now: float, before: int, exposure_before: float, level: float
) -> float | None:
    """The binomial tail of ``rise_p_value``, or None as soon as it reaches ``level``."""
    n = now + before
    if n == 0 or exposure_now <= 0 or exposure_before <= 0:
        return 1.0 if level > 1.0 else None
    p = exposure_now / (exposure_now + exposure_before)
    log_p, log_q = math.log(p), math.log1p(-p)

    def log_term(k: int) -> float:
        return (
            math.lgamma(n + 1)
            - math.lgamma(k + 1)
            - math.lgamma(n - k + 1)
            + k * log_p
            + (n - k) * log_q
        )

    first = log_term(now)
    if first < _LOG_TINY:  # the first term underflows: sum every term on its own
        tail = min(1.0, sum(math.exp(log_term(k)) for k in range(now, n + 1)))
        return tail if tail < level else None
    # Each term from the one before (× (n − k) / (k + 1) × p / q), and stop once the terms
    # fall and what is left of the tail (at most term / (1 − ratio), the ratios falling too)
    # can no longer change the sum: an early-warning page tests a thousand units.
    odds = p / (1 - p)
    term, total = math.exp(first), 0.0
    stop = level if level <= 1.0 else math.inf  # a tail is at most 1
    for k in range(now, n + 1):
        total += term
        if total >= stop:  # every term is positive: the tail is at least this
            return None
        ratio = (n - k) / (k + 1) * odds
        term *= ratio
        following = (n - k - 1) / (k + 2) * odds
        if following < 1 and term / (1 - following) <= total * _NEGLIGIBLE:
            total += term
            break
    tail = min(1.0, total)
    return tail if tail < level else None


_LOG_TINY = -700.0  # exp() of less is near the smallest double
_NEGLIGIBLE = 1e-17  # a tail this much smaller than the sum does not change a double


TOP_SHARE = 0.05  # KRL: the share of absence carried by the 5 % with most absence


def top_share(absent_hours: Sequence[float], share: float = TOP_SHARE) -> tuple[int, float] | None:
    """(how many people are the top ``share``, the share of all absence they carry), counting
    everyone employed, those without absence too. The top is ⌈share × people⌉ people, at
    least one. None when nobody was absent."""
    total = sum(absent_hours)
    if total <= 0:
        return None
    top = max(1, math.ceil(share * len(absent_hours) - 1e-9))
    return top, sum(sorted(absent_hours, reverse=True)[:top]) / total


@dataclass(frozen=True, slots=True)
class Piece:
    """Hours a day that are constant from ``first`` to ``last`` (None: open-ended): how much an
    employment, a leave, a degree step of a spell adds to a person's possible and absent hours
    on each of those days (weekends and holidays included: only working days are counted)."""

    first: dt.date
    last: dt.date | None
    possible: float
    absent: float


def day_pieces(
    employments: Sequence[Employment],
    spells: Sequence[Spell],
    today: dt.date,
    leaves: Sequence[Leave] = (),
) -> Iterator[Piece]:
    """The pieces a person's possible and absent hours a day are the sums of, one employment at
    a time: the weekly hours / 5 over the employment, less each leave's share; each degree step
    of a spell (an ongoing one runs to ``today``) at its percentage, less the part of a day on
    leave that would make the day more than whole."""
    for e in employments:
        per_day = float(e.weekly_hours) / WORKING_DAYS_PER_WEEK
        yield Piece(e.start, e.end, per_day, 0.0)
        for leave in leaves:
            span = _overlap(leave.first_day, leave.last_day, e.start, e.end)
            if span is not None:
                yield Piece(*span, -per_day * leave.percent / 100, 0.0)
        for s in spells:
            spell_last = s.last_day or today
            for i, (from_day, percent) in enumerate(s.steps):
                step_last = s.steps[i + 1][0] - ONE_DAY if i + 1 < len(s.steps) else spell_last
                first = max(from_day, e.start)
                last = min(step_last, spell_last, e.end or spell_last)
                if first > last:
                    continue
                yield Piece(first, last, 0.0, per_day * percent / 100)
                for leave in leaves:
                    if percent + leave.percent > 100:
                        both = _overlap(first, last, leave.first_day, leave.last_day)
                        if both is not None:
                            excess = per_day * (percent + leave.percent - 100) / 100
                            yield Piece(*both, 0.0, -excess)


def daily_absence_share(
    people: Iterable[tuple[Sequence[Employment], Sequence[Spell]]],
    start: dt.date,
    end: dt.date,
    today: dt.date,
    leaves: dict[int, Sequence[Leave]] | None = None,
) -> dict[dt.date, float]:
    """The share of possible working hours lost to absence on each working day (the heat map).
    ``leaves`` by position in ``people`` take leave out, as ``person_figures`` does.

    Difference arrays over the days make it linear in employments and spell segments,
    whatever the length of the period.
    """
    n = (end - start).days + 1
    possible = [0.0] * (n + 1)
    absent = [0.0] * (n + 1)
    for index, (employments, spells) in enumerate(people):
        person_leaves = (leaves or {}).get(index, ())
        for piece in day_pieces(employments, spells, today, person_leaves):
            first, last = max(piece.first, start), min(piece.last or end, end)
            if first <= last:
                for array, value in ((possible, piece.possible), (absent, piece.absent)):
                    if value:
                        array[(first - start).days] += value
                        array[(last - start).days + 1] -= value
    result: dict[dt.date, float] = {}
    running_possible = running_absent = 0.0
    for offset in range(n):
        running_possible += possible[offset]
        running_absent += absent[offset]
        day = start + dt.timedelta(days=offset)
        if is_working_day(day) and running_possible > 1e-9:
            result[day] = running_absent / running_possible
    return result
