"""Data retention: absence is kept for the organisation's retention period, then deleted; people
who left longer ago are anonymised (their name and number removed, their login unlinked)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, Q

from naervaer.absence.models import AbsenceSpell
from naervaer.followup.models import AbsencePolicy
from naervaer.mail.models import SentMail
from naervaer.people.models import Organisation, Person
from naervaer.statistics.aggregates import rebuild_built

DEFAULT_YEARS = 5


@dataclass
class RetentionResult:
    organisation: str
    cutoff: dt.date
    spells_deleted: int = 0
    people_anonymised: int = 0


def cutoff_for(org: Organisation, today: dt.date) -> dt.date:
    policy = AbsencePolicy.objects.filter(organisation=org).first()
    years = policy.retention_years if policy else DEFAULT_YEARS
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


@transaction.atomic
def apply_retention(org: Organisation, today: dt.date, *, dry_run: bool = False) -> RetentionResult:
    cutoff = cutoff_for(org, today)
    result = RetentionResult(org.slug, cutoff)
    old_spells = AbsenceSpell.objects.filter(
        person__organisation=org, last_day__isnull=False, last_day__lt=cutoff
    )
    result.spells_deleted = old_spells.count()
    gone = (
        Person.objects.filter(organisation=org)
        .annotate(last_end=Max("employments__end"))
        .filter(last_end__lt=cutoff)
        .exclude(employments__end__isnull=True)
        .exclude(Q(name__startswith="Tidligere medarbejder"))
    )
    result.people_anonymised = gone.count()
    if dry_run:
        transaction.set_rollback(True)
        return result
    old_spells.delete()  # cases, conversations, plans and the e-mails about them go with them
    # A mail names the person in its text: it cannot be anonymised, so it goes.
    SentMail.objects.filter(person_id__in=list(gone.values_list("pk", flat=True))).delete()
    for person in gone:
        person.name = "Tidligere medarbejder"
        person.employee_id = f"anonym-{person.pk}"
        person.user = None
        person.save(update_fields=["name", "employee_id", "user"])
    if result.spells_deleted or result.people_anonymised:
        rebuild_built(org.pk)
    return result
