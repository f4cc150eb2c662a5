"""Benchmarks: published absence figures an organisation compares itself with, like with like.

Seed 001 (proposal 04): an employer that sees it is above comparable workplaces is more
motivated to act. Levels differ greatly by sector (municipalities had 13–16 days per full-time
employee against 9–11 for the whole labour market, 2019–2022), so a figure is only a benchmark
for the group it was published for. Each figure says:

- who published it and when, and the address (``source``, ``published``, ``url``), and whether
  it was read at the publisher (``confirmed``) or only quoted by a third party;
- the group: a sector (``Sector``), DB07 industry codes by prefix, a job group (KRL's
  personalegrupper or DISCO-08), each empty for "all";
- which causes it counts (``Causes``): DST's "egen sygdom" leaves work accidents out, KRL's
  "sygefravær" counts them in;
- the measure: a rate (percent of possible working time) or days per full-time employee.

``best_match`` picks the most specific group that has a figure — job group, then industry, then
sector, then the whole labour market — and within it a confirmed figure of the newest year.
``verdict`` allows for the year-to-year noise of a small organisation: within the band around
the benchmark it is "at the level".
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from naervaer.rules.statistics import Cause


class Measure(StrEnum):
    RATE = "rate"  # absence as a percentage of possible working time
    DAYS_PER_FTE = "days_per_fte"  # absence day-works per full-time employee per year


class Sector(StrEnum):
    """DST's sectors (and KRL's: municipalities and regions)."""

    ALL = "all"  # the whole labour market
    STATE = "state"  # staten
    REGION = "region"  # regioner
    MUNICIPALITY = "municipality"  # kommuner
    PRIVATE = "private"  # virksomheder og organisationer (DA-området is part of it)


class Causes(StrEnum):
    """Which causes of absence a published figure counts."""

    OWN_SICKNESS = "own_sickness"  # DST "egen sygdom": without work accidents
    SICKNESS_INCL_WORK_INJURY = "sickness_incl_work_injury"  # KRL "sygefravær"

    @property
    def counts(self) -> frozenset[Cause]:
        if self is Causes.OWN_SICKNESS:
            return frozenset({Cause.OWN_SICKNESS})
        return frozenset({Cause.OWN_SICKNESS, Cause.WORK_ACCIDENT})


@dataclass(frozen=True, slots=True)
class Benchmark:
    source: str
    published: str  # date of publication, ISO (a year or year-month when that is all we know)
    year: int
    sector: Sector
    industry: str
    db07_prefixes: tuple[str, ...]
    job_group: str
    causes: Causes
    measure: Measure
    value: Decimal
    confirmed: bool = True
    url: str = ""
    note: str = ""

    def covers(self, industry_code: str) -> int | None:
        """How specific the industry match is (length of the matching prefix), or None."""
        if not self.db07_prefixes:
            return 0
        lengths = [len(p) for p in self.db07_prefixes if industry_code.startswith(p)]
        return max(lengths) if lengths else None

    @property
    def group_label(self) -> str:
        """The group in words for the sentence: the most specific part that is set."""
        return self.job_group or self.industry


class BadBenchmarkFile(ValueError):
    pass


COLUMNS = [
    "source",
    "published",
    "year",
    "sector",
    "industry",
    "db07_prefixes",
    "job_group",
    "causes",
    "measure",
    "value",
    "confirmed",
    "url",
    "note",
]

_YES = {"yes", "ja", "true", "1"}
_NO = {"no", "nej", "false", "0", ""}


def _flag(value: str) -> bool:
    value = value.strip().lower()
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise ValueError(f"confirmed must be yes or no, not {value!r}")


def parse(text: str) -> list[Benchmark]:
    """Read the benchmark file format (semicolon-separated, one header row: ``COLUMNS``)."""
    reader = csv.DictReader(io.StringIO(text), delimiter=";")
    if reader.fieldnames is None or [f.strip() for f in reader.fieldnames] != COLUMNS:
        raise BadBenchmarkFile(f"The header must be: {';'.join(COLUMNS)}")
    result = []
    for number, row in enumerate(reader, start=2):
        try:
            result.append(
                Benchmark(
                    source=row["source"].strip(),
                    published=row["published"].strip(),
                    year=int(row["year"]),
                    sector=Sector(row["sector"].strip() or "all"),
                    industry=row["industry"].strip(),
                    db07_prefixes=tuple(row["db07_prefixes"].split()),
                    job_group=row["job_group"].strip(),
                    causes=Causes(row["causes"].strip()),
                    measure=Measure(row["measure"].strip()),
                    value=Decimal(row["value"].replace(",", ".")),
                    confirmed=_flag(row["confirmed"] or ""),
                    url=(row.get("url") or "").strip(),
                    note=(row.get("note") or "").strip(),
                )
            )
        except (ValueError, KeyError, ArithmeticError, AttributeError) as exc:
            raise BadBenchmarkFile(f"Row {number}: {exc}") from None
        if not result[-1].source:
            raise BadBenchmarkFile(f"Row {number}: every figure needs its source.")
    return result


def _same_group(a: str, b: str) -> bool:
    return " ".join(a.lower().split()) == " ".join(b.lower().split())


def best_match(
    sector: str,
    industry_code: str,
    benchmarks: Iterable[Benchmark],
    job_group: str = "",
) -> Benchmark | None:
    """The figure for the most specific group that has one, confirmed and newest first.

    Without ``job_group`` only figures for all job groups qualify (a job group's figure is no
    benchmark for a whole organisation); with it, only that job group's figures. A figure for
    another sector never qualifies; one for the whole labour market does, as the last resort.
    """
    candidates = []
    for b in benchmarks:
        if job_group:
            if not b.job_group or not _same_group(b.job_group, job_group):
                continue
        elif b.job_group:
            continue
        if b.sector is not Sector.ALL and b.sector != sector:
            continue
        industry = b.covers(industry_code)
        if industry is None:
            continue
        key = (
            b.sector is not Sector.ALL,
            industry,
            b.confirmed,
            b.year,
            b.published,
            b.measure is Measure.RATE,  # the publisher's headline where both are given
        )
        candidates.append((key, b))
    if not candidates:
        return None
    return max(candidates, key=lambda c: c[0])[1]


def days_per_fte(absent_hours: float, agreed_hours: float, working_days: int) -> float | None:
    """Absence day-works per full-time employee over a period (DST's measure for a year).

    A full-time employee is agreed hours of 7.4 a working day over the whole period, so there
    are agreed hours / (7.4 × working days) of them, and the day-works (absent hours / 7.4) per
    full-time employee come to absent / agreed hours × working days. Holiday does not enter: a
    full-timer with 9 sick days has 9 days per full-time employee, whatever their holiday.
    Compare it with a yearly figure only over 12 months.
    """
    if agreed_hours <= 0 or working_days <= 0:
        return None
    return absent_hours / agreed_hours * working_days


# How much one person's yearly absence varies between people (standard deviation / mean).
# Sickness absence is very skewed (most have a few days, a few are away for months), so one
# long illness moves a small organisation's figure a lot. 2 is our assumption, not a published
# figure; see docs/statistics.md.
PERSON_VARIATION = 2.0
Z_95 = 1.96
MIN_BAND_SHARE = 0.05  # never call a difference under 5 % of the level "above" or "below"


class Level(StrEnum):
    BELOW = "below"
    AT = "at"
    ABOVE = "above"


@dataclass(frozen=True, slots=True)
class Verdict:
    level: Level
    low: float  # the band around the benchmark in which ours is "at the level"
    high: float


def verdict(ours: float, benchmark: float, full_time_equivalents: float) -> Verdict:
    """Above, at or below the benchmark, allowing for the noise of ``full_time_equivalents``.

    An organisation of n full-time people whose absence is like the benchmark group's would see
    its yearly figure vary by about ``PERSON_VARIATION / √n`` of the level (the standard error
    of a mean of n people); within 1.96 of those either side of the benchmark, the difference
    may be chance and the verdict is "at the level".
    """
    if full_time_equivalents <= 0:
        share = math.inf
    else:
        share = max(Z_95 * PERSON_VARIATION / math.sqrt(full_time_equivalents), MIN_BAND_SHARE)
    low, high = benchmark * max(0.0, 1 - share), benchmark * (1 + share)
    if ours > high:
        return Verdict(Level.ABOVE, low, high)
    if ours < low:
        return Verdict(Level.BELOW, low, high)
    return Verdict(Level.AT, low, high)
