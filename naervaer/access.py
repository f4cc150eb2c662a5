"""Who may see and do what. The one place where access is decided.

Every view, queryset, export and command asks this module; none filters personal data by hand.
The rules (issue #2, DOMAIN.md "Actors and roles"):

- nobody sees anything of another organisation;
- an employee sees their own absence;
- a manager sees the people currently employed in the units they lead and their sub-units;
- HR sees every person of the organisation;
- an AMO member, a caseworker and an administrator see no person's absence through this
  module (AMO gets group statistics only; caseworkers work in job-centre cases);
- an administrator manages users and roles; HR and administrators read the audit log;
- the AMO's tools (4-step process, APV, problem reports, annual discussion) are for the AMO and
  HR of the organisation, and hold statistics of groups of at least five people only (the rule
  and its number: ``naervaer.rules.disclosure``, applied by ``naervaer.statistics.disclosure``);
  anyone in the organisation may file a problem report, anonymously if they wish;
- a job centre's caseworkers work its sickness cases; nobody else sees them;
- work accidents: HR and the managers of the unit or the injured person register them and see
  who was hurt; the AMO sees every accident and near miss of the organisation to learn from,
  but never who was hurt (``accident_names_visible``);
- the dialogue tool holds no personal data: managers, HR and the AMO of an organisation run its
  meetings; groups at the table join a meeting by its code, without an account.

Forbidden and non-existent look the same (404), so an id reveals nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeGuard, TypeVar, cast

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from naervaer.absence.models import AbsenceSpell
from naervaer.amo.models import ApvProblem
from naervaer.audit import reads
from naervaer.dialogue.models import Meeting
from naervaer.fleksjob.models import Fleksjob
from naervaer.followup.models import Case
from naervaer.jobcentre.models import Case as JobcentreCase
from naervaer.menu import main_menu
from naervaer.people.models import (
    UNIT_SEPARATOR,
    Employment,
    Organisation,
    Person,
    Role,
    Unit,
    UnitLeadership,
    User,
    subtree_q,
)
from naervaer.rules.obligations import Actor
from naervaer.workinjury.models import WorkAccident

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from django.contrib.auth.models import AnonymousUser


EMPLOYEE = "employee"
MANAGER = "manager"
HR = Role.Kind.HR.value
AMO = Role.Kind.AMO.value
CASEWORKER = Role.Kind.CASEWORKER.value
ADMIN = Role.Kind.ADMIN.value

M = TypeVar("M", bound=Model)
QS = TypeVar("QS", bound="QuerySet[Any, Any]")


@dataclass(frozen=True)
class Viewer:
    """What the policy needs to know about the person looking, computed once per request."""

    user_id: int | None
    organisation_id: int | None
    roles: frozenset[str]
    person_id: int | None
    led_paths: tuple[str, ...]
    # Shown on every page (the header), so read with the roles rather than by a query of its own.
    organisation_name: str = ""
    organisation_kind: str = ""
    # The querysets built for this viewer (see ``_built_once``); not part of its identity.
    _built: dict[tuple[str, dt.date], QuerySet[Any, Any]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )
    _managed_count: dict[dt.date, int] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )
    _follows_many: dict[dt.date, bool] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )
    _led_unit_ids: dict[str, list[int]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def has(self, role: str) -> bool:
        return role in self.roles

    @property
    def is_anonymous(self) -> bool:
        return self.user_id is None

    def require_organisation(self) -> int:
        """The viewer's organisation, for code behind a role check: every role is held in an
        organisation, so this refuses only a viewer no check would have let through."""
        if self.organisation_id is None:
            raise PermissionDenied
        return self.organisation_id


NOBODY = Viewer(None, None, frozenset(), None, ())


def own_organisation(user: User) -> Organisation:
    """The user's organisation, for code behind a role check (as ``Viewer.require_organisation``)."""
    if user.organisation is None:
        raise PermissionDenied
    return user.organisation


_CACHED_VIEWER = "_naervaer_viewer"


def viewer_for(user: User | AnonymousUser | None) -> Viewer:
    """The viewer for a user, cached on the user object for the rest of the request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOBODY
    cached = getattr(user, _CACHED_VIEWER, None)
    if isinstance(cached, Viewer):
        return cached
    if user.organisation_id is None:
        viewer = Viewer(user.pk, None, frozenset(), None, ())
    else:
        viewer = _viewer_in(user.pk, user.organisation_id)
    setattr(user, _CACHED_VIEWER, viewer)
    return viewer


def _viewer_in(user_id: int, organisation_id: int) -> Viewer:
    """The user's roles, their person in the organisation (if any: an employee), the units
    that person leads (if any: a manager) and the organisation's name and kind, read in one
    query: every request asks, so it is part of every page's cost (issue 14). One row per
    role × led unit, with NULLs where the user has none."""
    rows = list(
        User.objects.filter(pk=user_id).values_list(
            "roles__kind",
            "person__pk",
            "person__organisation_id",
            "person__leaderships__unit__path",
            "person__leaderships__unit__organisation_id",
            "organisation__name",
            "organisation__kind",
        )
    )
    roles: set[str] = set()
    person_id: int | None = None
    led: dict[str, None] = {}
    for kind, person, person_organisation, path, unit_organisation, *_ in rows:
        if kind is not None:
            roles.add(kind)
        if person is None or person_organisation != organisation_id:
            continue
        person_id = person
        roles.add(EMPLOYEE)
        if path is not None and unit_organisation == organisation_id:
            led[path] = None
            roles.add(MANAGER)
    name, kind_of_organisation = rows[0][5:] if rows else ("", "")
    return Viewer(
        user_id,
        organisation_id,
        frozenset(roles),
        person_id,
        tuple(led),
        organisation_name=name,
        organisation_kind=kind_of_organisation,
    )


def _today() -> dt.date:
    return timezone.localdate()


# --- People and absence -------------------------------------------------------------------


def _built_once(viewer: Viewer, name: str, day: dt.date, build: Callable[[], QS]) -> QS:
    """``build()``, built once per viewer and day and copied for each caller.

    A page asks for "the people of this viewer" four or five times (the front page: who is
    absent, the counts, the team's size, the steps due, the self-reports), and building the
    queryset, with its sub-queries, cost more CPU than running it (issue 14, docs/benchmarks.md).
    The copy is unevaluated, so every caller still reads the database as it is; a viewer lives
    for one request (``viewer_for`` keeps it on the request's user)."""
    if viewer.organisation_id is None:
        return build()
    key = (name, day)
    if key not in viewer._built:
        viewer._built[key] = build()
    return cast(QS, viewer._built[key]).all()


def people_with_absence_access(viewer: Viewer, today: dt.date | None = None) -> QuerySet[Person]:
    """The people whose absence ``viewer`` may see and act on."""
    if viewer.organisation_id is None:
        return Person.objects.none()
    day = today or _today()
    return _built_once(viewer, "absence_access", day, lambda: _with_absence_access(viewer, day))


def _with_absence_access(viewer: Viewer, today: dt.date) -> QuerySet[Person]:
    people = Person.objects.filter(organisation_id=viewer.require_organisation())
    if viewer.has(HR):
        return people
    q = Q(pk__in=[])
    if viewer.has(EMPLOYEE):
        q |= Q(pk=viewer.person_id)
    if viewer.has(MANAGER):
        q |= Q(pk__in=_led_people(viewer, today))
    return people.filter(q)


def _led_people(viewer: Viewer, day: dt.date) -> QuerySet[Employment, int]:
    """Ids of the people employed on or after ``day`` in the units ``viewer`` leads."""
    return _built_once(viewer, "led", day, lambda: _employed_in_led_units(viewer, day))


def _employed_in_led_units(viewer: Viewer, day: dt.date) -> QuerySet[Employment, int]:
    return Employment.objects.filter(
        Q(end__isnull=True) | Q(end__gte=day), unit_id__in=_led_unit_ids(viewer)
    ).values_list("person_id", flat=True)


def _led_unit_ids(viewer: Viewer) -> list[int]:
    """The units ``viewer`` leads and those under them, read once per request. Written into
    each query as a list of ids rather than as a sub-query of paths, a manager's queries are
    quicker to build and to plan: 7 % of the CPU of her pages (issue 14)."""
    if "led" not in viewer._led_unit_ids:
        viewer._led_unit_ids["led"] = list(
            Unit.objects.filter(organisation_id=viewer.require_organisation())
            .filter(subtree_q(list(viewer.led_paths)))
            .values_list("pk", flat=True)
        )
    return viewer._led_unit_ids["led"]


def obligation_actors(viewer: Viewer) -> frozenset[Actor]:
    """Whose follow-up steps fall to ``viewer``: a manager takes the manager's steps for the
    people they lead, HR the employer's reports and refund claims for the organisation."""
    actors = set()
    if viewer.has(MANAGER):
        actors.add(Actor.MANAGER)
    if viewer.has(HR):
        actors.add(Actor.HR)
    return frozenset(actors)


def people_managed_by(viewer: Viewer, today: dt.date | None = None) -> QuerySet[Person]:
    """The people whose absence ``viewer`` follows as manager or HR. A manager is not their
    own manager: their own absence is followed by the manager above them."""
    if viewer.has(HR):
        return people_with_absence_access(viewer, today)
    if not viewer.has(MANAGER) or viewer.organisation_id is None:
        return Person.objects.none()
    day = today or _today()
    return _built_once(viewer, "managed", day, lambda: _managed(viewer, day))


def of_managed(viewer: Viewer, field: str, today: dt.date | None = None) -> Q:
    """ "``field`` (a person) is one of the people ``viewer`` follows" (``people_managed_by``),
    as the databases read it best: for HR, who follows everyone, the person's organisation (a
    join); for a manager, her set of people. (``person IN (the organisation's people)`` makes
    SQLite build a list of 50,000 ids for every query.)"""
    if viewer.has(HR):
        return Q(**{f"{field}__organisation_id": viewer.require_organisation()})
    return Q(**{f"{field}__in": people_managed_by(viewer, today)})


# From this many people on (a large employer's HR, a head of area), the databases are best
# asked for the few rows of the day or of the open steps first and to match them to the people;
# a team's rows are best found person by person.
MANY_PEOPLE = 1000


def follows_many(viewer: Viewer, today: dt.date | None = None) -> bool:
    """Whether ``viewer`` follows ``MANY_PEOPLE`` or more (``people_managed_by``).

    Asked as "is there a ``MANY_PEOPLE``-th person", so a head of area's 14,000 people are not
    all counted on each of her pages (16 ms on SQLite at 50,000 employees; issue 14), unless the
    request has counted them already (``managed_count``)."""
    day = today or _today()
    if day in viewer._managed_count:
        return viewer._managed_count[day] >= MANY_PEOPLE
    if day not in viewer._follows_many:
        viewer._follows_many[day] = (
            MANY_PEOPLE <= 0
            or people_managed_by(viewer, day).order_by()[MANY_PEOPLE - 1 :].exists()
        )
    return viewer._follows_many[day]


def managed_count(viewer: Viewer, today: dt.date | None = None) -> int:
    """How many people ``viewer`` follows (``people_managed_by``), counted once per request."""
    day = today or _today()
    if day not in viewer._managed_count:
        viewer._managed_count[day] = people_managed_by(viewer, day).count()
    return viewer._managed_count[day]


def _managed(viewer: Viewer, today: dt.date) -> QuerySet[Person]:
    # The same people as people_with_absence_access less the viewer, as one semi-join: an
    # ``OR`` with the viewer's own id would keep the databases from starting at the team
    # (PostgreSQL then scans every spell of the organisation; issue 14).
    people = Person.objects.filter(
        organisation_id=viewer.require_organisation(), pk__in=_led_people(viewer, today)
    )
    return people if viewer.person_id is None else people.exclude(pk=viewer.person_id)


def spells_visible_to(viewer: Viewer) -> QuerySet[AbsenceSpell]:
    return AbsenceSpell.objects.filter(person__in=people_with_absence_access(viewer))


# The getters below are how a view fetches one person's absence data, so each also notes the
# read for the audit log (written once per request, see naervaer.audit.reads).


def get_person_for(viewer: Viewer, pk: int) -> Person:
    """The person with ``pk`` if ``viewer`` may see their absence; else 404."""
    try:
        person = people_with_absence_access(viewer).get(pk=pk)
    except (Person.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    reads.note([person])
    return person


def get_spell_for(viewer: Viewer, pk: int) -> AbsenceSpell:
    try:
        spell = AbsenceSpell.objects.select_related("person").get(pk=pk)
    except (AbsenceSpell.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    _require_absence_access(viewer, spell.person_id)
    reads.note([spell.person])
    return spell


def _require_absence_access(viewer: Viewer, person_id: int) -> None:
    """404 unless ``viewer`` may see the absence of the person with ``person_id``.

    Asked of one person, after the record was read by its key: filtered by the people the
    viewer may see (``person IN (the viewer, or the people of her units)``), the same record
    made SQLite list every person of the organisation first (10 ms at 50,000 employees)."""
    if not people_with_absence_access(viewer).filter(pk=person_id).exists():
        raise Http404


def cases_visible_to(viewer: Viewer) -> QuerySet[Case]:
    """Follow-up cases of the people whose absence ``viewer`` may see."""
    return Case.objects.filter(person__in=people_with_absence_access(viewer))


def get_case_for(viewer: Viewer, pk: int) -> Case:
    try:
        case = Case.objects.select_related("person", "spell").get(pk=pk)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    _require_absence_access(viewer, case.person_id)
    reads.note([case.person])
    return case


def can_follow_up(viewer: Viewer, person: Person) -> bool:
    """Records conversations, answers and plans: whoever may register the person's absence."""
    return can_register_absence(viewer, person)


def can_register_absence(viewer: Viewer, person: Person) -> bool:
    """Managers register absence for the people they lead, HR for anyone in the organisation.
    Nobody registers their own (that is a conversation with the manager)."""
    if person.organisation_id != viewer.organisation_id:
        return False
    if viewer.has(HR):
        return True
    if person.pk == viewer.person_id:
        return False
    return people_managed_by(viewer).filter(pk=person.pk).exists()


def units_visible_to(viewer: Viewer) -> QuerySet[Unit]:
    """Units a viewer may choose in lists and filters (not a grant to see anyone's absence)."""
    if viewer.organisation_id is None:
        return Unit.objects.none()
    units = Unit.objects.filter(organisation_id=viewer.organisation_id)
    if viewer.has(HR) or viewer.has(ADMIN) or viewer.has(AMO):
        return units
    if viewer.has(MANAGER):
        return units.filter(subtree_q(list(viewer.led_paths)))
    return units.none()


# --- Organisation-wide capabilities --------------------------------------------------------


def can_follow_absence(viewer: Viewer) -> bool:
    """Sees the "absent now" list and people lists (manager or HR)."""
    return viewer.has(HR) or viewer.has(MANAGER)


def can_import_and_export(viewer: Viewer) -> bool:
    return viewer.has(HR)


def can_use_people_api(viewer: Viewer) -> bool:
    """The API's people and absence: HR's tokens (an AMO token reads statistics only)."""
    return viewer.has(HR)


def can_see_bradford_factor(viewer: Viewer) -> bool:
    """The Bradford factor of a person's short absences is HR's tool, not the manager's."""
    return viewer.has(HR)


def can_administer_holiday(viewer: Viewer) -> bool:
    """Replacement holiday for sickness during holiday (ferieloven § 12): HR administers it."""
    return viewer.has(HR)


def can_read_audit_log(viewer: Viewer) -> bool:
    return viewer.has(HR) or viewer.has(ADMIN)


def can_manage_users(viewer: Viewer) -> bool:
    return viewer.has(ADMIN)


def can_export_organisation(viewer: Viewer) -> bool:
    """The whole organisation in one file, for moving it elsewhere: administrators only."""
    return viewer.has(ADMIN)


def request_viewer(request: HttpRequest) -> Viewer:
    return viewer_for(request.user)


def context_processor(request: HttpRequest) -> dict[str, object]:
    viewer = request_viewer(request)
    nav = {
        "follow": can_follow_absence(viewer),
        "own": viewer.has(EMPLOYEE),
        "import_export": can_import_and_export(viewer),
        "audit": can_read_audit_log(viewer),
        "users": can_manage_users(viewer),
        "amo": viewer.has(AMO),
        "policy": can_set_policy(viewer),
        "statistics": can_see_statistics(viewer),
        "dialogue": can_lead_dialogue(viewer),
        "amo_tools": can_run_amo(viewer),
        "jobcentre": can_work_cases(viewer),
        "rules": can_read_rules(viewer),
        "injuries": can_see_accidents(viewer),
        "seniors": can_hold_senior_conversations(viewer),
        "fleksjob": can_administer_fleksjob(viewer),
        "holiday": can_administer_holiday(viewer),
    }
    return {
        "viewer": viewer,
        "nav": nav,
        "main_menu": main_menu(request, nav, viewer.organisation_kind) if viewer.user_id else "",
    }


def can_read_rules(viewer: Viewer) -> bool:
    """The rules page (values, sources, verified status): HR and job-centre caseworkers."""
    return viewer.has(HR) or viewer.has(CASEWORKER)


def can_set_policy(viewer: Viewer) -> bool:
    """The organisation's absence policy: HR and administrators."""
    return viewer.has(HR) or viewer.has(ADMIN)


# --- Statistics -------------------------------------------------------------------------------


def can_see_statistics(viewer: Viewer) -> bool:
    return viewer.has(HR) or viewer.has(MANAGER) or viewer.has(AMO)


def statistics_for_groups_only(viewer: Viewer) -> bool:
    """The API's organisation-wide statistics: in full for HR's tokens, in groups only (as the
    AMO sees them) for anyone else's."""
    return not viewer.has(HR)


def statistics_people(viewer: Viewer) -> tuple[set[int] | None, bool]:
    """Whom ``viewer``'s statistics count, and whether only groups may be shown.

    HR counts the whole organisation (None); a manager the people they lead; the AMO the whole
    organisation but only in groups disclosure control lets through (``rules.disclosure``).
    """
    if viewer.has(HR):
        return None, False
    if viewer.has(MANAGER):
        return set(people_managed_by(viewer).values_list("pk", flat=True)), False
    if viewer.has(AMO):
        return None, True
    return set(), True


# --- Dialogue tool ----------------------------------------------------------------------------


def can_lead_dialogue(viewer: Viewer) -> bool:
    return viewer.organisation_id is not None and (
        viewer.has(AMO) or viewer.has(HR) or viewer.has(MANAGER)
    )


def meetings_visible_to(viewer: Viewer) -> QuerySet[Meeting]:
    if not can_lead_dialogue(viewer):
        return Meeting.objects.none()
    return Meeting.objects.filter(organisation_id=viewer.require_organisation())


def get_meeting_for(viewer: Viewer, pk: int) -> Meeting:
    try:
        return meetings_visible_to(viewer).get(pk=pk)
    except (Meeting.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- The AMO's tools ----------------------------------------------------------------------------


def can_run_amo(viewer: Viewer) -> bool:
    return viewer.organisation_id is not None and (viewer.has(AMO) or viewer.has(HR))


def sees_absence_by_area(viewer: Viewer) -> bool:
    """The AMO's front page: today's absence per top-level area, for the areas disclosure
    control lets through, instead of anyone's name."""
    return viewer.has(AMO)


def can_report_problems(organisation: Organisation | None) -> TypeGuard[Organisation]:
    """Anyone in an employer organisation may file a problem report (a job centre has no AMO
    here); the public report page needs no login at all."""
    return organisation is not None and organisation.kind == Organisation.Kind.EMPLOYER


def reports_by_name(viewer: Viewer, organisation_id: int) -> bool:
    """A logged-in colleague may put their name on a report to their own organisation (or stay
    anonymous); anyone else reports without a name."""
    return viewer.organisation_id is not None and viewer.organisation_id == organisation_id


def amo_records(viewer: Viewer, model: type[M]) -> QuerySet[M]:
    """The organisation's records of one of the AMO's models (each has an ``organisation``)."""
    if not can_run_amo(viewer):
        return model._default_manager.none()
    return model._default_manager.filter(organisation_id=viewer.organisation_id)


def get_amo_record(viewer: Viewer, model: type[M], pk: int) -> M:
    try:
        return amo_records(viewer, model).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- The job centre -------------------------------------------------------------------------------


def can_work_cases(viewer: Viewer) -> bool:
    """Caseworkers of a job centre; employers' users never see a job-centre case."""
    return viewer.organisation_id is not None and viewer.has(CASEWORKER)


def jobcentre_cases(viewer: Viewer) -> QuerySet[JobcentreCase]:
    if not can_work_cases(viewer):
        return JobcentreCase.objects.none()
    return JobcentreCase.objects.filter(organisation_id=viewer.require_organisation())


def get_jobcentre_case(viewer: Viewer, pk: int) -> JobcentreCase:
    try:
        case = jobcentre_cases(viewer).get(pk=pk)
    except (JobcentreCase.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    reads.note_citizen_cases([case])
    return case


# --- Self-service, e-mail and administration (issue #13) ---------------------------------------


def can_report_own_absence(viewer: Viewer) -> bool:
    """Anyone employed in the organisation reports themselves sick and well; only themselves
    (the self-service pages take no person id)."""
    return viewer.organisation_id is not None and viewer.person_id is not None


def nearest_leaders(
    unit_path: str, leaders_by_path: Mapping[str, Sequence[Person]], person_id: int | None
) -> list[Person]:
    """The nearest leaders (nærmeste leder) of someone in the unit ``unit_path``: the leaders
    of that unit, or of the closest unit above it with a leader other than the person."""
    for path in _chain(unit_path):
        found = [p for p in leaders_by_path.get(path, ()) if p.pk != person_id]
        if found:
            return found
    return []


def nearest_managers(person: Person, day: dt.date | None = None) -> list[Person]:
    """The person's nearest leaders, from the unit of their employment on ``day`` (or their
    latest); empty when nobody leads a unit above them."""
    day = day or _today()
    employment = person.employment_on(day) or person.employments.order_by("-start").first()
    if employment is None:
        return []
    leaders: dict[str, list[Person]] = {}
    for leadership in (
        UnitLeadership.objects.filter(unit__organisation_id=person.organisation_id)
        .filter(unit__path__in=_chain(employment.unit.path))
        .select_related("person__user", "unit")
        .order_by("person__name")
    ):
        leaders.setdefault(leadership.unit.path, []).append(leadership.person)
    return nearest_leaders(employment.unit.path, leaders, person.pk)


def _chain(unit_path: str) -> list[str]:
    """A unit's path and those of the units above it."""
    parts = unit_path.split(UNIT_SEPARATOR)
    return [UNIT_SEPARATOR.join(parts[:i]) for i in range(len(parts), 0, -1)]


def can_see_sent_mail(viewer: Viewer) -> bool:
    """Everyone in an organisation sees the e-mails Nærvær sent for them or to them."""
    return viewer.organisation_id is not None and viewer.user_id is not None


def sent_mail_q(viewer: Viewer) -> Q:
    """Which sent e-mails ``viewer`` may read. They hold absence data (the invitation, the
    minutes), so HR sees the organisation's, anyone else the mails they sent or received;
    an administrator sees no person's absence and so only their own."""
    if not can_see_sent_mail(viewer):
        return Q(pk__in=[])
    organisation = Q(organisation_id=viewer.organisation_id)
    if viewer.has(HR):
        return organisation
    return organisation & (Q(sent_by_id=viewer.user_id) | Q(recipient_user_id=viewer.user_id))


def can_manage_units(viewer: Viewer) -> bool:
    """The unit tree and its leaders: administrators (HR keeps importing them from payroll)."""
    return viewer.organisation_id is not None and viewer.has(ADMIN)


def must_use_two_factor(viewer: Viewer) -> bool:
    """HR and administrators see the most (everyone's absence; users and roles), so they log in
    with a second factor."""
    return viewer.has(HR) or viewer.has(ADMIN)


def can_export_audit_log(viewer: Viewer) -> bool:
    """The audit log as a file: HR and administrators, who may read it anyway."""
    return viewer.organisation_id is not None and can_read_audit_log(viewer)


def can_print_report_poster(viewer: Viewer) -> bool:
    """The problem-report poster carries no personal data: those who run the AMO's tools."""
    return can_run_amo(viewer)


# --- Work injuries ---------------------------------------------------------------------------


def can_register_accidents(viewer: Viewer) -> bool:
    return viewer.organisation_id is not None and (viewer.has(HR) or viewer.has(MANAGER))


def can_see_accidents(viewer: Viewer) -> bool:
    return can_register_accidents(viewer) or (
        viewer.organisation_id is not None and viewer.has(AMO)
    )


def accidents_with_names_for(viewer: Viewer) -> QuerySet[WorkAccident]:
    """Accidents whose injured employee ``viewer`` may know and whose record they may change:
    HR all of the organisation's, a manager those in the units they lead and those of the
    people they lead wherever it happened."""
    if not can_register_accidents(viewer):
        return WorkAccident.objects.none()
    accidents = WorkAccident.objects.filter(organisation_id=viewer.require_organisation())
    if viewer.has(HR):
        return accidents
    return accidents.filter(
        subtree_q(list(viewer.led_paths), "unit__path") | Q(person__in=people_managed_by(viewer))
    )


def accidents_visible_to(viewer: Viewer) -> QuerySet[WorkAccident]:
    """The accidents and near misses ``viewer`` may read: their own named ones, and for the AMO
    every one of the organisation — without who was hurt (see ``accident_names_visible``)."""
    if viewer.organisation_id is not None and viewer.has(AMO):
        return WorkAccident.objects.filter(organisation_id=viewer.organisation_id)
    return accidents_with_names_for(viewer)


def accident_names_visible(viewer: Viewer, accident: WorkAccident) -> bool:
    return accidents_with_names_for(viewer).filter(pk=accident.pk).exists()


def get_accident_for(viewer: Viewer, pk: int) -> WorkAccident:
    try:
        return accidents_visible_to(viewer).select_related("unit", "person", "spell").get(pk=pk)
    except (WorkAccident.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def apv_problems_to_link(viewer: Viewer) -> QuerySet[ApvProblem]:
    """The APV problems an accident may be linked to: any of the organisation's (they hold no
    personal data); whether ``viewer`` may change the accident is decided before."""
    if viewer.organisation_id is None:
        return ApvProblem.objects.none()
    return ApvProblem.objects.filter(organisation_id=viewer.organisation_id)


# --- Seniors -----------------------------------------------------------------------------------


def can_hold_senior_conversations(viewer: Viewer) -> bool:
    """Managers with the people they lead, HR with everyone; the policy itself is HR's."""
    return viewer.organisation_id is not None and (viewer.has(HR) or viewer.has(MANAGER))


def can_set_senior_policy(viewer: Viewer) -> bool:
    """The organisation's senior policy is HR's."""
    return viewer.organisation_id is not None and viewer.has(HR)


def senior_people_for(viewer: Viewer) -> QuerySet[Person]:
    if not can_hold_senior_conversations(viewer):
        return Person.objects.none()
    return people_managed_by(viewer)


def senior_reminder_people(viewer: Viewer) -> QuerySet[Person]:
    """Whose senior conversations reach ``viewer``'s reminders: the people they lead as a
    manager (HR sees everyone's on the seniors page, but is not reminded of each)."""
    if not viewer.has(MANAGER):
        return Person.objects.none()
    # The people they lead, as people_managed_by gives a manager who is not also HR (and, for
    # one who is, without the rest of the organisation), built once with the rest of the page.
    day = _today()
    return _built_once(viewer, "managed", day, lambda: _managed(viewer, day))


def get_senior_person_for(viewer: Viewer, pk: int) -> Person:
    try:
        return senior_people_for(viewer).get(pk=pk)
    except (Person.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- Fleksjob ----------------------------------------------------------------------------------


def can_administer_fleksjob(viewer: Viewer) -> bool:
    """Terms of employment are HR's."""
    return viewer.organisation_id is not None and viewer.has(HR)


def fleksjob_for(viewer: Viewer) -> QuerySet[Fleksjob]:
    if not can_administer_fleksjob(viewer):
        return Fleksjob.objects.none()
    return Fleksjob.objects.filter(
        employment__person__organisation_id=viewer.require_organisation()
    ).select_related("employment__person", "employment__unit__organisation")


def get_fleksjob_for(viewer: Viewer, pk: int) -> Fleksjob:
    try:
        return fleksjob_for(viewer).get(pk=pk)
    except (Fleksjob.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
