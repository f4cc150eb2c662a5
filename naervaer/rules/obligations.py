"""The follow-up engine: from a person's absence to what is due, by whom and by when.

Pure functions over plain facts, so that the same answers come from the web, the reminders,
the ``naervaer rules timeline`` command and the tests. The codes of obligations are stable:
other tools (reminders, calendar feeds, the API) rely on them.

A *case* is one continuous absence: spells joined when nothing but weekends and public holidays
lie between them (sick Monday to Friday and again from Monday is one absence, not two). A new
absence after a working day back is a new case with its own employer period and deadlines, and
frequent short absence is caught by the organisation's care-conversation policy instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from naervaer.rules.calendar import ONE_DAY, is_working_day
from naervaer.rules.rulesets import SDPL, SEED_001, SEED_002, Key, RuleSet, ruleset_for


class Code(StrEnum):
    EMPLOYER_PERIOD_END = "employer_period_end"
    REPORT_TO_MUNICIPALITY = "report_to_municipality"
    ABSENCE_CONVERSATION = "absence_conversation"
    EIGHT_WEEK_ANSWER = "eight_week_answer"
    RETENTION_PLAN = "retention_plan"
    JOBCENTRE_FIRST_FOLLOWUP = "jobcentre_first_followup"
    CARE_CONVERSATION = "care_conversation"
    SECTION56_REFUND = "section56_refund"


class Status(StrEnum):
    REQUIRED = "required"  # the law or the organisation's policy asks for it
    OPTIONAL = "optional"  # recommended; the employee may ask, the employer may offer
    CONDITIONAL = "conditional"  # depends on an answer not yet given
    NOT_REQUIRED = "not_required"  # does not apply (``reason`` says why)


class Actor(StrEnum):
    MANAGER = "manager"
    HR = "hr"
    JOBCENTRE = "jobcentre"


TITLES: dict[Code, str] = {
    Code.EMPLOYER_PERIOD_END: "Last day of the employer period",
    Code.REPORT_TO_MUNICIPALITY: "Report the absence to the municipality (refund)",
    Code.ABSENCE_CONVERSATION: "Sickness-absence conversation",
    Code.EIGHT_WEEK_ANSWER: "Answer: will the absence last more than 8 weeks?",
    Code.RETENTION_PLAN: "Retention plan (fastholdelsesplan)",
    Code.JOBCENTRE_FIRST_FOLLOWUP: "The job centre's first follow-up",
    Code.CARE_CONVERSATION: "Care conversation (omsorgssamtale)",
    Code.SECTION56_REFUND: "Report for § 56 refund from the first day",
}


@dataclass(frozen=True, slots=True)
class SpellFacts:
    first_day: dt.date
    last_day: dt.date | None = None
    section56: bool = False


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """One continuous absence and what the engine needs to know about the employment."""

    spells: tuple[SpellFacts, ...]
    employed_since: dt.date | None = None
    employment_end: dt.date | None = None
    weekly_hours: Decimal | None = None
    fleksjob: bool = False
    expected_over_8_weeks: bool | None = None
    retention_plan_requested: bool = False

    @property
    def first_day(self) -> dt.date:
        return self.spells[0].first_day

    @property
    def last_day(self) -> dt.date | None:
        return self.spells[-1].last_day

    @property
    def section56(self) -> bool:
        return self.spells[0].section56


@dataclass(frozen=True, slots=True)
class Obligation:
    code: Code
    due: dt.date
    actor: Actor
    status: Status
    source: str
    reason: str = ""
    title: str = field(default="")
    since: dt.date | None = None  # the day it arose, when that is not the case's first day

    def __post_init__(self) -> None:
        if not self.title:
            object.__setattr__(self, "title", TITLES[self.code])

    @property
    def applies(self) -> bool:
        return self.status is not Status.NOT_REQUIRED

    def as_dict(self) -> dict[str, str]:
        data = {
            "code": self.code.value,
            "due": self.due.isoformat(),
            "actor": self.actor.value,
            "title": self.title,
            "status": self.status.value,
            "source": self.source,
        }
        if self.reason:
            data["reason"] = self.reason
        return data


def sickness_week(first_day: dt.date, day: dt.date) -> int:
    """Sickness weeks are counted from the first absence day: days 1–7 are week 1."""
    return (day - first_day).days // 7 + 1


def last_working_day_on_or_before(day: dt.date) -> dt.date:
    while not is_working_day(day):
        day -= ONE_DAY
    return day


def only_days_off_between(earlier_last_day: dt.date, later_first_day: dt.date) -> bool:
    day = earlier_last_day + ONE_DAY
    while day < later_first_day:
        if is_working_day(day):
            return False
        day += ONE_DAY
    return True


def group_into_cases(spells: Iterable[SpellFacts]) -> list[tuple[SpellFacts, ...]]:
    """Join spells separated only by weekends and public holidays into continuous cases."""
    cases: list[list[SpellFacts]] = []
    for spell in sorted(spells, key=lambda s: s.first_day):
        previous = cases[-1][-1] if cases else None
        if (
            previous is not None
            and previous.last_day is not None
            and only_days_off_between(previous.last_day, spell.first_day)
        ):
            cases[-1].append(spell)
        else:
            cases.append([spell])
    return [tuple(case) for case in cases]


def _employer_period_exemption(case: CaseFacts, rules: RuleSet) -> str:
    """Why there is no employer period ("" when there is one)."""
    if case.section56:
        return "Covered by a § 56 agreement: refund from the first absence day (§ 56)."
    if case.fleksjob:
        return "Employed in a fleksjob: refund from the first absence day."
    weeks = rules[Key.EMPLOYMENT_WEEKS_REQUIRED]
    if case.employed_since is not None and case.employed_since > case.first_day - dt.timedelta(
        weeks=weeks
    ):
        return f"Employed less than {weeks} weeks before the first absence day (§ 30, stk. 2)."
    hours = rules[Key.EMPLOYMENT_HOURS_REQUIRED]
    if case.weekly_hours is not None and case.weekly_hours * weeks < hours:
        return f"Fewer than {hours} hours in the {weeks} weeks before the absence (§ 30, stk. 2)."
    return ""


def obligations(case: CaseFacts, rules: RuleSet | None = None) -> list[Obligation]:
    """Every obligation of one case, required or not (with the reason), ordered by due date."""
    rules = rules or ruleset_for(case.first_day)
    first, last, leaves = case.first_day, case.last_day, case.employment_end

    def days(key: Key) -> dt.date:
        return first + dt.timedelta(days=rules[key])

    def source(key: Key) -> str:
        return rules.rule(key).source

    result: list[Obligation] = []

    # The employer period and the report for refund.
    exemption = _employer_period_exemption(case, rules)
    period_end = first + dt.timedelta(days=rules[Key.EMPLOYER_PERIOD_DAYS] - 1)
    beyond_period = last is None or last > period_end
    if exemption:
        period = Obligation(
            Code.EMPLOYER_PERIOD_END,
            first,
            Actor.HR,
            Status.NOT_REQUIRED,
            source(Key.EMPLOYMENT_WEEKS_REQUIRED),
            exemption,
        )
    elif leaves is not None and leaves < period_end:
        period = Obligation(
            Code.EMPLOYER_PERIOD_END,
            leaves,
            Actor.HR,
            Status.REQUIRED,
            f"{SEED_001}, proposal 25; {source(Key.EMPLOYER_PERIOD_DAYS)}",
            "The employment ends first: the employer pays only while the person is employed.",
        )
    else:
        period = Obligation(
            Code.EMPLOYER_PERIOD_END,
            period_end,
            Actor.HR,
            Status.REQUIRED if beyond_period else Status.NOT_REQUIRED,
            source(Key.EMPLOYER_PERIOD_DAYS),
            "" if beyond_period else "The absence ended within the employer period.",
        )
    result.append(period)

    report_due = days(Key.REPORT_DEADLINE_DAYS)
    if case.section56:
        result.append(
            Obligation(
                Code.SECTION56_REFUND,
                report_due,
                Actor.HR,
                Status.REQUIRED,
                f"{SDPL} § 56; {source(Key.REPORT_DEADLINE_DAYS)}",
                "Report the absence for refund from the first day under the § 56 agreement.",
            )
        )
    else:
        report_reason = ""
        if exemption and not case.fleksjob:
            report_reason = "No employer period: the employee applies to the municipality."
        elif not exemption and not beyond_period:
            report_reason = "The absence ended within the employer period: no refund to claim."
        elif not exemption and leaves is not None and leaves < period_end:
            report_reason = "The employment ends within the employer period."
        result.append(
            Obligation(
                Code.REPORT_TO_MUNICIPALITY,
                report_due,
                Actor.HR,
                Status.NOT_REQUIRED if report_reason else Status.REQUIRED,
                source(Key.REPORT_DEADLINE_DAYS),
                report_reason,
            )
        )

    # The conversation by the end of sickness week 4, and the 8-week answer given at it.
    deadline = days(Key.CONVERSATION_DEADLINE_DAYS)
    conversation_due = last_working_day_on_or_before(deadline)
    exempt_days = rules[Key.CONVERSATION_EXEMPT_LEAVING_WITHIN_DAYS]
    if last is not None and last < conversation_due:
        conversation_reason = "Back at work before the conversation was due."
    elif (
        leaves is not None
        and exempt_days
        and leaves <= days(Key.CONVERSATION_EXEMPT_LEAVING_WITHIN_DAYS)
    ):
        conversation_reason = (
            "The employee is under notice and leaves within 8 weeks of the first sick day."
        )
    elif leaves is not None and leaves < conversation_due:
        conversation_reason = "The employment ends before the conversation is due."
    else:
        conversation_reason = ""
    conversation_status = Status.NOT_REQUIRED if conversation_reason else Status.REQUIRED
    result.append(
        Obligation(
            Code.ABSENCE_CONVERSATION,
            conversation_due,
            Actor.MANAGER,
            conversation_status,
            source(Key.CONVERSATION_DEADLINE_DAYS),
            conversation_reason,
        )
    )
    result.append(
        Obligation(
            Code.EIGHT_WEEK_ANSWER,
            conversation_due,
            Actor.MANAGER,
            conversation_status,
            source(Key.EXPECTED_ABSENCE_QUESTION_DAYS),
            conversation_reason,
        )
    )

    # The job centre's first follow-up: only when the municipality takes over the case.
    followup_due = days(Key.JOBCENTRE_FIRST_FOLLOWUP_DAYS)
    if last is not None and last < followup_due:
        followup_reason = "The absence ended before the job centre's first follow-up."
    elif not exemption and not beyond_period:
        followup_reason = "The absence ended within the employer period."
    else:
        followup_reason = ""
    result.append(
        Obligation(
            Code.JOBCENTRE_FIRST_FOLLOWUP,
            followup_due,
            Actor.JOBCENTRE,
            Status.NOT_REQUIRED if followup_reason else Status.REQUIRED,
            source(Key.JOBCENTRE_FIRST_FOLLOWUP_DAYS),
            followup_reason,
        )
    )

    # The retention plan: when the employee asks, or when the absence will be long.
    eight_weeks = rules[Key.EXPECTED_ABSENCE_QUESTION_DAYS]
    lasted_long = last is None or (last - first).days + 1 > eight_weeks
    if case.retention_plan_requested:
        plan_status, plan_reason = Status.REQUIRED, "The employee has asked for a retention plan."
    elif not lasted_long:
        plan_status, plan_reason = Status.NOT_REQUIRED, "The absence lasted 8 weeks or less."
    elif case.expected_over_8_weeks is True:
        plan_status, plan_reason = (
            Status.OPTIONAL,
            "Expected to last more than 8 weeks: the employee may ask for a plan, and the "
            "employer may offer one.",
        )
    elif case.expected_over_8_weeks is False:
        plan_status, plan_reason = Status.NOT_REQUIRED, "Not expected to last more than 8 weeks."
    else:
        plan_status, plan_reason = Status.CONDITIONAL, "Depends on the 8-week answer."
    result.append(
        Obligation(
            Code.RETENTION_PLAN,
            followup_due,
            Actor.MANAGER,
            plan_status,
            f"{source(Key.EXPECTED_ABSENCE_QUESTION_DAYS)}; {SEED_002}",
            plan_reason,
        )
    )
    return sorted(result, key=lambda o: (o.due, list(Code).index(o.code)))


# --- The organisation's care-conversation policy ---------------------------------------------


@dataclass(frozen=True, slots=True)
class CarePolicy:
    """When frequent short absence calls for a care conversation (omsorgssamtale).

    The seeds name frequent short absence as an early sign of problems at work or with health
    (seed 002); the trigger itself is the organisation's policy, these are the defaults.
    """

    spells: int = 3
    within_days: int = 183
    bradford_threshold: int | None = None
    bradford_window_days: int = 365
    conversation_within_days: int = 14
    source: str = f"{SEED_002} (frequent short absence is an early signal); the absence policy"


def bradford_factor(spells: Sequence[SpellFacts], on: dt.date, window_days: int) -> int:
    """S² × D over the window ending ``on``: S spells begun in it, D calendar days absent in it."""
    start = on - dt.timedelta(days=window_days - 1)
    in_window = [s for s in spells if start <= s.first_day <= on]
    absent = sum(((min(s.last_day or on, on)) - s.first_day).days + 1 for s in in_window)
    return len(in_window) ** 2 * absent


def care_conversation(
    spells: Iterable[SpellFacts], policy: CarePolicy, already_held: Iterable[dt.date] = ()
) -> Obligation | None:
    """The latest care conversation the policy calls for, or None.

    The trigger is the first day of the spell that makes the count (or the Bradford factor)
    reach the policy's threshold; a conversation held on or after that day answers it.
    """
    # Absence covered by a § 56 agreement never counts: chronic illness must not count against
    # a person (DOMAIN.md, "What Danish practice … show").
    cases = [
        SpellFacts(case[0].first_day, case[-1].last_day, case[0].section56)
        for case in group_into_cases(spells)
        if not case[0].section56
    ]
    held = sorted(already_held)
    trigger: dt.date | None = None
    reason = ""
    for i, spell in enumerate(cases):
        window_start = spell.first_day - dt.timedelta(days=policy.within_days - 1)
        recent = [s for s in cases[: i + 1] if s.first_day >= window_start]
        if len(recent) >= policy.spells:
            trigger = spell.first_day
            reason = f"{len(recent)} absences within {policy.within_days} days."
            continue
        if policy.bradford_threshold is not None:
            # Judged when the spell is over (or on its first day while it goes on).
            on = spell.last_day or spell.first_day
            factor = bradford_factor(cases[: i + 1], on, policy.bradford_window_days)
            if factor >= policy.bradford_threshold:
                trigger = on
                reason = f"Bradford factor {factor} ≥ {policy.bradford_threshold}."
    if trigger is None or any(day >= trigger for day in held):
        return None
    return Obligation(
        Code.CARE_CONVERSATION,
        last_working_day_on_or_before(trigger + dt.timedelta(days=policy.conversation_within_days)),
        Actor.MANAGER,
        Status.REQUIRED,
        policy.source,
        reason,
        since=trigger,
    )
