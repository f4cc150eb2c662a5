# No "from __future__ import annotations": django-ninja reads the annotations at import time.
"""The REST API, version 1 (OpenAPI at /api/v1/openapi.json, documentation at /api/v1/docs).

Every operation goes through the same access policy as the web pages (``naervaer.access``),
with the token's role in the token's organisation; every read of a person's absence is audited.
Errors have one shape: ``{"errors": [{"field": …, "reason": …}]}``.
"""

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, cast, overload

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Model, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, NinjaAPI, P, PathEx, Query, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import HttpBearer

from naervaer.absence import services
from naervaer.absence.models import AbsenceSpell, Kind, ReportedVia, TimeOff, TimeOffKind
from naervaer.absence.time_off import register_time_off
from naervaer.access import (
    Viewer,
    can_import_and_export,
    can_see_statistics,
    can_use_people_api,
    get_spell_for,
    people_with_absence_access,
    spells_visible_to,
    statistics_for_groups_only,
)
from naervaer.api.models import ApiToken
from naervaer.audit import reads
from naervaer.badinput import BadInput, describe
from naervaer.followup.models import Obligation
from naervaer.importexport.importers import EMPLOYEE_COLUMNS, SALARY_COLUMN, import_employees
from naervaer.importexport.tabular import Cell, Table
from naervaer.importexport.values import text
from naervaer.people.models import Person
from naervaer.rules import plausibility
from naervaer.rules.statistics import HEADLINE_CAUSES
from naervaer.statistics.selectors import Scope, dashboard


class TokenRequest(HttpRequest):
    """A request that ``TokenAuth`` let in: every operation's (the API has no anonymous one)."""

    api_token: ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = ApiToken.lookup(token)
        if found is not None:
            # Here the request becomes a TokenRequest; the audit log reads the token from it too.
            cast(TokenRequest, request).api_token = found
        return found


api = NinjaAPI(
    title="Nærvær API",
    version="1",
    description=__doc__,
    auth=TokenAuth(),
    urls_namespace="api",
)


# Database integers are 64-bit; larger numbers in a request are refused (422) instead of
# failing inside PostgreSQL.
MAX_ID = 2**63 - 1


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(100, ge=1, le=1000)
        offset: int = Field(0, ge=0, le=MAX_ID)


class Page(Sequence[dict[str, Any]]):
    """A query the paginator slices in the database: only the requested page is fetched,
    turned into rows and (``on_page``) audited, instead of every record the token may see."""

    def __init__(
        self,
        queryset: QuerySet[Any],
        to_row: Callable[[Any], dict[str, Any]],
        on_page: Callable[[list[Any]], None] | None = None,
    ) -> None:
        self.queryset, self.to_row, self.on_page = queryset, to_row, on_page

    def __len__(self) -> int:
        return self.queryset.count()

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...
    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        page: list[Model] = list(self.queryset[index])
        if self.on_page is not None:
            self.on_page(page)
        return [self.to_row(obj) for obj in page]


class ErrorOut(Schema):
    field: str
    reason: str


class ErrorsOut(Schema):
    """Every 4xx answer: what was wrong, field by field ("" when it is the request as a whole)."""

    errors: list[ErrorOut]


# Declared on every operation, so clients (and schemathesis) know the shape of each refusal.
ERRORS: dict[int, type[Schema]] = {
    400: ErrorsOut,
    401: ErrorsOut,
    403: ErrorsOut,
    404: ErrorsOut,
    422: ErrorsOut,
}


def errors(*pairs: tuple[str, str]) -> dict[str, list[dict[str, str]]]:
    return {"errors": [{"field": field, "reason": reason} for field, reason in pairs]}


@api.exception_handler(NinjaValidationError)
def invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    pairs = [
        (".".join(str(p) for p in e.get("loc", [])[1:]) or "body", str(e.get("msg", "")))
        for e in exc.errors
    ]
    return api.create_response(request, errors(*pairs), status=422)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """Ninja's own refusals (e.g. 400 for a body that is not JSON), in the same shape."""
    field = "body" if exc.status_code == 400 else ""
    return api.create_response(request, errors((field, str(exc))), status=exc.status_code)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(
        request, errors(("Authorization", "A valid bearer token is required.")), status=401
    )


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(
        request, errors(("", "The token's role does not allow this.")), status=403
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, errors(("", "Not found.")), status=404)


@api.exception_handler(BadInput)
def bad_input(request: HttpRequest, exc: BadInput) -> HttpResponse:
    return api.create_response(request, errors(*exc.messages), status=400)


@api.exception_handler(ValidationError)
def refused(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        pairs = [(f, m) for f, ms in exc.message_dict.items() for m in ms]
    else:
        pairs = [("", m) for m in exc.messages]
    return api.create_response(request, errors(*pairs), status=422)


def viewer_of(request: TokenRequest) -> Viewer:
    return request.api_token.viewer()


def require_hr(request: TokenRequest) -> Viewer:
    viewer = viewer_of(request)
    if not can_use_people_api(viewer):
        raise PermissionDenied
    return viewer


# --- People ----------------------------------------------------------------------------------


class PersonOut(Schema):
    employee_id: str
    name: str
    unit: str | None
    weekly_hours: Decimal | None
    employment_start: dt.date | None
    employment_end: dt.date | None
    salary_during_sickness: bool | None
    job_group: str = ""


class PersonIn(Schema):
    name: str
    unit: str
    weekly_hours: Decimal
    employment_start: dt.date
    employment_end: dt.date | None = None
    manager_id: str | None = None
    # Does the employer pay salary during sickness (§ 40)? Left out: unchanged (new: yes).
    salary_during_sickness: bool | None = None
    job_group: str | None = Field(
        None, max_length=100, description="KRL personalegruppe or DISCO-08 major group"
    )


def person_out(person: Person) -> dict[str, Any]:
    employments = sorted(person.employments.all(), key=lambda e: e.start)
    e = employments[-1] if employments else None
    return {
        "employee_id": person.employee_id,
        "name": person.name,
        "unit": e.unit.path if e else None,
        "weekly_hours": e.weekly_hours if e else None,
        "employment_start": e.start if e else None,
        "employment_end": e.end if e else None,
        "salary_during_sickness": e.pays_salary if e else None,
        "job_group": e.job_group if e else "",
    }


@api.get("/people", response={200: list[PersonOut], **ERRORS}, tags=["people"])
@paginate(Pagination)
def list_people(request: TokenRequest, q: str = "") -> Page:
    """People with their current employment (HR tokens)."""
    viewer = require_hr(request)
    people = people_with_absence_access(viewer).prefetch_related("employments__unit")
    if q:
        people = people.filter(Q(name__icontains=q) | Q(employee_id=q))
    return Page(people.order_by("employee_id"), person_out)


@api.put("/people/{employee_id}", response={200: PersonOut, **ERRORS}, tags=["people"])
def put_person(request: TokenRequest, employee_id: str, body: PersonIn) -> dict[str, Any]:
    """Create or update a person and their employment, as one row of an employee import."""
    viewer = require_hr(request)
    if not can_import_and_export(viewer):
        raise PermissionDenied
    token = request.api_token
    employee_id = text(employee_id)  # as an import row would read it: without outer spaces
    values: dict[str, Cell] = {
        "employee_id": employee_id,
        "name": body.name,
        "unit": body.unit,
        "manager_id": body.manager_id or "",
        "weekly_hours": str(body.weekly_hours),
        "employment_start": body.employment_start.isoformat(),
        "employment_end": body.employment_end.isoformat() if body.employment_end else "",
        SALARY_COLUMN: {None: "", True: "yes", False: "no"}[body.salary_during_sickness],
    }
    columns = [*EMPLOYEE_COLUMNS, SALARY_COLUMN]
    if body.job_group is not None:  # left out: the stored job group stays
        values["job_group"] = body.job_group
        columns.append("job_group")
    table = Table.of_records(columns, [values])
    result = import_employees(token.organisation, table, by=str(token))
    if not result.ok:
        raise ValidationError([e.message for e in result.errors])
    person = Person.objects.prefetch_related("employments__unit").get(
        organisation=token.organisation, employee_id=employee_id
    )
    return person_out(person)


# --- Absence ---------------------------------------------------------------------------------


class DegreeOut(Schema):
    """From this day on, the person is absent this percentage of their hours."""

    from_day: dt.date
    percent: int


class AbsenceOut(Schema):
    id: int
    employee_id: str
    first_day: dt.date
    last_day: dt.date | None
    kind: str
    section56: bool
    degrees: list[DegreeOut]


class AbsenceIn(Schema):
    employee_id: str
    first_day: dt.date
    last_day: dt.date | None = None
    percent: int = 100
    kind: Kind = Kind.SICKNESS
    section56: bool = False


class ReturnIn(Schema):
    back_on: dt.date


def absence_out(spell: AbsenceSpell) -> dict[str, Any]:
    return {
        "id": spell.pk,
        "employee_id": spell.person.employee_id,
        "first_day": spell.first_day,
        "last_day": spell.last_day,
        "kind": spell.kind,
        "section56": spell.section56,
        "degrees": [
            {"from_day": d.from_day, "percent": d.percent}
            for d in sorted(spell.degrees.all(), key=lambda d: d.from_day)
        ],
    }


class AbsenceFilter(Schema):
    employee_id: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None


@api.get("/absences", response={200: list[AbsenceOut], **ERRORS}, tags=["absence"])
@paginate(Pagination)
def list_absences(request: TokenRequest, filters: Query[AbsenceFilter]) -> Page:
    """The organisation's absence, oldest first. A system that keeps a copy asks for what
    reaches into the days since its last run (``since``); a first full copy of a large
    organisation is the export's work, as every page here counts the spells it lists."""
    viewer = require_hr(request)
    order: tuple[Any, ...] = ("first_day", "pk")
    spells: QuerySet[AbsenceSpell]
    if filters.since:
        # The few spells that reach into the days since: found through their last day, then
        # sorted. Ordered by the column itself, the databases walked every spell from the
        # oldest to fill a page: 2 s at 50,000 employees (issue 14, docs/benchmarks.md).
        spells = AbsenceSpell.objects.overlapping(filters.since, filters.until).of_many_people(
            people_with_absence_access(viewer)
        )
        order = (Coalesce("first_day", "first_day"), "pk")
    else:
        spells = spells_visible_to(viewer)
        if filters.until:
            spells = spells.filter(first_day__lte=filters.until)
    if filters.employee_id:
        spells = spells.filter(person__employee_id=filters.employee_id)

    def audit(page: list[AbsenceSpell]) -> None:
        reads.note(s.person for s in page)

    return Page(
        spells.select_related("person").prefetch_related("degrees").order_by(*order),
        absence_out,
        audit,
    )


@api.post("/absences", response={201: AbsenceOut, **ERRORS}, tags=["absence"])
def create_absence(request: TokenRequest, body: AbsenceIn) -> Status[dict[str, Any]]:
    viewer = require_hr(request)
    person = people_with_absence_access(viewer).filter(employee_id=body.employee_id).first()
    if person is None:
        raise ValidationError({"employee_id": ["No employee has this number."]})
    spell = services.register_sick(
        person,
        body.first_day,
        last_day=body.last_day,
        percent=body.percent,
        kind=body.kind,
        section56=body.section56,
        reported_via=ReportedVia.API,
        by=str(request.api_token),
    )
    return Status(201, absence_out(spell))


@api.post("/absences/{absence_id}/return", response={200: AbsenceOut, **ERRORS}, tags=["absence"])
def end_absence(
    request: TokenRequest, body: ReturnIn, absence_id: PathEx[int, P(ge=1, le=MAX_ID)]
) -> dict[str, Any]:
    """The person is fully back on ``back_on``; the last day of absence is the day before."""
    viewer = require_hr(request)
    spell = get_spell_for(viewer, absence_id)
    services.register_return(spell, body.back_on, by=str(request.api_token))
    spell.refresh_from_db()
    return absence_out(spell)


# --- Time off: holiday and other leave, a child's sickness --------------------------------


class TimeOffOut(Schema):
    id: int
    employee_id: str
    kind: str
    first_day: dt.date
    last_day: dt.date
    percent: int


class TimeOffIn(Schema):
    """Holiday, a feriefridag or omsorgsdag (taken out of the possible working time in the
    statistics) or a child's sickness; ``percent`` of each working day."""

    employee_id: str
    kind: TimeOffKind
    first_day: dt.date
    last_day: dt.date
    percent: int = Field(100, ge=1, le=100)


def time_off_out(t: TimeOff) -> dict[str, Any]:
    return {
        "id": t.pk,
        "employee_id": t.person.employee_id,
        "kind": t.kind,
        "first_day": t.first_day,
        "last_day": t.last_day,
        "percent": t.percent,
    }


@api.get("/time-off", response={200: list[TimeOffOut], **ERRORS}, tags=["absence"])
@paginate(Pagination)
def list_time_off(request: TokenRequest, filters: Query[AbsenceFilter]) -> Page:
    viewer = require_hr(request)
    rows = TimeOff.objects.filter(person__in=people_with_absence_access(viewer)).select_related(
        "person"
    )
    if filters.employee_id:
        rows = rows.filter(person__employee_id=filters.employee_id)
    if filters.since:
        rows = rows.filter(last_day__gte=filters.since)
    if filters.until:
        rows = rows.filter(first_day__lte=filters.until)

    def audit(page: list[TimeOff]) -> None:
        reads.note(t.person_id for t in page)

    return Page(rows.order_by("first_day", "pk"), time_off_out, audit)


@api.post("/time-off", response={201: TimeOffOut, **ERRORS}, tags=["absence"])
def create_time_off(request: TokenRequest, body: TimeOffIn) -> Status[dict[str, Any]]:
    viewer = require_hr(request)
    person = people_with_absence_access(viewer).filter(employee_id=body.employee_id).first()
    if person is None:
        raise ValidationError({"employee_id": ["No employee has this number."]})
    time_off = register_time_off(
        person,
        body.kind,
        body.first_day,
        body.last_day,
        percent=body.percent,
        by=str(request.api_token),
    )
    return Status(201, time_off_out(time_off))


# --- Follow-up and statistics ---------------------------------------------------------------------


class ObligationOut(Schema):
    employee_id: str
    absence_first_day: dt.date
    code: str
    due: dt.date | None  # None: the law sets no date (a requested retention plan)
    actor: str
    state: str
    optional: bool
    reason: str  # a code (naervaer.rules.obligations.Reason) with its parameters
    params: dict[str, Any]
    source: str
    verified: bool


def obligation_out(o: Obligation) -> dict[str, Any]:
    return {
        "employee_id": o.case.person.employee_id,
        "absence_first_day": o.case.first_day,
        "code": o.code,
        "due": o.due,
        "actor": o.actor,
        "state": o.state,
        "optional": o.optional,
        "reason": o.reason,
        "params": o.params,
        "source": o.source,
        "verified": o.verified,
    }


@api.get("/obligations", response={200: list[ObligationOut], **ERRORS}, tags=["follow-up"])
@paginate(Pagination)
def list_obligations(request: TokenRequest, state: str = "open") -> Page:
    """Follow-up steps of the organisation's absences (stable codes, see the rules)."""
    viewer = require_hr(request)
    obligations = Obligation.objects.filter(
        case__person__in=people_with_absence_access(viewer), state=state
    ).select_related("case__person")

    def audit(page: list[Obligation]) -> None:
        reads.note(o.case.person for o in page)

    return Page(
        obligations.order_by(F("due").asc(nulls_last=True), "pk"),  # same on every DB
        obligation_out,
        audit,
    )


class PeriodOut(Schema):
    start: dt.date
    end: dt.date


class StatisticsOut(Schema):
    period: PeriodOut
    causes: list[str] = Field(description="The causes the figures count (DST's categories)")
    leave_estimated: bool = Field(
        description="No leave recorded: possible hours rest on the holiday act's 25 days plus "
        "the organisation's feriefridage"
    )
    total: dict[str, Any]
    units: list[dict[str, Any]]


@api.get("/statistics", response={200: StatisticsOut, **ERRORS}, tags=["statistics"])
def statistics(request: TokenRequest, start: dt.date, end: dt.date) -> dict[str, Any]:
    """The absence rate and figures per top-level unit; AMO tokens get groups of 5+ only."""
    viewer = viewer_of(request)
    if not can_see_statistics(viewer):
        raise PermissionDenied
    problems = [("start", p) for p in plausibility.check_dates(start)]
    problems += [("end", p) for p in plausibility.check_dates(end)]
    problems = problems or [("end", p) for p in plausibility.check_period(start, end)]
    if problems:
        raise BadInput(*((field, describe(p)) for field, p in problems))
    result = dashboard(
        Scope(viewer.organisation_id or 0),
        start,
        end,
        timezone.localdate(),
        for_amo=statistics_for_groups_only(viewer),
        with_trend=False,
    )
    return {
        "period": {"start": start, "end": end},
        "causes": sorted(HEADLINE_CAUSES),
        "leave_estimated": result.leave_estimated,
        "total": result.total.as_dict(),
        "units": [g.as_dict() for g in result.units],
    }
