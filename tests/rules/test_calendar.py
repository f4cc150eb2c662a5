import datetime as dt

import pytest

from naervaer.rules.calendar import is_public_holiday, is_working_day, month_grid


@pytest.mark.parametrize(
    ("day", "holiday"),
    [
        (dt.date(2023, 5, 5), True),  # Store Bededag 2023: the last one
        (dt.date(2024, 4, 26), False),  # abolished from 2024 (lov nr. 238 af 28.2.2023)
        (dt.date(2026, 4, 2), True),  # Skærtorsdag 2026
        (dt.date(2026, 4, 3), True),  # Langfredag
        (dt.date(2026, 4, 6), True),  # 2. påskedag
        (dt.date(2026, 5, 14), True),  # Kristi himmelfartsdag
        (dt.date(2026, 5, 25), True),  # 2. pinsedag
        (dt.date(2026, 12, 24), False),  # Juleaften: not a public holiday
        (dt.date(2026, 12, 25), True),
        (dt.date(2026, 12, 26), True),
        (dt.date(2026, 6, 5), False),  # Grundlovsdag: not a public holiday by law
    ],
)
def test_danish_public_holidays(day: dt.date, holiday: bool) -> None:
    assert is_public_holiday(day) is holiday


def test_working_days() -> None:
    assert is_working_day(dt.date(2026, 11, 23))  # Monday
    assert not is_working_day(dt.date(2026, 11, 22))  # Sunday
    assert not is_working_day(dt.date(2026, 12, 25))  # Friday, Christmas Day


def test_month_grid_starts_on_monday_with_iso_weeks() -> None:
    grid = month_grid(2026, 1)
    first_week = grid.weeks[0]
    assert first_week.number == 1  # 1 January 2026 is a Thursday in ISO week 1
    assert first_week.days[0].day == dt.date(2025, 12, 29)
    assert not first_week.days[0].in_month
    assert first_week.days[3].day == dt.date(2026, 1, 1)
    assert first_week.days[3].holiday == "Nytårsdag"
    assert grid.weeks[-1].days[-1].day >= dt.date(2026, 1, 31)
