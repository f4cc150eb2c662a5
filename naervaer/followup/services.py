"""Keeping each person's follow-up in step with their absence, and recording what was done.

``refresh_people`` is called after every change to absence (registration, return, correction,
import). It regroups the person's spells into cases, asks the rules core for the obligations of
each and stores them: new ones open, changed ones move, and those that no longer apply are
closed with the reason. Done stays done.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.utils import timezone

from naervaer.absence.models import AbsenceSpell
from naervaer.absence.services import set_degree_steps
from naervaer.audit.models import Action
from naervaer.audit.services import record
from naervaer.badinput import describe
from naervaer.followup.models import (
    AbsencePolicy,
    Case,
    Conversation,
    GradualStep,
    Obligation,
    RetentionPlan,
)
from naervaer.people.models import Employment, Organisation, Person
from naervaer.rules import obligations as rules
from naervaer.rules import plausibility
from naervaer.rules.gradual import HoursStep, degrees_from_schedule
from naervaer.rules.spells import Period

# Cases that began longer ago than this are history: no obligations are computed for them.
HORIZON_DAYS = 400

DONE_BY_CONVERSATION = {
    Conversation.Kind.ABSENCE: rules.Code.ABSENCE_CONVERSATION,
    Conversation.Kind.CARE: rules.Code.CARE_CONVERSATION,
}


def care_policy(policy: AbsencePolicy | None) -> rules.CarePolicy:
    if policy is None:
        return rules.CarePolicy()
    return rules.CarePolicy(
        spells=policy.care_spells,
        within_days=policy.care_within_days,
        bradford_threshold=policy.bradford_threshold,
        conversation_within_days=policy.care_conversation_within_days,
    )


@dataclass(frozen=True, slots=True)
class _Spell:
    pk: int
    person_id: int
    first_day: dt.date
    last_day: dt.date | None
    section56: bool


def _employment_on(employments: list[Employment], day: dt.date) -> Employment | None:
    for e in employments:
        if e.start <= day and (e.end is None or day <= e.end):
            return e
    return None


@transaction.atomic
def refresh_people(person_ids: Iterable[int], today: dt.date | None = None) -> None:
    """Recompute the cases and obligations of these people (a few queries for any number)."""
    ids = sorted(set(person_ids))
    if not ids:
        return
    today = today or timezone.localdate()
    horizon = today - dt.timedelta(days=HORIZON_DAYS)
    # Plain tuples, not model instances: imports refresh tens of thousands of people at once.
    spells_by_person: dict[int, list[_Spell]] = defaultdict(list)
    for row in (
        AbsenceSpell.objects.filter(person_id__in=ids)
        .order_by("first_day")
        .values_list("pk", "person_id", "first_day", "last_day", "section56")
    ):
        spells_by_person[row[1]].append(_Spell(*row))
    employments: dict[int, list[Employment]] = defaultdict(list)
    for e in (
        Employment.objects.filter(person_id__in=ids).select_related("fleksjob").order_by("start")
    ):
        employments[e.person_id].append(e)
    # Cases that began before the horizon are history and are never touched.
    cases_by_spell = {
        c.spell_id: c for c in Case.objects.filter(person_id__in=ids, first_day__gte=horizon)
    }
    stored: dict[int, dict[str, Obligation]] = defaultdict(dict)
    for o in Obligation.objects.filter(case__person_id__in=ids, case__first_day__gte=horizon):
        stored[o.case_id][o.code] = o
    care_held: dict[int, list[dt.date]] = defaultdict(list)
    for person_id, held_on in Conversation.objects.filter(
        person_id__in=ids, kind=Conversation.Kind.CARE
    ).values_list("person_id", "held_on"):
        care_held[person_id].append(held_on)
    policies = {
        p.organisation_id: p
        for p in AbsencePolicy.objects.filter(organisation__people__pk__in=ids).distinct()
    }
    organisation_of = dict(Person.objects.filter(pk__in=ids).values_list("pk", "organisation_id"))

    # Pass 1: the cases, from each person's spells; new ones are created in one query.
    plans: list[tuple[int, Case, tuple[rules.SpellFacts, ...]]] = []
    facts_of: dict[int, list[rules.SpellFacts]] = {}
    new_cases: list[Case] = []
    moved: list[Case] = []
    merges: list[tuple[Case, int]] = []
    for person_id in ids:
        spells = spells_by_person.get(person_id, [])
        by_first = {s.first_day: s for s in spells}
        facts_of[person_id] = facts = [
            rules.SpellFacts(s.first_day, s.last_day, s.section56) for s in spells
        ]
        for group in rules.group_into_cases(facts):
            anchor = by_first[group[0].first_day]
            for member in group[1:]:
                # A spell that used to start a case now continues another: merge its records.
                absorbed = cases_by_spell.get(by_first[member.first_day].pk)
                if absorbed is not None:
                    merges.append((absorbed, anchor.pk))
            if group[0].first_day < horizon:
                continue  # history: left as it is
            case = cases_by_spell.get(anchor.pk)
            last_day = group[-1].last_day
            if case is None:
                case = Case(
                    spell_id=anchor.pk,
                    person_id=person_id,
                    first_day=anchor.first_day,
                    last_day=last_day,
                )
                new_cases.append(case)
                cases_by_spell[anchor.pk] = case
            elif (case.first_day, case.last_day) != (anchor.first_day, last_day):
                case.first_day, case.last_day = anchor.first_day, last_day
                moved.append(case)
            plans.append((person_id, case, group))
    Case.objects.bulk_create(new_cases)
    Case.objects.bulk_update(moved, ["first_day", "last_day"])

    # Pass 2: the obligations of each case, and the care conversation the policy calls for.
    to_create: list[Obligation] = []
    to_update: list[Obligation] = []
    cases_of: dict[int, list[Case]] = defaultdict(list)
    groups_of: dict[int, list[tuple[rules.SpellFacts, ...]]] = defaultdict(list)
    for person_id, _case, group in plans:
        groups_of[person_id].append(group)
    for person_id, case, group in plans:
        cases_of[person_id].append(case)
        employment = _employment_on(employments[person_id], case.first_day)
        # § 24 adds up earlier absences (those that began before this one).
        earlier = tuple(g for g in groups_of[person_id] if g[0].first_day < group[0].first_day)
        found = rules.obligations(case_facts(case, group, employment, earlier))
        _sync(case, found, stored[case.pk], to_create, to_update)
        _close_stale(found, stored[case.pk], to_update)
    for person_id, cases in cases_of.items():
        policy = care_policy(policies.get(organisation_of[person_id]))
        care = rules.care_conversation(facts_of[person_id], policy, care_held[person_id])
        for case in cases:
            here = (
                care is not None
                and care.since is not None
                and case.first_day <= care.since
                and (case.last_day is None or care.since <= case.last_day)
            )
            _sync_care(case, [care] if care and here else [], stored[case.pk], to_create, to_update)
    Obligation.objects.bulk_create(to_create)
    Obligation.objects.bulk_update(to_update, SYNCED_FIELDS)
    for absorbed, anchor_pk in merges:
        target = cases_by_spell.get(anchor_pk)
        if target is not None and target.pk != absorbed.pk:
            _merge_into(absorbed, target)
        absorbed.delete()


SYNCED_FIELDS = [
    "due",
    "actor",
    "optional",
    "state",
    "reason",
    "params",
    "source",
    "source_url",
    "verified",
]


def case_facts(
    case: Case,
    group: tuple[rules.SpellFacts, ...],
    employment: Employment | None,
    earlier: tuple[tuple[rules.SpellFacts, ...], ...] = (),
) -> rules.CaseFacts:
    """What the rules core needs to know about one case, from the database rows."""
    decision = case.retention_plan_decision
    return rules.CaseFacts(
        spells=group,
        employed_since=employment.start if employment else None,
        employment_end=employment.end if employment else None,
        weekly_hours=Decimal(employment.weekly_hours) if employment else None,
        hours_worked_8_weeks=case.hours_worked_8_weeks,
        pays_salary=employment.pays_salary if employment else True,
        expected_over_8_weeks=case.expected_over_8_weeks,
        expected_over_26_weeks=case.expected_over_26_weeks,
        retention_plan_requested=case.retention_plan_requested_on is not None,
        retention_plan_decision=rules.PlanDecision(decision) if decision else None,
        early_followup_requested=case.early_followup_requested_on,
        fleksjob=_in_fleksjob(employment, case.first_day),
        earlier=earlier,
    )


def _in_fleksjob(employment: Employment | None, day: dt.date) -> bool:
    """Employed in a fleksjob on ``day`` (``naervaer.fleksjob``): refund from the first day."""
    try:
        fleksjob = employment.fleksjob if employment is not None else None
    except ObjectDoesNotExist:
        return False
    return fleksjob is not None and fleksjob.started_on <= day


def _fields(ob: rules.Obligation) -> dict[str, Any]:
    return {
        "due": ob.due,
        "actor": ob.actor.value,
        "optional": ob.status is not rules.Status.REQUIRED,
        "reason": ob.reason.value,
        "params": ob.as_dict()["params"],
        "source": str(ob.source)[:500],
        "source_url": ob.source.url[:500],
        "verified": ob.verified,
    }


def _sync(
    case: Case,
    found: list[rules.Obligation],
    stored: dict[str, Obligation],
    to_create: list[Obligation],
    to_update: list[Obligation],
) -> None:
    for ob in found:
        row = stored.get(ob.code.value)
        state = Obligation.State.OPEN if ob.applies else Obligation.State.CLOSED
        if row is None:
            to_create.append(Obligation(case=case, code=ob.code.value, state=state, **_fields(ob)))
            continue
        before = [getattr(row, f) for f in SYNCED_FIELDS]
        for name, value in _fields(ob).items():
            setattr(row, name, value)
        if row.state != Obligation.State.DONE:
            row.state = state
        if before != [getattr(row, f) for f in SYNCED_FIELDS]:
            to_update.append(row)


def _close_stale(
    found: list[rules.Obligation], stored: dict[str, Obligation], to_update: list[Obligation]
) -> None:
    """Close a step the rules no longer give (the 8-week information after 2012, in a case stored
    by an older version), unless it was done. The care conversation is synced on its own."""
    given = {ob.code.value for ob in found} | {rules.Code.CARE_CONVERSATION.value}
    for code, row in stored.items():
        if code not in given and row.state == Obligation.State.OPEN:
            row.state = Obligation.State.CLOSED
            row.reason, row.params = rules.Reason.NO_LONGER_A_DUTY.value, {}
            to_update.append(row)


def _sync_care(
    case: Case,
    found: list[rules.Obligation],
    stored: dict[str, Obligation],
    to_create: list[Obligation],
    to_update: list[Obligation],
) -> None:
    code = rules.Code.CARE_CONVERSATION.value
    row = stored.get(code)
    if found:
        _sync(case, found, stored, to_create, to_update)
    elif row is not None and row.state == Obligation.State.OPEN:
        row.state = Obligation.State.CLOSED
        row.reason = rules.Reason.POLICY_NO_LONGER_CALLS.value
        row.params = {}
        to_update.append(row)


def _merge_into(old: Case, target: Case) -> None:
    """Two absences became one (a correction joined them): keep what was recorded."""
    Conversation.objects.filter(case=old).update(case=target)
    if not hasattr(target, "plan") and hasattr(old, "plan"):
        RetentionPlan.objects.filter(case=old).update(case=target)
    done = Obligation.objects.filter(case=old, state=Obligation.State.DONE)
    for o in done:
        Obligation.objects.filter(case=target, code=o.code).exclude(
            state=Obligation.State.DONE
        ).update(state=Obligation.State.DONE, done_on=o.done_on, done_by=o.done_by)
    for field in (
        "expected_over_8_weeks",
        "eight_week_answered_on",
        "retention_plan_requested_on",
        "retention_plan_decision",
        "expected_over_26_weeks",
        "early_followup_requested_on",
        "hours_worked_8_weeks",
    ):
        if getattr(target, field) in (None, "") and getattr(old, field) not in (None, ""):
            setattr(target, field, getattr(old, field))
    target.save()


def latest_spell(case: Case) -> AbsenceSpell:
    """The spell of the case that is going on (or ended last): degrees are set on it."""
    spells = AbsenceSpell.objects.filter(person_id=case.person_id, first_day__gte=case.first_day)
    if case.last_day is not None:
        spells = spells.filter(first_day__lte=case.last_day)
    return spells.order_by("-first_day").first() or case.spell


# --- Recording what was done ------------------------------------------------------------


def mark_done(case: Case, code: rules.Code, on: dt.date, by: Any) -> None:
    Obligation.objects.filter(case=case, code=code.value).update(
        state=Obligation.State.DONE,
        done_on=on,
        done_by=by if getattr(by, "is_authenticated", False) else None,
        reason="",
    )


@transaction.atomic
def record_conversation(
    case: Case | None, person: Person, data: dict[str, Any], by: Any
) -> Conversation:
    conversation = Conversation.objects.create(
        person=person, case=case, recorded_by=by if by.is_authenticated else None, **data
    )
    if case is not None:
        mark_done(case, DONE_BY_CONVERSATION[conversation.kind], conversation.held_on, by)  # type: ignore[index]  # a TextChoices member and its value are one key
    record(
        by, person.organisation_id, Action.FOLLOW_UP, [person], f"conversation {data['held_on']}"
    )
    refresh_people([person.pk])
    return conversation


@transaction.atomic
def answer_eight_weeks(case: Case, expected_over: bool, on: dt.date, by: Any) -> None:
    case.expected_over_8_weeks = expected_over
    case.eight_week_answered_on = on
    case.save(update_fields=["expected_over_8_weeks", "eight_week_answered_on"])
    mark_done(case, rules.Code.EIGHT_WEEK_ANSWER, on, by)
    record(by, case.person.organisation_id, Action.FOLLOW_UP, [case.person], "8-week answer")
    refresh_people([case.person_id])


@transaction.atomic
def update_case_facts(case: Case, fields: dict[str, Any], by: Any) -> None:
    """Record what the law needs to know about the absence, and recompute its deadlines."""
    for name, value in fields.items():
        setattr(case, name, value)
    case.save(update_fields=list(fields))
    record(by, case.person.organisation_id, Action.FOLLOW_UP, [case.person], "case facts")
    refresh_people([case.person_id])


@transaction.atomic
def request_retention_plan(case: Case, on: dt.date, by: Any) -> None:
    case.retention_plan_requested_on = on
    case.save(update_fields=["retention_plan_requested_on"])
    record(by, case.person.organisation_id, Action.FOLLOW_UP, [case.person], "plan requested")
    refresh_people([case.person_id])


def pays_salary(case: Case) -> bool | None:
    """Whether the employment the absence began in pays salary during sickness (None: none)."""
    employment = _employment_on(
        list(Employment.objects.filter(person_id=case.person_id)), case.first_day
    )
    return employment.pays_salary if employment else None


def _weekly_hours(case: Case) -> Decimal:
    employment = _employment_on(
        list(Employment.objects.filter(person_id=case.person_id)), case.first_day
    )
    return Decimal(employment.weekly_hours) if employment else Decimal(37)


def expected_full_return(case: Case, plan: RetentionPlan) -> dt.date | None:
    """The day the plan's gradual return reaches the person's normal hours (None if it does not)."""
    schedule = [HoursStep(s.from_day, s.hours_per_week) for s in plan.steps.all()]
    return degrees_from_schedule(_weekly_hours(case), schedule)[1] if schedule else None


@transaction.atomic
def save_retention_plan(
    case: Case, fields: dict[str, Any], schedule: list[HoursStep], by: Any
) -> tuple[RetentionPlan, dt.date | None]:
    """Save the plan and its gradual-return schedule; the schedule becomes degrees of absence.

    Returns the plan and the expected day of full return (None if the schedule does not reach
    full hours). Raises ``ValidationError`` (from the absence rules) if a step does not fit.
    """
    spell = latest_spell(case)
    problems = plausibility.check_schedule(
        schedule, _weekly_hours(case), Period(spell.first_day, spell.last_day), timezone.localdate()
    )
    if problems:
        raise ValidationError([describe(p) for p in problems])
    plan, _created = RetentionPlan.objects.update_or_create(
        case=case, defaults={**fields, "created_by": by if by.is_authenticated else None}
    )
    plan.steps.all().delete()
    GradualStep.objects.bulk_create(
        GradualStep(plan=plan, from_day=s.from_day, hours_per_week=s.hours_per_week)
        for s in schedule
    )
    full_return: dt.date | None = None
    if schedule:
        steps, full_return = degrees_from_schedule(_weekly_hours(case), schedule)
        set_degree_steps(spell, steps, by=by)
    mark_done(case, rules.Code.RETENTION_PLAN, timezone.localdate(), by)
    record(by, case.person.organisation_id, Action.FOLLOW_UP, [case.person], "retention plan")
    refresh_people([case.person_id])
    return plan, full_return


# --- Recomputing after the rules change -----------------------------------------------------


def recompute_all(organisation_id: int | None = None, chunk: int = 2000) -> tuple[int, int]:
    """Recompute every person's cases and obligations by the rules in the code (after the law
    data changed), organisation by organisation, each recorded in the audit log. Done stays done.

    Returns the number of people and of cases recomputed.
    """
    organisations = Organisation.objects.order_by("pk")
    if organisation_id is not None:
        organisations = organisations.filter(pk=organisation_id)
    people_total = cases_total = 0
    for organisation in organisations:
        ids = list(
            Person.objects.filter(organisation=organisation)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for start in range(0, len(ids), chunk):
            refresh_people(ids[start : start + chunk])
        cases = Case.objects.filter(person__organisation=organisation).count()
        record(
            None,
            organisation.pk,
            Action.FOLLOW_UP,
            detail=f"follow-up recomputed by the rules: {len(ids)} people, {cases} cases",
        )
        people_total += len(ids)
        cases_total += cases
    return people_total, cases_total
