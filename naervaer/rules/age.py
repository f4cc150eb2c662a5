"""Age bands for the statistics: which band a person is in on each day of a period.

The bands are those Dansk Arbejdsgiverforening (DA) publishes its absence statistics in
(under 30, 30–39, 40–49, 50–59, 60 and over), so an organisation can set its own figures
beside the published ones; the last band starts at 60, where the senior policy starts by default
(``naervaer.seniors``). See docs/statistics.md, "Absence by age band".

Age is counted on each day: a person is in the band of their age that day (``age_on``), so a
person who turns 60 on 14 March is in 50–59 up to 13 March and in "60 and over" from 14 March,
and their hours, absence and employment in the period are split there. Someone born on 29
February turns a year older on 1 March in a common year (the calendar has passed the birthday;
the same rule as ``age_on``). A spell is counted in the band of the day it ends, as statistics
count a spell in the period it ends in (``naervaer.rules.statistics``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from naervaer.rules.series import Series, Source, Step
from naervaer.rules.working_life import age_on

UNKNOWN = "unknown"  # no date of birth recorded: a band of its own, never guessed


@dataclass(frozen=True, slots=True)
class AgeBand:
    """Ages ``lowest`` to ``highest`` inclusive (``highest`` None: and over)."""

    key: str
    lowest: int
    highest: int | None

    def holds(self, age: int) -> bool:
        return self.lowest <= age and (self.highest is None or age <= self.highest)


DA_2019 = Source(
    "Dansk Arbejdsgiverforening, Fraværsstatistik 2019",
    "sickness absence by age: 18–29, 30–39, 40–49, 50–59 and 60+ years",
    "https://www.da.dk/statistik/fravaersstatistik/2019/",
)

AGE_BANDS: Series[tuple[AgeBand, ...]] = Series(
    key="statistics.age_bands",
    meaning="The age bands absence figures are shown in.",
    unit="years of age",
    looks_at="each day of the period",
    steps=(
        Step(
            dt.date(2000, 1, 1),
            (
                AgeBand("-29", 0, 29),
                AgeBand("30-39", 30, 39),
                AgeBand("40-49", 40, 49),
                AgeBand("50-59", 50, 59),
                AgeBand("60+", 60, None),
            ),
            DA_2019,
            verified=True,
            note="A statistics convention, not law. DA's first band is 18–29; ours starts at 0 "
            "so a young apprentice is counted, not dropped.",
        ),
    ),
)


def band_key(bands: tuple[AgeBand, ...], age: int) -> str:
    for band in bands:
        if band.holds(age):
            return band.key
    raise ValueError(f"no band holds age {age}")


def turns(birth_date: dt.date, age: int) -> dt.date:
    """The first day a person is ``age`` years old (1 March for a 29 February birthday in a
    common year)."""
    year = birth_date.year + age
    try:
        return birth_date.replace(year=year)
    except ValueError:  # 29 February in a common year
        return dt.date(year, 3, 1)


def band_spans(
    birth_date: dt.date | None, first: dt.date, last: dt.date, bands: tuple[AgeBand, ...]
) -> list[tuple[str, dt.date, dt.date]]:
    """The days ``first``–``last`` split by the band the person is in: (band, first, last) in
    date order, each span non-empty. Without a date of birth, all of it is ``UNKNOWN``."""
    if last < first:
        return []
    if birth_date is None:
        return [(UNKNOWN, first, last)]
    spans: list[tuple[str, dt.date, dt.date]] = []
    day = first
    while day <= last:
        key = band_key(bands, age_on(birth_date, day))
        band = next(b for b in bands if b.key == key)
        if band.highest is None:
            span_last = last
        else:
            span_last = min(last, turns(birth_date, band.highest + 1) - dt.timedelta(days=1))
        spans.append((key, day, span_last))
        day = span_last + dt.timedelta(days=1)
    return spans
