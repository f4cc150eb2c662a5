"""What the register shows for each accident: the duty to report and whether it is met."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from naervaer.rules.working_life import AccidentReport
from naervaer.workinjury.models import WorkAccident


@dataclass(frozen=True)
class Row:
    accident: WorkAccident
    name_visible: bool
    report: AccidentReport | None
    today: dt.date

    @classmethod
    def of(cls, accident: WorkAccident, name_visible: bool, today: dt.date) -> Row:
        return cls(accident, name_visible, accident.report(today), today)

    @property
    def state(self) -> str:
        """``near_miss``, ``reported``, ``reported_late``, ``not_required``, ``overdue`` or
        ``due``."""
        if self.report is None:
            return "near_miss"
        reported = self.accident.reported_on
        if reported is not None:
            late = self.report.due is not None and reported > self.report.due
            return "reported_late" if late else "reported"
        if not self.report.required or self.report.due is None:
            return "not_required"
        return "overdue" if self.report.due < self.today else "due"

    @property
    def overdue(self) -> bool:
        return self.state == "overdue"


def register_rows(accidents: list[WorkAccident], named: set[int], today: dt.date) -> list[Row]:
    return [Row.of(accident, accident.pk in named, today) for accident in accidents]


@dataclass(frozen=True)
class YearUnitRow:
    year: int
    unit: str
    accidents: int
    near_misses: int
    reportable: int
    absence_days: int | None  # None when the viewer may not see days tied to persons

    @property
    def key(self) -> tuple[int, str]:
        return (self.year, self.unit)


def by_year_and_unit(
    accidents: list[WorkAccident], today: dt.date, *, with_days: bool
) -> list[YearUnitRow]:
    """Accidents, near misses, reportable accidents and absence days (calendar days beyond the
    day of the accident) per year and unit, newest year first."""
    counts: dict[tuple[int, str], list[int]] = {}
    for accident in accidents:
        key = (accident.happened_on.year, accident.unit.path if accident.unit else "–")
        row = counts.setdefault(key, [0, 0, 0, 0])
        if accident.kind == WorkAccident.Kind.NEAR_MISS:
            row[1] += 1
            continue
        row[0] += 1
        report = accident.report(today)
        row[2] += bool(report and report.required)
        row[3] += accident.days_absent(today)
    return [
        YearUnitRow(year, unit, a, n, r, d if with_days else None)
        for (year, unit), (a, n, r, d) in sorted(
            counts.items(), key=lambda kv: (-kv[0][0], kv[0][1])
        )
    ]
