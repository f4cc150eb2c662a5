"""Who is due a senior conversation, by the organisation's policy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, Prefetch, QuerySet

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
    candidates = (
        people.filter(birth_date__isnull=False)
        .annotate(last_held=Max("senior_conversations__held_on"))
        # The employments with their units in one query, not two (issue 14: every query
        # costs the calendar feed and the seniors page about a millisecond of CPU).
        .prefetch_related(
            Prefetch("employments", queryset=Employment.objects.select_related("unit"))
        )
    )
    rows = []
    for person in candidates:
        birth = person.birth_date
        assert birth is not None
        due = policy.next_due(birth, person.last_held)
        if person.last_held is None and due > horizon:
            continue  # not yet near the age
        employment = person.employment_on(today)
        if employment is None:
            continue  # left the organisation
        rows.append(
            SeniorRow(person, age_on(birth, today), employment.unit.name, person.last_held, due)
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
