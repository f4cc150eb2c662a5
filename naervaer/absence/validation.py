"""Checks a spell against the rules core and says what is wrong in the user's language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import formats
from django.utils.translation import gettext as _

from naervaer.rules.spells import DegreeStep, Period, Problem, ProblemCode, SpellDraft, check_spell


def _d(value: object) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if isinstance(value, dt.date) else ""


def describe(problem: Problem) -> str:
    p = problem.params
    match problem.code:
        case ProblemCode.LAST_BEFORE_FIRST:
            return _("The last day (%(last)s) is before the first day (%(first)s).") % {
                "last": _d(p["last_day"]),
                "first": _d(p["first_day"]),
            }
        case ProblemCode.PERCENT_OUT_OF_RANGE:
            return _("The degree of absence must be between 1 and 100 %%, not %(percent)s.") % {
                "percent": p["percent"]
            }
        case ProblemCode.STEP_OUTSIDE_SPELL:
            return _("%(day)s is outside the absence period.") % {"day": _d(p["day"])}
        case ProblemCode.FIRST_STEP_NOT_FIRST_DAY:
            return _("The degree of absence must be given from the first day, %(day)s.") % {
                "day": _d(p["day"])
            }
        case ProblemCode.DUPLICATE_STEP:
            return _("The degree of absence is given twice for %(day)s.") % {"day": _d(p["day"])}
        case ProblemCode.NOT_EMPLOYED:
            return _("The person is not employed on %(day)s.") % {"day": _d(p["day"])}
        case ProblemCode.OUTSIDE_EMPLOYMENT:
            return _(
                "The absence runs past the end of the employment on %(end)s. "
                "Absence is registered only while the person is employed."
            ) % {"end": _d(p["employment_end"])}
        case ProblemCode.OVERLAP:
            if p["last_day"] is None:
                return _(
                    "It overlaps an ongoing absence from %(first)s. Register the return first."
                ) % {"first": _d(p["first_day"])}
            return _("It overlaps the absence from %(first)s to %(last)s.") % {
                "first": _d(p["first_day"]),
                "last": _d(p["last_day"]),
            }
    return str(problem.code)  # pragma: no cover - every code is handled above


def problems_for(
    first_day: dt.date,
    last_day: dt.date | None,
    steps: Iterable[tuple[dt.date, int]],
    employments: Iterable[Period],
    other_spells: Iterable[Period],
) -> list[str]:
    draft = SpellDraft(first_day, last_day, tuple(DegreeStep(d, p) for d, p in steps))
    return [describe(p) for p in check_spell(draft, list(employments), list(other_spells))]
