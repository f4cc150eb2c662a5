"""Who is due a senior conversation, by the organisation's policy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, Q, QuerySet

from naervaer.people.models import Employment, Person
from naervaer.rules.calendar import add_months
from naervaer.rules.working_life import age_on
from naervaer.seniors.models import SeniorPolicy

LOOK_AHEAD = dt.timedelta(days=92)  # list people about to reach the age, so it can be planned


def policy_for(organisation_id: int) -> SeniorPolicy:
    """The organisation's policy, or the defaults (60 years, every 12 months) until HR sets one."""
    policy = SeniorPolicy.objects.filter(organisation_id=organisation_id).first()
    return policy or SeniorPolicy(organisation_id=organisation_id)


@dataclass(frozen=True)
class SeniorRow:
    person: Person
    age: int
    unit_name: str
    last_held: dt.date | None
    due: dt.date

    def overdue(self, today: dt.date) -> bool:
        return self.due < today


def seniors_overview(
    organisation_id: int, people: QuerySet[Person], today: dt.date
) -> list[SeniorRow]:
    """The people of ``people`` at or near the policy's age, with their last conversation and
    when the next is due, soonest first. People without a date of birth are not listed."""
    policy = policy_for(organisation_id)
    horizon = today + LOOK_AHEAD
    # Only those who reach the age by the horizon, or have had a conversation, are read (a
    # day's margin for a 29 February birthday; ``next_due`` decides exactly below): not the
    # whole organisation with its employments (13 s at 50,000 people).
    born_by = add_months(horizon, -12 * policy.from_age) + dt.timedelta(days=1)
    candidates = list(
        people.filter(birth_date__isnull=False)
        .annotate(last_held=Max("senior_conversations__held_on"))
        .filter(Q(birth_date__lte=born_by) | Q(last_held__isnull=False))
    )
    # The unit of each one's employment today (the first by start, as ``employment_on``):
    # people no longer employed are not listed.
    unit_today: dict[int, str] = {}
    for person_id, unit_name in (
        Employment.objects.filter(
            Q(end__isnull=True) | Q(end__gte=today),
            start__lte=today,
            person_id__in_ids=[p.pk for p in candidates],
        )
        .order_by("start", "pk")
        .values_list("person_id", "unit__name")
    ):
        unit_today.setdefault(person_id, unit_name)
    rows = []
    for person in candidates:
        birth = person.birth_date
        assert birth is not None
        due = policy.next_due(birth, person.last_held)
        if person.last_held is None and due > horizon:
            continue  # not yet near the age
        if person.pk not in unit_today:
            continue  # left the organisation
        rows.append(
            SeniorRow(person, age_on(birth, today), unit_today[person.pk], person.last_held, due)
        )
    return sorted(rows, key=lambda r: (r.due, r.person.name))


def senior_people_ids(organisation_id: int, today: dt.date) -> set[int]:
    """Everyone of the organisation at or over the senior policy's age today."""
    policy = policy_for(organisation_id)
    born_by = add_months(today, -12 * policy.from_age)
    return set(
        Person.objects.filter(organisation_id=organisation_id, birth_date__lte=born_by).values_list(
            "pk", flat=True
        )
    )
