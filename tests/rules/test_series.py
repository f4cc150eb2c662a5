"""A rule's value is the one in force on the date the rule looks at; bills are never applied."""

from __future__ import annotations

import datetime as dt

import pytest

from naervaer.rules.series import NotInForce, Series, Source, Step

LAW = Source("Testloven", "§ 1", "https://example.invalid/testloven")

PERIOD = Series(
    key="employer_period_days",
    meaning="The employer pays for the first days.",
    unit="calendar days",
    steps=(
        Step(dt.date(2008, 6, 2), 21, LAW, verified=True),
        Step(dt.date(2012, 1, 2), 30, LAW, verified=True),
        Step(dt.date(2027, 1, 1), 40, LAW, verified=False, enacted=False),
    ),
)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2008, 6, 2), 21),  # first day of the 2008 value
        (dt.date(2012, 1, 1), 21),  # the day before the change
        (dt.date(2012, 1, 2), 30),  # the day of the change
        (dt.date(2030, 1, 1), 30),  # a bill not passed is never applied
    ],
)
def test_the_value_in_force_on_the_day(day: dt.date, expected: int) -> None:
    assert PERIOD.at(day) == expected


def test_before_the_first_step_the_rule_is_not_in_force() -> None:
    with pytest.raises(NotInForce):
        PERIOD.at(dt.date(2008, 6, 1))
    assert PERIOD.get(dt.date(2008, 6, 1)) is None


def test_upcoming_lists_future_steps_and_bills() -> None:
    assert [s.value for s in PERIOD.upcoming(dt.date(2011, 12, 31))] == [30, 40]
    assert [s.value for s in PERIOD.upcoming(dt.date(2026, 11, 27))] == [40]
    assert not PERIOD.verified


def test_steps_out_of_order_are_refused() -> None:
    with pytest.raises(ValueError, match="increasing"):
        Series(
            "x",
            "",
            "",
            (Step(dt.date(2012, 1, 2), 1, LAW, True), Step(dt.date(2008, 1, 1), 2, LAW, True)),
        )
