"""Every change to absence goes through these functions: they validate with the rules core,
save atomically and write the audit log. Views and the API call them; none saves a spell
directly (the import writes in bulk, and sends the same signal). What follows from a change
(follow-up, statistics) is started by ``naervaer.absence.signals``, in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from naervaer.absence.models import AbsenceDegree, AbsenceSpell, Kind, ReportedVia
from naervaer.absence.signals import absence_changed
from naervaer.absence.validation import problems_for
from naervaer.audit.models import Action
from naervaer.audit.services import record
from naervaer.badinput import describe
from naervaer.people.models import Person
from naervaer.rules import plausibility
from naervaer.rules.spells import DegreeStep, Period

ONE_DAY = dt.timedelta(days=1)


def _employments(person: Person) -> list[Period]:
    return [Period(e.start, e.end) for e in person.employments.all()]


def _other_spells(person: Person, exclude: AbsenceSpell | None) -> list[Period]:
    qs = AbsenceSpell.objects.filter(person=person)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return [Period(f, last) for f, last in qs.values_list("first_day", "last_day")]


def _validate(
    person: Person,
    first_day: dt.date,
    last_day: dt.date | None,
    steps: list[tuple[dt.date, int]],
    exclude: AbsenceSpell | None = None,
    *,
    new_first_day: bool = False,
) -> None:
    """Raise ``ValidationError`` with every reason the spell cannot be saved. A first day that is
    being set (not one already stored) must also not lie in the future beyond the limit."""
    _require_supported(first_day, last_day, *(d for d, _p in steps))
    if new_first_day:
        too_far = plausibility.check_first_day(first_day, timezone.localdate())
        if too_far:
            raise ValidationError([describe(p) for p in too_far])
    errors = problems_for(
        first_day, last_day, steps, _employments(person), _other_spells(person, exclude)
    )
    if errors:
        raise ValidationError(errors)


def _require_supported(*days: dt.date | None) -> None:
    """Dates outside the years the system works with are refused before any arithmetic."""
    problems = plausibility.check_dates(*days)
    if problems:
        raise ValidationError([describe(p) for p in problems])


def _steps(spell: AbsenceSpell) -> list[tuple[dt.date, int]]:
    return [(d.from_day, d.percent) for d in spell.degrees.all()]


@transaction.atomic
def register_sick(
    person: Person,
    first_day: dt.date,
    *,
    by: Any,
    kind: str = Kind.SICKNESS,
    percent: int = 100,
    section56: bool = False,
    work_environment_related: bool = False,
    reported_via: str = ReportedVia.PHONE,
    last_day: dt.date | None = None,
) -> AbsenceSpell:
    """Register that ``person`` is (fully or partly) sick from ``first_day``."""
    _validate(person, first_day, last_day, [(first_day, percent)], new_first_day=True)
    spell = AbsenceSpell.objects.create(
        person=person,
        first_day=first_day,
        last_day=last_day,
        kind=kind,
        section56=section56,
        work_environment_related=work_environment_related,
        reported_via=reported_via,
        registered_by=by if getattr(by, "is_authenticated", False) else None,
    )
    AbsenceDegree.objects.create(spell=spell, from_day=first_day, percent=percent)
    record(by, person.organisation_id, Action.REGISTER_SICK, [person], f"{first_day:%Y-%m-%d}")
    _after_change(
        person, [first_day, last_day] if last_day else [], [] if last_day else [first_day]
    )
    return spell


@transaction.atomic
def register_return(spell: AbsenceSpell, back_on: dt.date, *, by: Any) -> AbsenceSpell:
    """The person is fully back at work on ``back_on``; the last day of absence is the day before."""
    _require_supported(back_on)
    # Its days before (a spell with a last day can be ended earlier) and after the change.
    before = [spell.first_day, spell.last_day] if spell.last_day else []
    was_ongoing = [spell.first_day] if spell.last_day is None else []
    last_day = back_on - ONE_DAY
    # Steps planned after the return no longer apply (nor are they checked).
    kept = [s for s in _steps(spell) if s[0] <= last_day]
    _validate(spell.person, spell.first_day, last_day, kept, exclude=spell)
    spell.degrees.filter(from_day__gt=last_day).delete()
    spell.last_day = last_day
    spell.save(update_fields=["last_day", "updated_at"])
    record(
        by,
        spell.person.organisation_id,
        Action.REGISTER_RETURN,
        [spell.person_id],
        f"{spell.first_day:%Y-%m-%d}–{last_day:%Y-%m-%d}",
    )
    _after_change(spell.person, [*before, spell.first_day, spell.last_day], was_ongoing)
    return spell


@transaction.atomic
def register_partial_return(
    spell: AbsenceSpell, from_day: dt.date, percent: int, *, by: Any
) -> AbsenceSpell:
    """From ``from_day`` the person is ``percent`` % absent (back at work for the rest)."""
    steps = [s for s in _steps(spell) if s[0] != from_day] + [(from_day, percent)]
    steps.sort()
    _validate(spell.person, spell.first_day, spell.last_day, steps, exclude=spell)
    AbsenceDegree.objects.update_or_create(
        spell=spell, from_day=from_day, defaults={"percent": percent}
    )
    spell.save(update_fields=["updated_at"])
    record(
        by,
        spell.person.organisation_id,
        Action.REGISTER_PARTIAL,
        [spell.person_id],
        f"{from_day:%Y-%m-%d}: {percent} %",
    )
    _after_change(spell.person, [spell.first_day, spell.last_day] if spell.last_day else [])
    return spell


@transaction.atomic
def set_degree_steps(spell: AbsenceSpell, steps: Sequence[DegreeStep], *, by: Any) -> AbsenceSpell:
    """Replace the degrees from the first of ``steps`` on (a gradual-return schedule)."""
    if not steps:
        return spell
    start = steps[0].from_day
    kept = [s for s in _steps(spell) if s[0] < start]
    new = kept + [(s.from_day, s.percent) for s in steps]
    _validate(spell.person, spell.first_day, spell.last_day, new, exclude=spell)
    spell.degrees.filter(from_day__gte=start).delete()
    AbsenceDegree.objects.bulk_create(
        [AbsenceDegree(spell=spell, from_day=s.from_day, percent=s.percent) for s in steps]
    )
    spell.save(update_fields=["updated_at"])
    record(
        by,
        spell.person.organisation_id,
        Action.REGISTER_PARTIAL,
        [spell.person_id],
        ", ".join(f"{s.from_day:%Y-%m-%d}: {s.percent} %" for s in steps),
    )
    _after_change(spell.person, [spell.first_day, spell.last_day] if spell.last_day else [])
    return spell


@transaction.atomic
def correct_spell(
    spell: AbsenceSpell,
    *,
    by: Any,
    first_day: dt.date,
    last_day: dt.date | None,
    kind: str,
    section56: bool,
    work_environment_related: bool,
) -> AbsenceSpell:
    """Correct a registration. Degree steps move with a changed first day; steps outside the
    corrected period are dropped."""
    steps = [
        s for s in _steps(spell) if s[0] > first_day and (last_day is None or s[0] <= last_day)
    ]
    before = [spell.first_day, spell.last_day] if spell.last_day else []
    ongoing = [] if spell.last_day else [spell.first_day]
    first_percent = spell.degree_on(max(first_day, spell.first_day)) or 100
    steps = [(first_day, first_percent), *steps]
    _validate(
        spell.person,
        first_day,
        last_day,
        steps,
        exclude=spell,
        new_first_day=first_day != spell.first_day,
    )
    spell.degrees.all().delete()
    spell.first_day, spell.last_day, spell.kind = first_day, last_day, kind
    spell.section56, spell.work_environment_related = section56, work_environment_related
    spell.save()
    AbsenceDegree.objects.bulk_create(
        [AbsenceDegree(spell=spell, from_day=d, percent=p) for d, p in steps]
    )
    record(
        by,
        spell.person.organisation_id,
        Action.CORRECT_SPELL,
        [spell.person_id],
        f"{first_day:%Y-%m-%d}–{last_day:%Y-%m-%d}" if last_day else f"{first_day:%Y-%m-%d}–",
    )
    _after_change(
        spell.person, [*before, first_day, last_day], [*ongoing, *([] if last_day else [first_day])]
    )
    return spell


@transaction.atomic
def delete_spell(spell: AbsenceSpell, *, by: Any) -> None:
    """Remove a spell registered by mistake."""
    record(
        by,
        spell.person.organisation_id,
        Action.DELETE_SPELL,
        [spell.person_id],
        f"{spell.first_day:%Y-%m-%d}",
    )
    person = spell.person
    before = [spell.first_day, spell.last_day] if spell.last_day else []
    ongoing = [] if spell.last_day else [spell.first_day]
    spell.delete()
    _after_change(person, before, ongoing)


def _after_change(
    person: Person, ended_days: Sequence[dt.date | None], ongoing_from: Sequence[dt.date] = ()
) -> None:
    """Tell follow-up and statistics (``naervaer.absence.signals``): the person's absence
    changed, on ended absence between the given days, and on the ongoing spells begun on
    ``ongoing_from`` (before or after the change), from their first days on."""
    absence_changed(
        __name__, person.organisation_id, [person.pk], ended_days, ongoing_from=ongoing_from
    )
