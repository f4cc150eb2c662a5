"""The follow-up engine: from a person's absence to what is due, by whom and by when, by the law
in force on the date each rule looks at.

Pure functions over plain facts, so that the same answers come from the web, the reminders, the
``naervaer rules timeline`` command and the tests. The codes of obligations and reasons are
stable: other tools (reminders, calendar feeds, the API, translations) rely on them. The engine
never returns a sentence: a reason is a code with parameters, and the words live in the UI.

A *case* is one continuous absence: spells joined when nothing but weekends and public holidays
lie between them — the employee was not back at work, so no new employer period starts (§ 30,
stk. 4: the employer's benefit requires being at work on the day the sickness begins or on the
last working day before it). A new absence after a working day back is a new case with its own
employer period and deadlines; earlier absences still count towards § 24's 22 weeks.

``due`` is the last day on which the obligation is met in time; None when the law sets no date
(a retention plan the employee asked for).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from naervaer.rules.calendar import ONE_DAY, is_working_day
from naervaer.rules.reassessment import Absence, reassessment_date
from naervaer.rules.rulesets import LAW, SEED_002, Key, Limit, RuleSet
from naervaer.rules.series import NotInForce, Source, Step


class Code(StrEnum):
    EMPLOYER_PERIOD_END = "employer_period_end"
    REPORT_TO_MUNICIPALITY = "report_to_municipality"
    ABSENCE_CONVERSATION = "absence_conversation"
    EIGHT_WEEK_ANSWER = "eight_week_answer"
    RETENTION_PLAN = "retention_plan"
    JOBCENTRE_FIRST_FOLLOWUP = "jobcentre_first_followup"
    EARLY_FOLLOWUP = "early_followup"
    SICKNESS_BENEFIT_REASSESSMENT = "sickness_benefit_reassessment"
    CARE_CONVERSATION = "care_conversation"
    SECTION56_REFUND = "section56_refund"


class Status(StrEnum):
    REQUIRED = "required"  # the law or the organisation's policy asks for it
    OPTIONAL = "optional"  # the employee may ask, the employer may offer
    CONDITIONAL = "conditional"  # depends on an answer or a decision not yet given
    NOT_REQUIRED = "not_required"  # does not apply (``reason`` says why)


class Actor(StrEnum):
    MANAGER = "manager"
    HR = "hr"
    JOBCENTRE = "jobcentre"  # the municipality (the job centre until the 2026 reform)


class Reason(StrEnum):
    """Why an obligation has its status. Parameters fill in the values (weeks, days, hours)."""

    # Applies
    EMPLOYER_PERIOD = "employer_period"  # {days}
    EMPLOYMENT_ENDS_FIRST = "employment_ends_first"  # {day}
    REPORT_PAYING_SALARY = "report_paying_salary"  # § 40, stk. 1 {days}
    REPORT_PAYING_BENEFIT = "report_paying_benefit"  # § 40, stk. 2 {days}
    REPORT_PAYING_NOTHING = "report_paying_nothing"  # § 40, stk. 3 {days}
    CONVERSATION_BY_WEEKS = "conversation_by_weeks"  # {weeks}
    INFORM_MUNICIPALITY = "inform_municipality"
    PLAN_REQUESTED = "plan_requested"  # asked: agree or decline
    PLAN_AGREED = "plan_agreed"
    PLAN_MAY_ASK = "plan_may_ask"  # {weeks}
    PLAN_DEPENDS_ON_ANSWER = "plan_depends_on_answer"  # {weeks}
    FIRST_FOLLOWUP_BY_WEEK = "first_followup_by_week"  # {week}
    EARLY_FOLLOWUP_REQUESTED = "early_followup_requested"  # {days} {requested}
    REASSESSMENT_MONTH_END = "reassessment_month_end"  # {weeks} {months}
    REFUND_WITH_REPORT = "refund_with_report"  # {days}
    REFUND_WITHIN_MONTHS = "refund_within_months"  # {months}
    CARE_COUNT = "care_count"  # {n} {days}
    CARE_BRADFORD = "care_bradford"  # {factor} {threshold}
    # Does not apply
    RULE_NOT_IN_FORCE = "rule_not_in_force"  # {rule}
    NO_LONGER_A_DUTY = "no_longer_a_duty"
    ENDED_WITHIN_EMPLOYER_PERIOD = "ended_within_employer_period"
    ENDED_BEFORE_DUE = "ended_before_due"
    SECTION56 = "section56"
    FLEKSJOB = "fleksjob"
    EMPLOYED_UNDER_WEEKS = "employed_under_weeks"  # {weeks}
    HOURS_UNDER = "hours_under"  # {hours} {weeks} {worked} {estimate}
    REFUND_FROM_DAY_ONE = "refund_from_day_one"
    NO_REFUND_FROM_DAY_ONE = "no_refund_from_day_one"
    LEAVING_WITHIN_WEEKS = "leaving_within_weeks"  # {weeks}
    PLAN_DECLINED = "plan_declined"
    PLAN_NOT_EXPECTED_LONG = "plan_not_expected_long"  # {weeks}
    ABSENCE_WITHIN_WEEKS = "absence_within_weeks"  # {weeks}
    EXPECTED_BACK_WITHIN_WEEKS = "expected_back_within_weeks"  # {weeks}
    NOT_REQUESTED = "not_requested"
    LIMIT_NOT_REACHED = "limit_not_reached"  # {weeks} {months}
    POLICY_NO_LONGER_CALLS = "policy_no_longer_calls"


class PlanDecision(StrEnum):
    AGREED = "agreed"
    DECLINED = "declined"


@dataclass(frozen=True, slots=True)
class SpellFacts:
    first_day: dt.date
    last_day: dt.date | None = None
    section56: bool = False


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """One continuous absence and what the engine needs to know about the employment.

    ``earlier`` holds the person's earlier absences with the same employer (for § 24, which adds
    spells up). Hours worked in the 8 weeks are taken from ``hours_worked_8_weeks`` when known,
    else estimated as ``weekly_hours`` × 8.
    """

    spells: tuple[SpellFacts, ...]
    employed_since: dt.date | None = None
    employment_end: dt.date | None = None
    weekly_hours: Decimal | None = None
    hours_worked_8_weeks: Decimal | None = None
    pays_salary: bool = True
    fleksjob: bool = False
    expected_over_8_weeks: bool | None = None
    expected_over_26_weeks: bool | None = None
    retention_plan_requested: bool = False
    retention_plan_decision: PlanDecision | None = None
    early_followup_requested: dt.date | None = None
    earlier: tuple[tuple[SpellFacts, ...], ...] = ()

    @property
    def first_day(self) -> dt.date:
        return self.spells[0].first_day

    @property
    def last_day(self) -> dt.date | None:
        return self.spells[-1].last_day

    @property
    def section56(self) -> bool:
        return self.spells[0].section56


Params = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Obligation:
    code: Code
    due: dt.date | None
    actor: Actor
    status: Status
    reason: Reason
    params: Params = field(default_factory=dict)
    source: Source = field(default_factory=lambda: Source(""))
    verified: bool = True
    since: dt.date | None = None  # the day it arose, when that is not the case's first day

    @property
    def applies(self) -> bool:
        return self.status is not Status.NOT_REQUIRED

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code.value,
            "due": self.due.isoformat() if self.due else None,
            "actor": self.actor.value,
            "status": self.status.value,
            "reason": self.reason.value,
            "params": {k: _plain(v) for k, v in self.params.items()},
            "source": str(self.source),
            "source_url": self.source.url,
            "verified": self.verified,
        }


def _plain(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def sickness_week(first_day: dt.date, day: dt.date) -> int:
    """Sickness weeks are counted from the first absence day: days 1–7 are week 1."""
    return (day - first_day).days // 7 + 1


def last_working_day_on_or_before(day: dt.date) -> dt.date:
    while not is_working_day(day):
        day -= ONE_DAY
    return day


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months later (the month's last day if it is shorter)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


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


# --- The engine -------------------------------------------------------------------------------


class _Rules:
    """The rule set read on one date (the case's first absence day)."""

    def __init__(self, rules: RuleSet, day: dt.date) -> None:
        self.rules, self.day = rules, day

    def step(self, key: Key) -> Step[Any] | None:
        try:
            return self.rules.step(key, self.day)
        except NotInForce:
            return None

    def value(self, key: Key) -> Any:
        step = self.step(key)
        return None if step is None else step.value


def _make(
    code: Code,
    due: dt.date | None,
    actor: Actor,
    status: Status,
    reason: Reason,
    step: Step[Any] | None,
    **params: Any,
) -> Obligation:
    return Obligation(
        code,
        due,
        actor,
        status,
        reason,
        params,
        step.source if step else Source(""),
        step.verified if step else True,
    )


def _not_in_force(code: Code, actor: Actor, key: Key) -> Obligation:
    return Obligation(
        code, None, actor, Status.NOT_REQUIRED, Reason.RULE_NOT_IN_FORCE, {"rule": key.value}
    )


def hours_in_8_weeks(case: CaseFacts, weeks: int) -> tuple[Decimal | None, bool]:
    """Hours worked in the weeks before the absence, and whether the figure is an estimate."""
    if case.hours_worked_8_weeks is not None:
        return case.hours_worked_8_weeks, False
    if case.weekly_hours is not None:
        return case.weekly_hours * weeks, True
    return None, True


def _no_employer_period(case: CaseFacts, r: _Rules) -> tuple[Reason, Params] | None:
    """Why the employer has no employer period to pay (None when it has one)."""
    if case.section56:
        return Reason.SECTION56, {}
    if case.fleksjob:
        return Reason.FLEKSJOB, {}
    weeks = r.value(Key.EMPLOYMENT_WEEKS_REQUIRED)
    if (
        weeks is not None
        and case.employed_since is not None
        and case.employed_since > case.first_day - dt.timedelta(weeks=weeks)
    ):
        return Reason.EMPLOYED_UNDER_WEEKS, {"weeks": weeks}
    hours = r.value(Key.EMPLOYMENT_HOURS_REQUIRED)
    worked, estimate = hours_in_8_weeks(case, weeks or 8)
    if hours is not None and worked is not None and worked < hours:
        return Reason.HOURS_UNDER, {
            "hours": hours,
            "weeks": weeks,
            "worked": worked,
            "estimate": estimate,
        }
    return None


def obligations(case: CaseFacts, rules: RuleSet = LAW) -> list[Obligation]:
    """Every obligation of one case, required or not (with the reason), ordered by due date."""
    first, last, leaves = case.first_day, case.last_day, case.employment_end
    r = _Rules(rules, first)

    def plus(days: int) -> dt.date:
        return first + dt.timedelta(days=days)

    result: list[Obligation] = []

    # The employer period (§ 30) and the report to the municipality (§ 40, stk. 1–3).
    period_step = r.step(Key.EMPLOYER_PERIOD_DAYS)
    period_days = period_step.value if period_step else 0
    period_end = plus(period_days - 1)
    exemption = _no_employer_period(case, r)
    if exemption is not None:
        reason, params = exemption
        result.append(
            _make(
                Code.EMPLOYER_PERIOD_END,
                None,
                Actor.HR,
                Status.NOT_REQUIRED,
                reason,
                r.step(Key.EMPLOYMENT_WEEKS_REQUIRED),
                **params,
            )
        )
    elif leaves is not None and leaves < period_end:
        result.append(
            _make(
                Code.EMPLOYER_PERIOD_END,
                leaves,
                Actor.HR,
                Status.REQUIRED,
                Reason.EMPLOYMENT_ENDS_FIRST,
                period_step,
                day=leaves,
            )
        )
    else:
        beyond = last is None or last > period_end
        result.append(
            _make(
                Code.EMPLOYER_PERIOD_END,
                period_end,
                Actor.HR,
                Status.REQUIRED if beyond else Status.NOT_REQUIRED,
                Reason.EMPLOYER_PERIOD if beyond else Reason.ENDED_WITHIN_EMPLOYER_PERIOD,
                period_step,
                days=period_days,
            )
        )

    day_one_refund = case.section56 or case.fleksjob
    result.append(_report(case, r, exemption, period_end, day_one_refund))
    result.append(_refund_from_day_one(case, r, period_days, day_one_refund))

    # The conversation (§ 7 a) and, while it was a duty, the information given after it.
    conversation_step = r.step(Key.CONVERSATION_DAYS)
    if conversation_step is None:
        result.append(
            _not_in_force(Code.ABSENCE_CONVERSATION, Actor.MANAGER, Key.CONVERSATION_DAYS)
        )
    else:
        due = plus(conversation_step.value)
        exempt_step = r.step(Key.CONVERSATION_EXEMPT_LEAVING_WITHIN_DAYS)
        if last is not None and last < due:
            status, reason, params = Status.NOT_REQUIRED, Reason.ENDED_BEFORE_DUE, {}
        elif exempt_step and leaves is not None and leaves < plus(exempt_step.value):
            status, reason = Status.NOT_REQUIRED, Reason.LEAVING_WITHIN_WEEKS
            params = {"weeks": exempt_step.value // 7}
        else:
            status, reason = Status.REQUIRED, Reason.CONVERSATION_BY_WEEKS
            params = {"weeks": -(-conversation_step.value // 7)}  # the seed's + 27: "week 4"
        result.append(
            _make(
                Code.ABSENCE_CONVERSATION,
                due,
                Actor.MANAGER,
                status,
                reason,
                conversation_step,
                **params,
            )
        )
        info_step = r.step(Key.EIGHT_WEEK_INFORMATION_DUTY)
        if info_step is not None and info_step.value:
            result.append(
                _make(
                    Code.EIGHT_WEEK_ANSWER,
                    due,
                    Actor.MANAGER,
                    status,
                    Reason.INFORM_MUNICIPALITY if status is Status.REQUIRED else reason,
                    info_step,
                    **params,
                )
            )

    result.append(_retention_plan(case, r))
    result.extend(_municipality(case, r))
    result.append(_reassessment(case, rules))
    return sorted(result, key=lambda o: (o.due or dt.date.max, list(Code).index(o.code)))


def _report(
    case: CaseFacts,
    r: _Rules,
    exemption: tuple[Reason, Params] | None,
    period_end: dt.date,
    day_one_refund: bool,
) -> Obligation:
    """§ 40: which paragraph applies depends on what the employer pays in the employer period."""
    code, first, last = Code.REPORT_TO_MUNICIPALITY, case.first_day, case.last_day
    if day_one_refund:
        return _make(code, None, Actor.HR, Status.NOT_REQUIRED, Reason.REFUND_FROM_DAY_ONE, None)
    leaves = case.employment_end
    if exemption is not None and not case.pays_salary:
        # § 40, stk. 3: neither salary nor a duty to pay sickness benefit — report within 14 days.
        step = r.step(Key.REPORT_NO_PAY_DAYS)
        if step is None:
            return _not_in_force(code, Actor.HR, Key.REPORT_NO_PAY_DAYS)
        due = first + dt.timedelta(days=step.value)
        return _make(
            code,
            due,
            Actor.HR,
            Status.REQUIRED,
            Reason.REPORT_PAYING_NOTHING,
            step,
            days=step.value,
        )
    if case.pays_salary:
        # § 40, stk. 1: salary — within 5 weeks, if the absence goes beyond the employer period.
        step = r.step(Key.REPORT_SALARY_DAYS)
        if step is None:
            return _not_in_force(code, Actor.HR, Key.REPORT_SALARY_DAYS)
        due = first + dt.timedelta(days=step.value)
        if exemption is None and last is not None and last <= period_end:
            reason, status = Reason.ENDED_WITHIN_EMPLOYER_PERIOD, Status.NOT_REQUIRED
        elif exemption is None and leaves is not None and leaves < period_end:
            reason, status = Reason.EMPLOYMENT_ENDS_FIRST, Status.NOT_REQUIRED
        else:
            reason, status = Reason.REPORT_PAYING_SALARY, Status.REQUIRED
        return _make(code, due, Actor.HR, status, reason, step, days=step.value)
    # § 40, stk. 2: sickness benefit in the employer period — within 1 week after it stopped.
    step = r.step(Key.REPORT_AFTER_EMPLOYER_BENEFIT_DAYS)
    if step is None:
        return _not_in_force(code, Actor.HR, Key.REPORT_AFTER_EMPLOYER_BENEFIT_DAYS)
    stopped = period_end if leaves is None else min(period_end, leaves)
    due = stopped + dt.timedelta(days=step.value)
    if last is not None and last <= stopped:
        return _make(
            code, due, Actor.HR, Status.NOT_REQUIRED, Reason.ENDED_WITHIN_EMPLOYER_PERIOD, step
        )
    return _make(
        code, due, Actor.HR, Status.REQUIRED, Reason.REPORT_PAYING_BENEFIT, step, days=step.value
    )


def _refund_from_day_one(
    case: CaseFacts, r: _Rules, period_days: int, day_one_refund: bool
) -> Obligation:
    """§ 56 agreement or fleksjob: refund from the first day. An absence over within the 30 days
    may be claimed up to 3 months back (§ 59, stk. 4); a longer one is reported by § 40, stk. 1
    (§ 59, stk. 2), else refund runs only from the report (stk. 3)."""
    code = Code.SECTION56_REFUND
    if not day_one_refund:
        return _make(code, None, Actor.HR, Status.NOT_REQUIRED, Reason.NO_REFUND_FROM_DAY_ONE, None)
    first, last = case.first_day, case.last_day
    window = r.step(Key.REFUND_CLAIM_MONTHS)
    if window is not None and last is not None and last < first + dt.timedelta(days=period_days):
        due = add_months(first, window.value)
        return _make(
            code,
            due,
            Actor.HR,
            Status.REQUIRED,
            Reason.REFUND_WITHIN_MONTHS,
            window,
            months=window.value,
        )
    step = r.step(Key.REPORT_SALARY_DAYS)
    if step is None:
        return _not_in_force(code, Actor.HR, Key.REPORT_SALARY_DAYS)
    due = first + dt.timedelta(days=step.value)
    return _make(
        code, due, Actor.HR, Status.REQUIRED, Reason.REFUND_WITH_REPORT, step, days=step.value
    )


def _retention_plan(case: CaseFacts, r: _Rules) -> Obligation:
    """§ 7 b: the employee may ask at any time when not expected back within 8 weeks; the
    employer and employee write it together, or the employer declines (stk. 2). No deadline."""
    code, key = Code.RETENTION_PLAN, Key.RETENTION_PLAN_EXPECTED_DAYS
    step = r.step(key)
    if step is None:
        return _not_in_force(code, Actor.MANAGER, key)
    weeks = step.value // 7
    if case.retention_plan_requested:
        if case.retention_plan_decision is PlanDecision.AGREED:
            status, reason = Status.REQUIRED, Reason.PLAN_AGREED
        elif case.retention_plan_decision is PlanDecision.DECLINED:
            status, reason = Status.NOT_REQUIRED, Reason.PLAN_DECLINED
        else:
            status, reason = Status.CONDITIONAL, Reason.PLAN_REQUESTED
    elif case.last_day is not None and (case.last_day - case.first_day).days + 1 <= step.value:
        status, reason = Status.NOT_REQUIRED, Reason.ABSENCE_WITHIN_WEEKS
    elif case.expected_over_8_weeks is True:
        status, reason = Status.OPTIONAL, Reason.PLAN_MAY_ASK
    elif case.expected_over_8_weeks is False:
        status, reason = Status.NOT_REQUIRED, Reason.PLAN_NOT_EXPECTED_LONG
    else:
        status, reason = Status.CONDITIONAL, Reason.PLAN_DEPENDS_ON_ANSWER
    return _make(code, None, Actor.MANAGER, status, reason, step, weeks=weeks)


def _municipality(case: CaseFacts, r: _Rules) -> list[Obligation]:
    """The municipality's first follow-up and early follow-up, as dates the employer should know
    (the municipality's own rules in full: ``naervaer.rules.jobcentre``)."""
    first, last = case.first_day, case.last_day
    result: list[Obligation] = []
    step = r.step(Key.JOBCENTRE_FIRST_FOLLOWUP_DAYS)
    exempt = r.step(Key.MUNICIPAL_FOLLOWUP_EXEMPT_WEEKS)
    if step is None:
        result.append(
            _not_in_force(
                Code.JOBCENTRE_FIRST_FOLLOWUP, Actor.JOBCENTRE, Key.JOBCENTRE_FIRST_FOLLOWUP_DAYS
            )
        )
    else:
        due = first + dt.timedelta(days=step.value)
        if last is not None and last < due:
            status, reason, params = Status.NOT_REQUIRED, Reason.ENDED_BEFORE_DUE, {}
        elif exempt is not None and case.expected_over_26_weeks is False:
            status, reason, params = (
                Status.NOT_REQUIRED,
                Reason.EXPECTED_BACK_WITHIN_WEEKS,
                {"weeks": exempt.value},
            )
            step = exempt
        else:
            status, reason = Status.REQUIRED, Reason.FIRST_FOLLOWUP_BY_WEEK
            params = {"week": sickness_week(first, due)}
        result.append(
            _make(
                Code.JOBCENTRE_FIRST_FOLLOWUP, due, Actor.JOBCENTRE, status, reason, step, **params
            )
        )

    early = r.step(Key.EARLY_FOLLOWUP_DAYS)
    requested = case.early_followup_requested
    if early is None:
        result.append(_not_in_force(Code.EARLY_FOLLOWUP, Actor.JOBCENTRE, Key.EARLY_FOLLOWUP_DAYS))
    elif requested is None:
        result.append(
            _make(
                Code.EARLY_FOLLOWUP,
                None,
                Actor.JOBCENTRE,
                Status.NOT_REQUIRED,
                Reason.NOT_REQUESTED,
                early,
            )
        )
    else:
        due = requested + dt.timedelta(days=early.value)
        ended = last is not None and last < requested
        result.append(
            _make(
                Code.EARLY_FOLLOWUP,
                due,
                Actor.JOBCENTRE,
                Status.NOT_REQUIRED if ended else Status.REQUIRED,
                Reason.ENDED_BEFORE_DUE if ended else Reason.EARLY_FOLLOWUP_REQUESTED,
                early,
                days=early.value,
                requested=requested,
            )
        )
    return result


def absences_for_reassessment(case: CaseFacts, rules: RuleSet = LAW) -> list[Absence]:
    """The case and the earlier absences, each with its employer period left out (§ 24, stk. 3)."""
    absences = []
    for spells in (*case.earlier, case.spells):
        first = spells[0].first_day
        excluded = rules.rule(Key.EMPLOYER_PERIOD_DAYS).get(first, 30)
        absences.append(Absence(first, spells[-1].last_day, excluded or 30))
    return absences


def reassessment_due(
    absences: list[Absence], rules: RuleSet = LAW
) -> tuple[dt.date, Step[Any]] | None:
    """The § 24 month-end for these absences and the version of the limit that gave it; each
    version is tried on the month-ends of its own period and the earliest date found wins. Used
    by the employer's case and by the municipality's case page alike."""
    steps = [s for s in rules.rule(Key.REASSESSMENT_LIMIT).steps if s.enacted]
    for step, following in zip(steps, [*steps[1:], None], strict=True):
        limit: Limit = step.value
        until = following.in_force_from - ONE_DAY if following else dt.date.max
        due = reassessment_date(
            absences, limit.weeks, limit.months, between=(step.in_force_from, until)
        )
        if due is not None:
            return due, step
    return None


def _reassessment(case: CaseFacts, rules: RuleSet) -> Obligation:
    """§ 24 looks at each month-end, not at the first absence day: the 2014 reform applied to
    everyone receiving sickness benefit on 1 July 2014. Each version of the limit is tried on the
    month-ends of its own period, the earliest date found wins."""
    code = Code.SICKNESS_BENEFIT_REASSESSMENT
    if not any(s.enacted for s in rules.rule(Key.REASSESSMENT_LIMIT).steps):
        return _not_in_force(code, Actor.JOBCENTRE, Key.REASSESSMENT_LIMIT)
    found = reassessment_due(absences_for_reassessment(case, rules), rules)
    if found is not None:
        due, step = found
        limit: Limit = step.value
        return _make(
            code,
            due,
            Actor.JOBCENTRE,
            Status.REQUIRED,
            Reason.REASSESSMENT_MONTH_END,
            step,
            weeks=limit.weeks,
            months=limit.months,
        )
    steps = [s for s in rules.rule(Key.REASSESSMENT_LIMIT).steps if s.enacted]
    last = rules.step(Key.REASSESSMENT_LIMIT, max(case.first_day, steps[0].in_force_from))
    return _make(
        code,
        None,
        Actor.JOBCENTRE,
        Status.NOT_REQUIRED,
        Reason.LIMIT_NOT_REACHED,
        last,
        weeks=last.value.weeks,
        months=last.value.months,
    )


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
    source: str = f"{SEED_002}; organisationens fraværspolitik"


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
    reason: Reason = Reason.CARE_COUNT
    params: Params = {}
    for i, spell in enumerate(cases):
        window_start = spell.first_day - dt.timedelta(days=policy.within_days - 1)
        recent = [s for s in cases[: i + 1] if s.first_day >= window_start]
        if len(recent) >= policy.spells:
            trigger = spell.first_day
            reason, params = Reason.CARE_COUNT, {"n": len(recent), "days": policy.within_days}
            continue
        if policy.bradford_threshold is not None:
            # Judged when the spell is over (or on its first day while it goes on).
            on = spell.last_day or spell.first_day
            factor = bradford_factor(cases[: i + 1], on, policy.bradford_window_days)
            if factor >= policy.bradford_threshold:
                trigger = on
                reason = Reason.CARE_BRADFORD
                params = {"factor": factor, "threshold": policy.bradford_threshold}
    if trigger is None or any(day >= trigger for day in held):
        return None
    return Obligation(
        Code.CARE_CONVERSATION,
        last_working_day_on_or_before(trigger + dt.timedelta(days=policy.conversation_within_days)),
        Actor.MANAGER,
        Status.REQUIRED,
        reason,
        params,
        Source(policy.source),
        since=trigger,
    )
