"""Which delimiter an imported CSV file uses, guessed from its header line by csv.Sniffer."""

from __future__ import annotations

import pytest

from naervaer.importexport.tabular import read_table


@pytest.mark.parametrize(
    ("header", "columns"),
    [
        # Danish Excel writes semicolons.
        ("navn;timer", ["navn", "timer"]),
        ("navn,timer", ["navn", "timer"]),
        ("navn\ttimer", ["navn", "timer"]),
        # A quoted column name with the other candidate in it does not decide: the character
        # beside the quotes does (counting characters would have picked the semicolon here).
        (
            '"fornavn;efternavn","afdeling;team",timer',
            ["fornavn;efternavn", "afdeling;team", "timer"],
        ),
        ('"efternavn, fornavn";timer', ["efternavn, fornavn", "timer"]),
        # Both candidates, unquoted: the semicolon wins.
        ("navn;timer, pr. uge;afdeling", ["navn", "timer, pr. uge", "afdeling"]),
        # No candidate at all: one column.
        ("navn", ["navn"]),
    ],
)
def test_the_delimiter_is_read_from_the_header(header: str, columns: list[str]) -> None:
    table = read_table(f"{header}\r\n{'x;' * 3}\r\n".encode(), "people.csv")
    assert table.columns == columns
    assert [number for number, _values in table.rows] == [2]
