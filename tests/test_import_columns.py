"""The absence file is read a column at a time (``RowReader.read_columns``), each distinct cell
parsed once: the same values and the same problems, row by row and in the same order, as
reading each row (``RowReader.read``), whatever the cells' types; and every bad row of a
large file is reported with its number."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from naervaer.importexport.importers import (
    ABSENCE_FILE,
    EMPLOYEE_FILE,
    Column,
    RowReader,
    import_absences,
)
from naervaer.importexport.tabular import Cell, Table
from naervaer.people.models import Organisation
from tests.test_import import run_employees, snapshot

HEADER = ["employee_id", "first_day", "last_day", "percent", "kind"]
# What CSV and XLSX files hold: text, numbers (1, 1.0 and True are equal keys to a dict but
# different cells), dates, blanks, bad values repeated, rows cut short.
RECORDS: list[tuple[Cell, ...]] = [
    ("101", "05-01-2026", "07-01-2026", "100", "sygdom"),
    ("101", "05-01-2026", "07-01-2026", "100", "sygdom"),
    (101, dt.date(2026, 1, 5), dt.datetime(2026, 1, 7, 0, 0), 100, "sickness"),
    (101.0, 46027, 46029.0, 50.0, "ferie"),
    (True, "2026-13-01", "", "0", "ukendt"),
    (1, "2026-13-01", None, "101", "ukendt"),
    ("", "", "", "", ""),
    (None, None, None, None, None),
    ("102", "05.01.26"),
    ("=1", "31-02-2026", "x", "50,5", "§ 56"),
    ("a" * 41, "05-01-1899", "05-01-2101", "%", "Work_Accident"),
    ("102",),
    (),
]


@pytest.mark.parametrize(
    ("columns", "header"),
    [
        (ABSENCE_FILE, HEADER),
        (ABSENCE_FILE, ["kind", "first_day", "employee_id", "percent", "last_day"]),
        (ABSENCE_FILE, ["employee_id", "first_day", "percent"]),  # columns missing
        (EMPLOYEE_FILE, ["employee_id", "name", "unit", "weekly_hours", "employment_start"]),
    ],
)
@pytest.mark.parametrize("language", ["da", "en"])
def test_reading_a_column_at_a_time_equals_reading_row_by_row(
    columns: tuple[Column, ...], header: list[str], language: str
) -> None:
    records = [r[: len(header)] for r in RECORDS]
    reader = RowReader.for_header(columns, header)
    with translation.override(language):
        by_row = [reader.read(cells) for cells in records]
        by_column, problems = reader.read_columns(records)
    assert len(by_column) == len(columns)
    for i, (values, found) in enumerate(by_row):
        assert [column[i] for column in by_column] == values, i
        assert [type(column[i]) for column in by_column] == [type(v) for v in values], i
        assert problems.get(i, []) == found, i
    assert set(problems) == {i for i, (_values, found) in enumerate(by_row) if found}
    assert problems  # the table holds bad rows


@pytest.mark.django_db
def test_every_bad_row_of_a_large_file_is_reported_and_nothing_is_written() -> None:
    """3,000 rows, a bad one every 100th in turn: unknown person, last day before the first,
    no such date, holiday without its last day, a bad percentage. Each is named by its row, a
    row with two problems gets both, and the good rows are not written either."""
    org = Organisation.objects.create(slug="kom", name="Kommunen", cvr="55133018")
    assert run_employees(org, "employee_id,name,unit,manager_id,weekly_hours,employment_start,"
                              "employment_end\n101,A,U,,37,2000-01-01,\n").ok  # fmt: skip
    before = snapshot()
    rows: list[tuple[Cell, ...]] = []
    expected: dict[int, list[str]] = {}
    day = dt.date(2005, 1, 1)  # spells two days apart: none joins the next
    for i in range(3000):
        first = day + dt.timedelta(days=2 * i)
        row: tuple[Cell, ...] = ("101", first.isoformat(), first.isoformat(), "100", "sygdom")
        number = i + 2  # the header is row 1
        if i % 100 == 7:
            kind = i // 100 % 5
            if kind == 0:
                row, expected[number] = ("999", *row[1:]), ["Unknown employee 999."]
            elif kind == 1:
                before_first = (first - dt.timedelta(days=1)).isoformat()
                row = ("101", row[1], before_first, "100", "sygdom")
                expected[number] = ["The last day is before the first day."]
            elif kind == 2:
                row = ("101", "2026-02-30", row[2], "100", "sygdom")
                expected[number] = ["first_day: '2026-02-30' is not a date. Use dd-mm-yyyy, "
                                    "dd.mm.yyyy or yyyy-mm-dd."]  # fmt: skip
            elif kind == 3:
                row = ("101", row[1], "", "100", "ferie")
                expected[number] = ["Time off (holiday, a child's sickness) needs its last day."]
            else:
                row = ("998", row[1], row[2], "0", "sygdom")
                expected[number] = [
                    "percent: The percentage must be between 1 and 100, not 0.",
                    "Unknown employee 998.",
                ]
        rows.append(row)
    table = Table(HEADER, [(i + 2, r) for i, r in enumerate(rows)])
    with translation.override("en"):
        result = import_absences(org, table)
    assert not result.ok
    found: dict[int, list[str]] = {}
    for error in result.errors:
        found.setdefault(error.row, []).append(error.message)
    assert found == expected
    assert snapshot() == before
