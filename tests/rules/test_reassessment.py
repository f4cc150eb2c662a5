"""§ 24: the month-end at which sickness benefit stops, worked out by hand from the law text.

§ 24, stk. 1: benefit stops after the end of a calendar month when it has been paid for more than
22 weeks (154 days) in the 9 preceding calendar months; stk. 3: an employee's first 30 days are
not counted. Each row: the absences, then the counted days month by month.
"""

from __future__ import annotations

import datetime as dt

import pytest

from naervaer.rules.reassessment import (
    Absence,
    counted_days,
    month_end,
    months_back,
    reassessment_date,
)

D = dt.date


@pytest.mark.parametrize(
    ("absences", "weeks", "months", "expected"),
    [
        # Sick from Thu 2 Jan 2025: counted from 1 Feb. End of June: 28+31+30+31+30 = 150 ≤ 154;
        # end of July: 181 > 154.
        ([Absence(D(2025, 1, 2), None)], 22, 9, D(2025, 7, 31)),
        # Back after Fri 4 Jul 2025: 150 + 4 = 154 days, not *more* than 22 weeks: never.
        ([Absence(D(2025, 1, 2), D(2025, 7, 4))], 22, 9, None),
        # Back after Sat 5 Jul: 155 days, passed in July.
        ([Absence(D(2025, 1, 2), D(2025, 7, 5))], 22, 9, D(2025, 7, 31)),
        # 1 Jul 2014 (the 2014 rule): counted from 31 Jul; 1+31+30+31+30+31 = 154 by 31 Dec;
        # 155 on 1 Jan 2015.
        ([Absence(D(2014, 7, 1), None)], 22, 9, D(2015, 1, 31)),
        # The rule before 2014, 52 weeks (364 days) in 18 months: 2 Jun 2014 counted from 2 Jul;
        # day 365 is 1 Jul 2015.
        ([Absence(D(2014, 6, 2), None)], 52, 18, D(2015, 7, 31)),
        # Two absences added up: 5 Jan – 30 Apr 2026 (counted 4 Feb – 30 Apr: 25+31+30 = 86) and
        # from 1 Jun 2026 (counted from 1 Jul). 31 Aug, window Dec–Aug: 86 + 62 = 148;
        # 30 Sep, window Jan–Sep: 178.
        (
            [Absence(D(2026, 1, 5), D(2026, 4, 30)), Absence(D(2026, 6, 1), None)],
            22,
            9,
            D(2026, 9, 30),
        ),
        # The same first absence a year earlier falls out of the 9 months: 1 Jul 2026 onwards
        # alone: 31+31+30+31+30 = 153 by 30 Nov, 184 by 31 Dec.
        (
            [Absence(D(2025, 1, 6), D(2025, 4, 30)), Absence(D(2026, 6, 1), None)],
            22,
            9,
            D(2026, 12, 31),
        ),
        # A 21-day employer period (2011): 1 Jun 2011 counted from 22 Jun; 9+31+31+30+31 = 132 by
        # 31 Oct, 162 by 30 Nov.
        ([Absence(D(2011, 6, 1), None, excluded_days=21)], 22, 9, D(2011, 11, 30)),
        # An absence within its employer period never counts.
        ([Absence(D(2026, 11, 2), D(2026, 11, 30))], 22, 9, None),
    ],
)
def test_reassessment_date(
    absences: list[Absence], weeks: int, months: int, expected: dt.date | None
) -> None:
    assert reassessment_date(absences, weeks, months) == expected


def test_the_window_is_the_month_just_ended_and_the_8_before() -> None:
    assert months_back(D(2026, 9, 30), 8) == D(2026, 1, 1)
    assert months_back(D(2026, 2, 28), 8) == D(2025, 6, 1)
    assert month_end(D(2028, 2, 3)) == D(2028, 2, 29)
    assert month_end(D(2026, 12, 31)) == D(2026, 12, 31)


def test_counted_days_leave_out_the_employer_period() -> None:
    # 2 Nov 2026 + 30 = 2 Dec: December counts 30 days.
    assert counted_days([Absence(D(2026, 11, 2), None)], D(2026, 11, 1), D(2026, 12, 31)) == 30
