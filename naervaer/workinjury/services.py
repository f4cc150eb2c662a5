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
