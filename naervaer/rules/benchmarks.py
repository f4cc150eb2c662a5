"""Industry benchmarks: published absence figures an organisation compares itself with.

Seed 001 (proposal 04): an employer that sees it is above its industry's average is more
motivated to act. Each figure names its source, publication, year and the DB07 industry codes
it covers (by prefix; no prefix = the whole labour market). The best match for an
organisation is the most specific industry, then the latest year.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Measure(StrEnum):
    RATE = "rate"  # absence as a percentage of possible working time
    DAYS_PER_FTE = "days_per_fte"  # absence day-works per full-time employee per year


@dataclass(frozen=True, slots=True)
class Benchmark:
    source: str
    published: str
    year: int
    sector: str
    industry: str
    db07_prefixes: tuple[str, ...]
    measure: Measure
    value: Decimal
    note: str = ""

    def covers(self, industry_code: str) -> int | None:
        """How specific the match is (length of the matching prefix), or None."""
        if not self.db07_prefixes:
            return 0
        lengths = [len(p) for p in self.db07_prefixes if industry_code.startswith(p)]
        return max(lengths) if lengths else None


class BadBenchmarkFile(ValueError):
    pass


COLUMNS = [
    "source",
    "published",
    "year",
    "sector",
    "industry",
    "db07_prefixes",
    "measure",
    "value",
    "note",
]


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
                    sector=row["sector"].strip(),
                    industry=row["industry"].strip(),
                    db07_prefixes=tuple(row["db07_prefixes"].split()),
                    measure=Measure(row["measure"].strip()),
                    value=Decimal(row["value"].replace(",", ".")),
                    note=(row.get("note") or "").strip(),
                )
            )
        except (ValueError, KeyError, ArithmeticError) as exc:
            raise BadBenchmarkFile(f"Row {number}: {exc}") from None
        if not result[-1].source:
            raise BadBenchmarkFile(f"Row {number}: every figure needs its source.")
    return result


def best_match(industry_code: str, benchmarks: Iterable[Benchmark]) -> Benchmark | None:
    candidates = [(b.covers(industry_code), b.year, b) for b in benchmarks]
    matching = [(spec, year, b) for spec, year, b in candidates if spec is not None]
    if not matching:
        return None
    return max(matching, key=lambda c: (c[0], c[1]))[2]


def days_per_fte(absent_hours: float, possible_hours: float, working_days: int) -> float | None:
    """Absence day-works per full-time employee over a period (DST's measure for a year).

    The number of full-time employees is the possible hours / (7.4 × working days), so the
    day-works (absent hours / 7.4) per full-time employee come to the absence rate times the
    working days of the period. Compare it with a yearly figure only over 12 months.
    """
    if possible_hours <= 0 or working_days <= 0:
        return None
    return absent_hours / possible_hours * working_days
