"""Holiday, other leave and a child's sickness (``TimeOff``), and replacement holiday for
sickness during holiday (ferieloven § 12; the rule in ``naervaer.rules.holiday``).

Writes validate, save atomically, audit and tell the statistics (``naervaer.absence.signals``); the
import writes time off in bulk through ``naervaer.importexport.importers`` instead.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from naervaer.absence.models import (
    AbsenceSpell,
    HolidaySickness,
    Kind,
    TimeOff,
    TimeOffKind,
)
from naervaer.absence.signals import absence_changed
from naervaer.audit.models import Action
from naervaer.audit.services import record
from naervaer.people.models import Employment, Person
from naervaer.rules import holiday as rules

Period = tuple[dt.date, dt.date | None]

# Only the employee's own sickness gives replacement holiday; a child's sickness does not.
OWN_SICKNESS_KINDS = (Kind.SICKNESS, Kind.PREGNANCY, Kind.WORK_ACCIDENT)


@transaction.atomic
def register_time_off(
    person: Person,
    kind: str,
    first_day: dt.date,
    last_day: dt.date,
    *,
    percent: int = 100,
    by: Any,
) -> TimeOff:
    """Record holiday, a feriefridag, an omsorgsdag or a child's sickness."""
    problems = []
    if kind not in TimeOffKind.values:
        problems.append(_("Unknown kind of time off."))
    if last_day < first_day:
        problems.append(_("The last day is before the first day."))
    if not 1 <= percent <= 100:
        problems.append(_("The share of the day must be between 1 and 100 %."))
    if (
        not problems
        and TimeOff.objects.filter(
            person=person, first_day__lte=last_day, last_day__gte=first_day
        ).exists()
    ):
        problems.append(_("This time off overlaps time off already recorded."))
    if problems:
        raise ValidationError(problems)
    time_off = TimeOff.objects.create(
        person=person, kind=kind, first_day=first_day, last_day=last_day, percent=percent
    )
    record(
        by,
        person.organisation_id,
        Action.REGISTER_TIME_OFF,
        [person],
        f"{kind} {first_day:%Y-%m-%d}–{last_day:%Y-%m-%d}",
    )
    absence_changed(
        __name__, person.organisation_id, [person.pk], [first_day, last_day], spells=False
    )
    return time_off


@transaction.atomic
def record_holiday_sickness(
    spell: AbsenceSpell,
    *,
    notified_on: dt.date,
    documented: bool,
    notice_excused: bool = False,
    by: Any,
) -> HolidaySickness:
    """Record when the employee notified the employer of a sickness during holiday and
    whether the documentation has been given (ferieloven § 12, stk. 2 and 4)."""
    if notified_on < spell.first_day:
        raise ValidationError(_("The notice cannot come before the first day of sickness."))
    claim, _created = HolidaySickness.objects.update_or_create(
        spell=spell,
        defaults={
            "notified_on": notified_on,
            "documented": documented,
            "notice_excused": notice_excused,
        },
    )
    record(
        by,
        spell.person.organisation_id,
        Action.HOLIDAY_SICKNESS,
        [spell.person],
        f"{spell.first_day:%Y-%m-%d}",
    )
    return claim


@dataclass
class OwedHoliday:
    """One employee's replacement holiday in one holiday year, with the spells behind it.
    ``person`` and ``spells`` are read only for the rows shown (``with_objects``)."""

    person_id: int
    name: str
    result: rules.ReplacementHoliday
    spell_ids: list[int]
    person: Person | None = None
    spells: list[AbsenceSpell] = field(default_factory=list)


def replacement_holiday_owed(people: QuerySet[Person], today: dt.date) -> list[OwedHoliday]:
    """For ``people``, the holiday years (the current and the one before) in which they were
    sick during holiday: sick holiday days, waiting days, days owed and days awaiting
    documentation, by name. A sickness without a recorded notice counts from its first day (a
    sick report is normally given that day) and as not yet documented. The days without
    replacement shrink for those employed only part of the holiday year (``earned_in``).

    Computed from plain values, a few queries whatever the number of people (a large
    employer's HR: 50,000 people and their holidays)."""
    first, _last = rules.holiday_year(today)
    since = first.replace(year=first.year - 1)
    holidays: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for person_id, h_first, h_last in TimeOff.objects.filter(
        person__in=people, kind=TimeOffKind.HOLIDAY, last_day__gte=since
    ).values_list("person_id", "first_day", "last_day"):
        holidays[person_id].append((h_first, h_last))
    sickness: dict[int, list[tuple[int, dt.date, dt.date | None, rules.SickDuringHoliday]]] = (
        defaultdict(list)
    )
    in_holiday = TimeOff.objects.filter(
        person_id=OuterRef("person_id"),
        kind=TimeOffKind.HOLIDAY,
        last_day__gte=OuterRef("first_day"),
        first_day__lte=Coalesce(OuterRef("last_day"), Value(today)),
    )
    for pk, person_id, s_first, s_last, notified, documented, excused in (
        AbsenceSpell.objects.filter(
            Exists(in_holiday),
            person__in=people,
            kind__in=OWN_SICKNESS_KINDS,
            first_day__lte=today,
        )
        .exclude(last_day__lt=since)
        .values_list(
            "pk",
            "person_id",
            "first_day",
            "last_day",
            "holiday_sickness__notified_on",
            "holiday_sickness__documented",
            "holiday_sickness__notice_excused",
        )
    ):
        if any(
            s_first <= h_last and (s_last or today) >= h_first
            for h_first, h_last in holidays.get(person_id, ())
        ):
            sickness[person_id].append(
                (
                    pk,
                    s_first,
                    s_last,
                    rules.SickDuringHoliday(
                        s_first,
                        min(s_last or today, today),
                        notified=notified or s_first,
                        documented=bool(documented),
                        notice_excused=bool(excused),
                    ),
                )
            )
    employed: dict[int, list[Period]] = defaultdict(list)
    for person_id, start, end in Employment.objects.filter(
        person_id__in_ids=list(sickness)
    ).values_list("person_id", "start", "end"):
        employed[person_id].append((start, end))
    names = dict(Person.objects.filter(pk__in_ids=list(sickness)).values_list("pk", "name"))
    result = []
    for person_id, spells in sorted(sickness.items(), key=lambda i: (names[i[0]], i[0])):
        employments = employed.get(person_id, [])

        def earned(year: rules.HolidayYear, employments: list[Period] = employments) -> Decimal:
            return rules.earned_in(employments, year)

        for year in rules.replacement_holiday(holidays[person_id], [s[3] for s in spells], earned):
            in_year = [
                pk
                for pk, s_first, s_last, _sick in spells
                if s_first <= year.holiday_year[1] and (s_last or today) >= year.holiday_year[0]
            ]
            result.append(OwedHoliday(person_id, names[person_id], year, in_year))
    return result


def with_objects(rows: Sequence[OwedHoliday]) -> None:
    """Read the people and spells of these rows (the page shown), in two queries."""
    people = Person.objects.in_bulk([r.person_id for r in rows])
    spells = (
        AbsenceSpell.objects.select_related("holiday_sickness")
        .filter(pk__in_ids=[pk for r in rows for pk in r.spell_ids])
        .in_bulk()
    )
    for row in rows:
        row.person = people[row.person_id]
        row.spells = [spells[pk] for pk in row.spell_ids]
