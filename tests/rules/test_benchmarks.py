"""Benchmarks: the file format, like-for-like matching (sector → industry → job group, the newest
confirmed year), DST's days per full-time employee, and the verdict's noise band."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from naervaer.rules.benchmarks import (
    COLUMNS,
    BadBenchmarkFile,
    Benchmark,
    Causes,
    Level,
    Measure,
    Sector,
    best_match,
    days_per_fte,
    parse,
    verdict,
)
from naervaer.rules.statistics import Cause

SHIPPED = Path(__file__).resolve().parents[2] / "naervaer/statistics/reference/benchmarks.csv"
HEADER = ";".join(COLUMNS) + "\n"


def shipped() -> list[Benchmark]:
    return parse(SHIPPED.read_text(encoding="utf-8"))


def test_the_shipped_file_parses_and_names_its_sources() -> None:
    benchmarks = shipped()
    assert len(benchmarks) >= 40
    assert all(b.source and b.url.startswith("https://") and b.published for b in benchmarks)
    # Every DST figure is own sickness without work accidents; every KRL figure includes them.
    assert all(
        b.causes is Causes.OWN_SICKNESS for b in benchmarks if "Danmarks Statistik" in b.source
    )
    assert all(
        b.causes is Causes.SICKNESS_INCL_WORK_INJURY for b in benchmarks if "KRL" in b.source
    )


@pytest.mark.parametrize(
    ("sector", "industry", "job_group", "expected"),
    [
        # A municipality: KL's KRL figure for municipalities, 2022 (newest confirmed), not the
        # whole labour market.
        ("municipality", "841100", "", ("Kommunerne", 2022, Causes.SICKNESS_INCL_WORK_INJURY, "16.1")),
        # The state and the regions: DST's own figures for their sector, newest year.
        ("state", "841100", "", ("Staten", 2021, Causes.OWN_SICKNESS, "7.7")),
        ("region", "861000", "", ("Regionerne", 2021, Causes.OWN_SICKNESS, "13.6")),
        # A private manufacturer: DA's manufacturing figure (2023), not DA's total.
        ("private", "251100", "", ("Fremstilling", 2023, Causes.OWN_SICKNESS, "3.8")),
        ("private", "412000", "", ("Bygge og anlæg", 2023, Causes.OWN_SICKNESS, "4.0")),
        # A private firm outside DA's industries: DA's total, 2024 (the final rate).
        ("private", "861000", "", ("DA-området", 2024, Causes.OWN_SICKNESS, "3.8")),
        # No sector known: the whole labour market, DST 2022.
        ("", "841100", "", ("Hele arbejdsmarkedet", 2022, Causes.OWN_SICKNESS, "11.0")),
        # A job group: its own figure, the newest (unconfirmed, the only kind there is).
        (
            "municipality",
            "841100",
            "Social- og sundhedspersonale",
            ("Social- og sundhedspersonale", 2023, Causes.SICKNESS_INCL_WORK_INJURY, "19.7"),
        ),
        ("municipality", "841100", "social- og  SUNDHEDSPERSONALE", ("Social- og sundhedspersonale", 2023, Causes.SICKNESS_INCL_WORK_INJURY, "19.7")),
    ],
)  # fmt: skip
def test_the_most_like_group_and_the_newest_year_win(
    sector: str, industry: str, job_group: str, expected: tuple[object, ...]
) -> None:
    match = best_match(sector, industry, shipped(), job_group)
    assert match is not None
    assert (match.group_label, match.year, match.causes, match.value) == (
        expected[0],
        expected[1],
        expected[2],
        Decimal(str(expected[3])),
    )


def test_a_job_group_without_a_figure_has_no_benchmark_and_never_borrows_another_sector() -> None:
    assert best_match("municipality", "841100", shipped(), "Brandmænd") is None
    # A job group's figure is never the benchmark of a whole organisation.
    assert all(not b.job_group for b in [best_match("municipality", "", shipped())] if b)
    only_state = (
        HEADER + "DST;2024;2023;state;Staten;;;own_sickness;days_per_fte;8;yes;https://x;\n"
    )
    assert best_match("municipality", "", parse(only_state)) is None


def test_a_confirmed_figure_wins_over_a_newer_quoted_one() -> None:
    text = (
        HEADER
        + "KRL via avis;2024;2023;municipality;Kommunerne;;;sickness_incl_work_injury;days_per_fte;14,8;no;https://x;\n"
        + "KL;2023;2022;municipality;Kommunerne;;;sickness_incl_work_injury;days_per_fte;16,1;yes;https://y;\n"
    )
    match = best_match("municipality", "", parse(text))
    assert match is not None and match.value == Decimal("16.1")


def test_causes_say_what_they_count() -> None:
    assert Causes.OWN_SICKNESS.counts == {Cause.OWN_SICKNESS}
    assert Causes.SICKNESS_INCL_WORK_INJURY.counts == {Cause.OWN_SICKNESS, Cause.WORK_ACCIDENT}


def test_a_bad_file_is_explained() -> None:
    with pytest.raises(BadBenchmarkFile, match="header"):
        parse("a;b\n1;2\n")
    row = "DST;2024;{year};all;x;;;own_sickness;rate;3,5;{confirmed};;\n"
    with pytest.raises(BadBenchmarkFile, match="Row 2"):
        parse(HEADER + row.format(year="tyve", confirmed="yes"))
    with pytest.raises(BadBenchmarkFile, match="Row 2"):
        parse(HEADER + row.format(year="2023", confirmed="måske"))
    with pytest.raises(BadBenchmarkFile, match="Row 2"):
        parse(HEADER + "DST;2024;2023;all;x;;;everything;rate;3,5;yes;;\n")
    with pytest.raises(BadBenchmarkFile, match="source"):
        parse(HEADER + ";2024;2023;all;x;;;own_sickness;rate;3,5;yes;;\n")
    parsed = parse(HEADER + row.format(year="2023", confirmed="ja"))[0]
    assert (parsed.value, parsed.sector, parsed.measure) == (
        Decimal("3.5"),
        Sector.ALL,
        Measure.RATE,
    )


def test_days_per_fte() -> None:
    # 40 absent hours of 1000 agreed over 250 working days: 10 day-works per full-time employee.
    assert days_per_fte(40.0, 1000.0, 250) == pytest.approx(10.0)
    assert days_per_fte(0.0, 0.0, 250) is None


@pytest.mark.parametrize(
    ("ours", "fte", "level", "low", "high"),
    [
        # 100 full-time: the band is 1.96 × 2 / √100 = 39.2 % either side of 16.1 days.
        (20.0, 100, Level.AT, 16.1 * 0.608, 16.1 * 1.392),
        (23.0, 100, Level.ABOVE, 16.1 * 0.608, 16.1 * 1.392),
        (9.0, 100, Level.BELOW, 16.1 * 0.608, 16.1 * 1.392),
        # 10,000 full-time: 3.92 %, so at least the 5 % floor.
        (17.0, 10_000, Level.ABOVE, 16.1 * 0.95, 16.1 * 1.05),
        (16.5, 10_000, Level.AT, 16.1 * 0.95, 16.1 * 1.05),
    ],
)
def test_the_verdict_allows_for_a_small_organisation_s_noise(
    ours: float, fte: float, level: Level, low: float, high: float
) -> None:
    v = verdict(ours, 16.1, fte)
    assert (v.level, v.low, v.high) == pytest.approx((level, low, high))
