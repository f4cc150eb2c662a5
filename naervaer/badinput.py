"""Input that cannot be used gets a clear 400 in the user's language, from the web and the API
alike, and changes nothing.

A view (or anything it calls) raises :class:`BadInput`; ``BadInputMiddleware`` answers web
requests with the 400 page, the API's exception handler with its JSON error shape. The limits
themselves are in :mod:`naervaer.rules.plausibility`; ``describe`` puts their problems into words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils import formats
from django.utils.translation import gettext as _

from naervaer.rules.plausibility import EARLIEST, LATEST, Code, Problem


class BadInput(Exception):
    """The request's input cannot be used; ``messages`` say why, field by field."""

    def __init__(self, *messages: tuple[str, str]) -> None:
        super().__init__("; ".join(m for _f, m in messages))
        self.messages = list(messages)

    @classmethod
    def from_problems(cls, field: str, problems: Iterable[Problem]) -> BadInput:
        return cls(*((field, describe(p)) for p in problems))


def _d(value: object) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if isinstance(value, dt.date) else ""


def _hours(value: object) -> str:
    return f"{value:n}".replace(".", ",")


def describe(problem: Problem) -> str:
    p = problem.params
    match problem.code:
        case Code.OUT_OF_RANGE:
            return _("%(day)s is outside the years Nærvær works with (%(first)s–%(last)s).") % {
                "day": p["day"].isoformat() if isinstance(p["day"], dt.date) else p["day"],
                "first": EARLIEST.year,
                "last": LATEST.year,
            }
        case Code.TOO_FAR_AHEAD:
            return _(
                "The first day of absence (%(day)s) is too far ahead: absence is registered "
                "from the day before at the earliest (%(latest)s)."
            ) % {"day": _d(p["day"]), "latest": _d(p["latest"])}
        case Code.PERIOD_TOO_LONG:
            return _("The period is too long: at most %(days)s days.") % {"days": p["days"]}
        case Code.END_BEFORE_START:
            return _("The end (%(end)s) is before the start (%(start)s).") % {
                "end": _d(p["end"]),
                "start": _d(p["start"]),
            }
        case Code.ABOVE_CONTRACT:
            return _(
                "From %(day)s: %(hours)s hours a week is more than the contract's %(weekly)s."
            ) % {
                "day": _d(p["day"]),
                "hours": _hours(p["hours"]),
                "weekly": _hours(p["weekly_hours"]),
            }
        case Code.NOT_IN_ORDER:
            return _("The steps must follow each other: %(day)s comes after %(previous)s.") % {
                "day": _d(p["day"]),
                "previous": _d(p["previous"]),
            }
        case Code.BEFORE_ABSENCE:
            return _("%(day)s is before the first day of absence, %(first)s.") % {
                "day": _d(p["day"]),
                "first": _d(p["first_day"]),
            }
        case Code.ABSENCE_ENDED:
            return _(
                "The absence ended on %(day)s: a gradual return can only be planned while it lasts."
            ) % {"day": _d(p["last_day"])}
    return str(problem.code)  # pragma: no cover - every code is handled above


class BadInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, BadInput):
            return None
        return render(request, "400.html", {"messages_": exception.messages}, status=400)
