"""The job centre's follow-up of sick-listed citizens (sygeopfølgning) as dated rules.

Every case is put in a category at each follow-up; the category sets when the next follow-up is
due. A follow-up plan is due no later than at the second follow-up. The state refunds part of
the municipality's sickness benefit; how much depends on the rule set.

Two rule sets, as for the employer's follow-up (``naervaer.rules.rulesets``):

``seed-2008``
    Seed 001 (kap. 3, fakta 1, and proposals 19–21): categories 1–3, first follow-up before the
    end of week 8, then every 8 weeks (categories 1 and 3) or 4 weeks (category 2); refund 65 %
    for a week in which the citizen is partly back or in an active offer more than 10 hours,
    otherwise 35 %.
``current``
    Sygedagpengeloven as reformed in 2014 (STAR's guidance of 2023 on visitation and follow-up)
    and the 2016 refund reform. Values not checked against an official text are marked
    ``verified=False`` and shown so in the interface.

Weeks are counted from the first sick day: sickness week 1 is the first day and the six days
after it, so "before the end of week 8" is the first day + 55 days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import IntEnum

from naervaer.rules.rulesets import SDPL, SEED_001


class Category(IntEnum):
    QUICK = 1  # expected to return soon without problems
    AT_RISK = 2  # risk of a long absence and of losing the attachment to the labour market
    LONG = 3  # known from the start to be long (serious illness, operation, …)


@dataclass(frozen=True, slots=True)
class Value:
    value: int
    source: str
    verified: bool = True


@dataclass(frozen=True, slots=True)
class RefundStep:
    """From week ``from_week`` of sickness on, the state refunds ``percent``."""

    from_week: int
    percent: int


@dataclass(frozen=True, slots=True)
class JobcentreRules:
    id: str
    title: str
    effective_from: dt.date
    categories: dict[Category, str]
    first_follow_up_days: Value  # after the first sick day
    interval_weeks: dict[Category, Value]
    plan_by_follow_up: Value  # the plan is due no later than at this follow-up
    info_form_days: Value  # the citizen returns the information form within … days
    round_table_days: Value | None  # tripartite meeting within … days of inclusion (seed 003)
    reassessment_weeks: Value | None  # entitlement is reassessed after … weeks of benefit
    # Refund: either activity-dependent (seed) or stepped by week (current).
    active_hours_threshold: Value | None
    active_refund_percent: Value | None
    passive_refund_percent: Value | None
    refund_steps: tuple[RefundStep, ...] = ()
    refund_steps_source: Value | None = None


SEED_003 = "Seed 003: IBBIS II – integreret beskæftigelses- og behandlingsindsats (2019)"
REFUND_REFORM = (
    "Lov om ændring af lov om kommunal udligning og generelle tilskud … (refusionsreformen), "
    "lov nr. 1486 af 23. december 2014, i kraft 4. januar 2016"
)
REFORM_2014 = "Lov nr. 720 af 25. juni 2014 (sygedagpengereformen), i kraft 1. juli 2014"
GUIDANCE_2023 = (
    "Vejledning nr. 9208 af 21. marts 2023 om visitation og opfølgning m.v. i "
    "sygedagpengesager (STAR); star.dk, 'Sygedagpengeopfølgning'"
)

SEED_2008 = JobcentreRules(
    id="seed-2008",
    title="Seed rule set (2008)",
    effective_from=dt.date(2008, 6, 2),
    categories={
        Category.QUICK: "Expected quick, unproblematic return to work",
        Category.AT_RISK: "Risk of long absence and of losing the attachment to work",
        Category.LONG: "Known from the start to be long",
    },
    first_follow_up_days=Value(55, f"{SEED_001}, kap. 3 fakta 1: before the end of week 8"),
    interval_weeks={
        Category.QUICK: Value(8, f"{SEED_001}, kap. 3 fakta 1"),
        Category.AT_RISK: Value(4, f"{SEED_001}, kap. 3 fakta 1"),
        Category.LONG: Value(8, f"{SEED_001}, kap. 3 fakta 1"),
    },
    plan_by_follow_up=Value(2, f"{SEED_001}, kap. 3 fakta 1"),
    info_form_days=Value(8, f"{SEED_001}, kap. 3 fakta 1"),
    round_table_days=Value(14, f"{SEED_003}: tripartite meeting within 14 days of inclusion"),
    reassessment_weeks=None,
    active_hours_threshold=Value(10, f"{SEED_001}, proposal 21"),
    active_refund_percent=Value(65, f"{SEED_001}, proposal 21"),
    passive_refund_percent=Value(35, f"{SEED_001}, proposal 21 (50 % before)"),
)

CURRENT = JobcentreRules(
    id="current",
    title="Current rules",
    effective_from=dt.date(2016, 1, 4),
    categories={
        Category.QUICK: "Expected back within 8 weeks of the first sick day",
        Category.AT_RISK: "Over 8 weeks, with a clear and predictable course of treatment",
        Category.LONG: "Unclear illness and/or difficulties besides the illness",
    },
    first_follow_up_days=Value(
        55, f"{SDPL} § 13; {GUIDANCE_2023}: first follow-up before the end of week 8"
    ),
    interval_weeks={
        # The law leaves the extent of follow-up in category 1 to the job centre; eight weeks
        # is Nærvær's default, not a legal deadline.
        Category.QUICK: Value(8, f"{GUIDANCE_2023}: set by the job centre", verified=False),
        Category.AT_RISK: Value(4, f"{GUIDANCE_2023}: at least every 4 weeks, in person"),
        Category.LONG: Value(4, f"{GUIDANCE_2023}: at least every 4 weeks, in person"),
    },
    # Since 2014 the first follow-up ends in the plan (the agreement on the effort, on the
    # citizen's page on Jobnet); the 2008 rules allowed until the second.
    plan_by_follow_up=Value(
        1,
        f"{GUIDANCE_2023}; star.dk 'Sygedagpengeopfølgning'; Roskilde Kommune's "
        "guidance: the first follow-up conversation ends in a plan",
    ),
    info_form_days=Value(
        8, f"{SDPL} § 11; sygeguide.dk 'Syg 4-8 uger': returned within 8 days of sending"
    ),
    round_table_days=Value(14, f"{SEED_003}: tripartite meeting within 14 days of inclusion"),
    reassessment_weeks=Value(
        22,
        f"{SDPL} § 24, stk. 1 ({REFORM_2014}): benefit for more than 22 weeks in the 9 "
        "preceding calendar months",
    ),
    active_hours_threshold=None,
    active_refund_percent=None,
    passive_refund_percent=None,
    # 2011–2015 the state paid 30 % (50 % with gradual return or an offer) in weeks 9–52 (lov
    # om ændring af lov om sygedagpenge, ændring af refusionssatser, i kraft 1. januar 2011).
    refund_steps=(
        RefundStep(1, 80),
        RefundStep(5, 40),
        RefundStep(27, 30),
        RefundStep(53, 20),
    ),
    refund_steps_source=Value(0, REFUND_REFORM, verified=False),
)

RULE_SETS = {r.id: r for r in (SEED_2008, CURRENT)}


def rules_for(first_day: dt.date) -> JobcentreRules:
    """The rule set in force on the first sick day."""
    return CURRENT if first_day >= CURRENT.effective_from else SEED_2008


def sickness_week(first_day: dt.date, day: dt.date) -> int:
    """Sickness week 1 is the first day and the six days after it."""
    return (day - first_day).days // 7 + 1


@dataclass(frozen=True, slots=True)
class Held:
    """A follow-up that was held, with the category the case was put in there."""

    on: dt.date
    category: Category


def first_follow_up_due(first_day: dt.date, rules: JobcentreRules) -> dt.date:
    return first_day + dt.timedelta(days=rules.first_follow_up_days.value)


def next_follow_up_due(first_day: dt.date, held: list[Held], rules: JobcentreRules) -> dt.date:
    """When the next follow-up is due: the first by the end of week 8, then the interval of the
    category given at the last follow-up, counted from the day it was held."""
    if not held:
        return first_follow_up_due(first_day, rules)
    last = max(held, key=lambda h: h.on)
    return last.on + dt.timedelta(weeks=rules.interval_weeks[last.category].value)


def plan_due(first_day: dt.date, held: list[Held], rules: JobcentreRules) -> dt.date:
    """The follow-up plan is due no later than at the ``plan_by_follow_up``-th follow-up: the
    day it was held, or the day it will be due. Before any category is given, the shortest
    interval is assumed, so the plan is never shown later than it may be."""
    ordered = sorted(held, key=lambda h: h.on)
    n = rules.plan_by_follow_up.value
    if len(ordered) >= n:
        return ordered[n - 1].on
    due = next_follow_up_due(first_day, ordered, rules)
    weeks = (
        rules.interval_weeks[ordered[-1].category].value
        if ordered
        else min(v.value for v in rules.interval_weeks.values())
    )
    return due + dt.timedelta(weeks=weeks * (n - len(ordered) - 1))


def refund_percent(rules: JobcentreRules, week: int, active_hours_per_week: float = 0.0) -> int:
    """The state's refund of the week's sickness benefit, in percent.

    Seed 2008: 65 % when the citizen is partly back at work or in an active offer for more than
    10 hours that week, otherwise 35 %. Current: a step by the week of sickness.
    """
    if rules.refund_steps:
        percent = rules.refund_steps[0].percent
        for step in rules.refund_steps:
            if week >= step.from_week:
                percent = step.percent
        return percent
    assert rules.active_hours_threshold and rules.active_refund_percent
    assert rules.passive_refund_percent
    if active_hours_per_week > rules.active_hours_threshold.value:
        return rules.active_refund_percent.value
    return rules.passive_refund_percent.value


def reassessment_due(first_day: dt.date, rules: JobcentreRules) -> dt.date | None:
    """For a continuous absence: the day benefit has been paid for more than the limit."""
    if rules.reassessment_weeks is None:
        return None
    return first_day + dt.timedelta(weeks=rules.reassessment_weeks.value)
