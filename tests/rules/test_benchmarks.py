"""Industry benchmarks: the file format, the best match for an industry, DST's days per FTE."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from naervaer.rules.benchmarks import BadBenchmarkFile, Measure, best_match, days_per_fte, parse

SHIPPED = (
    Path(__file__).resolve().parents[2] / "naervaer/statistics/reference/industry_benchmarks.csv"
)


def test_the_shipped_file_parses_and_names_its_sources() -> None:
    benchmarks = parse(SHIPPED.read_text(encoding="utf-8"))
    assert len(benchmarks) >= 8
    assert all(b.source and b.year >= 2021 for b in benchmarks)


@pytest.mark.parametrize(
    ("industry", "expected"),
    [
        ("251100", ("Fremstilling", 2023, Measure.RATE, Decimal("3.8"))),  # metal products
        ("412000", ("Bygge og anlæg", 2023, Measure.RATE, Decimal("4.0"))),
        (
            "841100",
            ("Hele arbejdsmarkedet", 2022, Measure.DAYS_PER_FTE, Decimal("11.0")),
        ),  # a municipality
        ("", ("Hele arbejdsmarkedet", 2022, Measure.DAYS_PER_FTE, Decimal("11.0"))),
    ],
)
def test_the_most_specific_and_latest_figure_wins(
    industry: str, expected: tuple[object, ...]
) -> None:
    match = best_match(industry, parse(SHIPPED.read_text(encoding="utf-8")))
    assert match is not None
    assert (match.industry, match.year, match.measure, match.value) == expected


def test_a_bad_file_is_explained() -> None:
    with pytest.raises(BadBenchmarkFile, match="header"):
        parse("a;b\n1;2\n")
    header = "source;published;year;sector;industry;db07_prefixes;measure;value;note\n"
    with pytest.raises(BadBenchmarkFile, match="Row 2"):
        parse(header + "DST;2024;tyve;x;y;;rate;3,5;\n")
    with pytest.raises(BadBenchmarkFile, match="source"):
        parse(header + ";2024;2023;x;y;;rate;3,5;\n")
    assert parse(header + "DST;2024;2023;x;y;;rate;3,5;\n")[0].value == Decimal("3.5")


def test_days_per_fte() -> None:
    # 4 % absence over 250 working days is 10 day-works per full-time employee.
    assert days_per_fte(40.0, 1000.0, 250) == pytest.approx(10.0)
    assert days_per_fte(0.0, 0.0, 250) is None
