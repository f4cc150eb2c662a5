"""A rule as a dated series of values, each with the source it comes from.

Law changes by date: the employer period was 15 days, then 21 from 2 June 2008, then 30 from
2 January 2012. A rule is therefore never one constant but a list of steps, each *in force from*
a date, with the law, paragraph and address that say so, and whether we have checked the value
against that text (``verified``). The engine asks a series for the step in force on the date the
rule itself looks at — the first absence day for the employer's duties, the follow-up date for
the municipality's cadence, the benefit week for the state refund — so two rules in one case can
come from different years, exactly as the transitional provisions say.

A bill that has not been passed is a step with ``enacted=False``: it is shown to users as an
upcoming change and never applied.

Lawyers read this module's data line by line against the statute; keep it data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar, overload

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Source:
    """Where a value comes from: the act (with its current consolidation), the paragraph, the
    address of the text."""

    law: str
    paragraph: str = ""
    url: str = ""

    def __str__(self) -> str:
        return ", ".join(part for part in (self.law, self.paragraph) if part)


@dataclass(frozen=True, slots=True)
class Step(Generic[T]):
    """One value of a rule, in force from ``in_force_from`` until the next step's date."""

    in_force_from: dt.date
    value: T
    source: Source
    verified: bool
    note: str = ""
    enacted: bool = True  # False: a bill or proposal — shown as upcoming, never applied


class NotInForce(LookupError):
    """The rule did not exist yet on the date asked about."""


@dataclass(frozen=True, slots=True)
class Series(Generic[T]):
    """A rule's history: steps in date order. ``key`` is stable (used in codes and the UI)."""

    key: str
    meaning: str
    unit: str
    steps: tuple[Step[T], ...]
    looks_at: str = "first absence day"  # which date of a case selects the step
    _enacted: tuple[Step[T], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        dates = [s.in_force_from for s in self.steps]
        if dates != sorted(dates) or len(set(dates)) != len(dates):
            raise ValueError(f"{self.key}: steps must be in strictly increasing date order")
        object.__setattr__(self, "_enacted", tuple(s for s in self.steps if s.enacted))

    def step_at(self, day: dt.date) -> Step[T]:
        """The enacted step in force on ``day``; ``NotInForce`` before the first one."""
        found: Step[T] | None = None
        for step in self._enacted:
            if step.in_force_from <= day:
                found = step
            else:
                break
        if found is None:
            raise NotInForce(f"{self.key} is not in force on {day.isoformat()}")
        return found

    def at(self, day: dt.date) -> T:
        """The value in force on ``day``."""
        return self.step_at(day).value

    @overload
    def get(self, day: dt.date) -> T | None: ...
    @overload
    def get(self, day: dt.date, default: T) -> T: ...
    def get(self, day: dt.date, default: T | None = None) -> T | None:
        """The value in force on ``day``, or ``default`` when the rule did not exist yet."""
        try:
            return self.at(day)
        except NotInForce:
            return default

    def upcoming(self, today: dt.date) -> Iterator[Step[T]]:
        """Steps that take effect after ``today``, and bills not passed (never applied)."""
        for step in self.steps:
            if step.in_force_from > today or not step.enacted:
                yield step

    @property
    def verified(self) -> bool:
        """Every step of the rule checked against its source."""
        return all(step.verified for step in self.steps)
