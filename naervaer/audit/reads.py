"""Every read of personal absence data inside a request is audited here, in one place.

``AuditReadsMiddleware`` opens a :class:`Reading` for each request. Whatever fetches a
person's data notes it (``note``, ``note_citizen_cases``): the access module's getters do so for
every single person, absence, follow-up case and job-centre case a view asks for, so a new view
cannot forget; list views and the API note the rows they show. When the response is a success
(2xx: a page, a file, an API answer), the middleware writes ONE audit event naming everyone
noted. Redirects after a change and refusals write nothing (the change is audited by its service;
a refusal showed nothing). A view only names *what* was read, with ``@audited`` or ``describe``;
otherwise the event says "Saw absence data" (or "Read through the API") and names the
address.

Outside a request (command line, background jobs) nothing is collected: those call
:func:`naervaer.audit.services.record` themselves.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar

from django.http import HttpRequest, HttpResponseBase

from naervaer.audit.models import Action
from naervaer.audit.services import record
from naervaer.people.models import Person

P = ParamSpec("P")
R = TypeVar("R")


@dataclass
class Reading:
    action: Action | None = None
    detail: str = ""
    people: dict[int, int | None] = field(default_factory=dict)  # person -> organisation
    citizen_cases: dict[int, Any] = field(default_factory=dict)
    # Set by views without a login (the calendar feed): whose key was used.
    actor: Any = None
    organisation_id: int | None = None


_current: ContextVar[Reading | None] = ContextVar("naervaer_audit_reading", default=None)


def current() -> Reading | None:
    return _current.get()


def note(people: Iterable[Person | int]) -> None:
    """These people's absence data is being shown in the current request."""
    reading = _current.get()
    if reading is None:
        return
    for p in people:
        if isinstance(p, Person):
            reading.people.setdefault(p.pk, p.organisation_id)
        else:
            reading.people.setdefault(int(p), None)


def note_citizen_cases(cases: Iterable[Any]) -> None:
    """These job-centre cases (citizens are not ``Person`` rows) are being shown."""
    reading = _current.get()
    if reading is None:
        return
    for case in cases:
        reading.citizen_cases.setdefault(case.pk, case)


def describe(
    action: Action, detail: str = "", *, actor: Any = None, organisation_id: int | None = None
) -> None:
    """Name what the current request reads (and, without a login, on whose behalf)."""
    reading = _current.get()
    if reading is None:
        return
    reading.action, reading.detail = action, detail
    if actor is not None:
        reading.actor, reading.organisation_id = actor, organisation_id


def audited(action: Action, detail: str = "") -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Name the read a view makes; the subjects are noted where the data is fetched."""

    def decorate(view: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(view)
        def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
            describe(action, detail)
            return view(*args, **kwargs)

        return wrapped

    return decorate


def _page_name(request: HttpRequest) -> str:
    return f"{request.method} {request.path}"[:500]


def _write(request: HttpRequest, reading: Reading) -> None:
    token = getattr(request, "api_token", None)
    user = getattr(request, "user", None)
    if reading.actor is not None:
        actor, organisation_id = reading.actor, reading.organisation_id
    elif user is not None and user.is_authenticated:
        actor, organisation_id = user, user.organisation_id
    elif token is not None:
        actor, organisation_id = str(token), token.organisation_id
    else:  # pragma: no cover - every view that shows personal data requires one of the above
        actor, organisation_id = "anonymous", None
    if organisation_id is None:
        organisation_id = next((o for o in reading.people.values() if o is not None), None)
    if organisation_id is None and reading.citizen_cases:
        organisation_id = next(iter(reading.citizen_cases.values())).organisation_id
    if organisation_id is None:  # pragma: no cover - nothing to file the event under
        return
    default = Action.API_READ if token is not None else Action.READ
    record(
        actor,
        organisation_id,
        reading.action or default,
        reading.people,
        reading.detail or _page_name(request),
        citizen_cases=reading.citizen_cases.values(),
    )


class AuditReadsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        reading = Reading()
        token = _current.set(reading)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        if (reading.people or reading.citizen_cases) and 200 <= response.status_code < 300:
            _write(request, reading)
        return response
