"""The caseworker's lists and the job centre's statistics (groups only)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from naervaer.jobcentre.models import Case
from naervaer.people.models import Organisation, User
from naervaer.rules import jobcentre as rules

CASELOAD_TARGET = (30, 40)  # seed 001, Ringsted: 30–40 cases per caseworker


def open_cases(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.filter(closed_on__isnull=True)


def screening_list(cases: QuerySet[Case]) -> QuerySet[Case]:
    """New cases not yet screened: the weekly screening's list (seed 001, Ringsted)."""
    return open_cases(cases).filter(screened_on__isnull=True).order_by("first_day")


def caseloads(organisation_id: int) -> list[tuple[User, int]]:
    counts = Counter(
        Case.objects.filter(organisation_id=organisation_id, closed_on__isnull=True)
        .exclude(caseworker=None)
        .values_list("caseworker_id", flat=True)
    )
    users = User.objects.filter(pk__in=counts).order_by("first_name", "username")
    return [(u, counts[u.pk]) for u in users]


@dataclass(frozen=True)
class DueItem:
    case: Case
    kind: str  # follow-up, plan, info-form, meeting
    title: str
    due: dt.date
    overdue: bool


def due_items(cases: Iterable[Case], today: dt.date, until: dt.date | None = None) -> list[DueItem]:
    """Every deadline of the open cases (follow-up conversation, follow-up plan, information
    form, round-table meeting) due by ``until`` (all when None), overdue ones first."""
    items = []
    for case in cases:
        if case.closed_on:
            continue
        for kind, deadline, title in (
            ("follow-up", case.next_follow_up(), _("Follow-up conversation")),
            ("plan", case.plan_deadline(), _("Follow-up plan")),
            ("info-form", case.info_form_deadline(), _("Information form back")),
            ("meeting", case.meeting_deadline(), _("Round-table or tripartite meeting")),
        ):
            due = deadline.due if deadline else None
            if deadline is not None and due is not None and (until is None or due <= until):
                # Only a legal deadline can be overdue; a planned date or a recommendation not.
                items.append(DueItem(case, kind, title, due, deadline.overdue(today)))
    return sorted(items, key=lambda i: (i.due, i.case.citizen))


def on_time(case: Case) -> list[bool]:
    """For each follow-up held where a legal deadline applied: was it held by that day?"""
    held = sorted(case.held(), key=lambda h: h.on)
    result = []
    for i, h in enumerate(held):
        due = rules.next_follow_up(case.first_day, held[:i], case.rules, case.situation())
        if due.kind is rules.Kind.DEADLINE and due.due is not None:
            result.append(h.on <= due.due)
    return result


def duration_days(case: Case, today: dt.date) -> int:
    """A case's duration, the one definition of every average on the statistics page: days
    from the first sick day to the day the case closed (today while it is open), both counted."""
    return ((case.closed_on or today) - case.first_day).days + 1


@dataclass
class Figures:
    cases: int = 0
    open: int = 0
    by_category: dict[int, int] | None = None
    average_days: float | None = None
    active_share: float | None = None  # share of open cases with a partial return or offer
    follow_ups: int = 0
    follow_ups_on_time: int = 0
    refund_this_week: dict[int, int] | None = None  # refund percent (0: none) -> open cases

    @property
    def on_time_share(self) -> float | None:
        return 100 * self.follow_ups_on_time / self.follow_ups if self.follow_ups else None


def figures(cases: Iterable[Case], today: dt.date) -> Figures:
    cases = list(cases)
    by_category: Counter[int] = Counter()
    refund_this_week: Counter[int] = Counter()
    f = Figures(cases=len(cases), by_category=by_category, refund_this_week=refund_this_week)
    if not cases:
        return f
    durations = [duration_days(c, today) for c in cases]
    f.average_days = sum(durations) / len(durations)
    still_open = [c for c in cases if c.closed_on is None]
    f.open = len(still_open)
    for c in cases:
        by_category[c.category or 0] += 1
        times = on_time(c)
        f.follow_ups += len(times)
        f.follow_ups_on_time += sum(times)
    if still_open:
        active = [c for c in still_open if c.active_hours(today) > 0]
        f.active_share = 100 * len(active) / len(still_open)
        for c in still_open:
            refund_this_week[c.refund_percent(today) or 0] += 1
    return f


@dataclass(frozen=True)
class Comparison:
    """A job centre's average duration against what its mix of categories would give at the
    average of all the job centres compared (indirect standardisation)."""

    organisation: str
    cases: int
    average_days: float
    expected_days: float

    @property
    def ratio(self) -> float:
        return self.average_days / self.expected_days if self.expected_days else 1.0


MIN_CASES = 5  # fewer cases than this and the figures are about individuals


def compare_job_centres(today: dt.date) -> list[Comparison]:
    """Every case counts, as in ``figures``, so a job centre's average is the same number on
    both; cases not yet categorised are a stratum of their own."""
    by_org: dict[int, list[Case]] = defaultdict(list)
    for case in Case.objects.all():
        by_org[case.organisation_id].append(case)
    everyone = [c for cs in by_org.values() for c in cs]
    if not everyone:
        return []
    per_category: dict[int, list[int]] = defaultdict(list)
    for c in everyone:
        per_category[c.category or 0].append(duration_days(c, today))
    mean = {k: sum(v) / len(v) for k, v in per_category.items()}
    names = dict(Organisation.objects.filter(pk__in=by_org).values_list("pk", "name"))
    result = []
    for org_id, cs in by_org.items():
        if len(cs) < MIN_CASES:
            continue
        actual = sum(duration_days(c, today) for c in cs) / len(cs)
        expected = sum(mean[c.category or 0] for c in cs) / len(cs)
        result.append(Comparison(names[org_id], len(cs), actual, expected))
    return sorted(result, key=lambda r: r.ratio)
