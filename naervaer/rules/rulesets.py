"""The employer's side of the law as dated data: every period, deadline and threshold, with its
source, as a :class:`~naervaer.rules.series.Series`.

Each rule is a list of steps (in force from, value, source, verified, note). The engine asks a
rule for the step in force on the date that rule looks at — for the employer's duties the first
absence day, as every amending act since 2006 says ("finder anvendelse på sygdomstilfælde, hvor
1. fraværsdag er …") — so a 2011 case gets § 7 a's conversation and its leaving exemption
(4 January 2010) but the 21-day employer period (30 days only from 2 January 2012).

Two rule sets ship:

``law``
    The law as far as we have read it (the default). ``verified=False`` marks a step whose
    value or date we have not confirmed in the law text itself; ``docs/law.md`` lists them.
``seed-2008``
    The 2008 action plan's proposals (seed 001, "Sygefravær — en udfordring", and seed 002),
    kept for comparison and for reading the seeds' examples. One step each, from any date.

A lawyer should be able to read this module line by line against the statute: keep it data.
Day counts are days *after* the first absence day: "senest 4 uger efter første sygedag" is the
same weekday four weeks later, first day + 28 (LAW.md, "How dates are counted").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from naervaer.rules.series import Series, Source, Step

D = dt.date


class Key(StrEnum):
    EMPLOYER_PERIOD_DAYS = "employer_period_days"
    EMPLOYMENT_WEEKS_REQUIRED = "employment_weeks_required"
    EMPLOYMENT_HOURS_REQUIRED = "employment_hours_required"
    REPORT_SALARY_DAYS = "report_salary_days"
    REPORT_AFTER_EMPLOYER_BENEFIT_DAYS = "report_after_employer_benefit_days"
    REPORT_NO_PAY_DAYS = "report_no_pay_days"
    REFUND_CLAIM_MONTHS = "refund_claim_months"
    CONVERSATION_DAYS = "conversation_days"
    CONVERSATION_EXEMPT_LEAVING_WITHIN_DAYS = "conversation_exempt_leaving_within_days"
    EIGHT_WEEK_INFORMATION_DUTY = "eight_week_information_duty"
    RETENTION_PLAN_EXPECTED_DAYS = "retention_plan_expected_days"
    JOBCENTRE_FIRST_FOLLOWUP_DAYS = "jobcentre_first_followup_days"
    EARLY_FOLLOWUP_DAYS = "early_followup_days"
    MUNICIPAL_FOLLOWUP_EXEMPT_WEEKS = "municipal_followup_exempt_weeks"
    REASSESSMENT_LIMIT = "reassessment_limit"


@dataclass(frozen=True, slots=True)
class Limit:
    """§ 24: benefit for more than ``weeks`` weeks within the ``months`` calendar months before
    the end of a month stops at that month's end (the municipality reassesses before)."""

    weeks: int
    months: int

    def __str__(self) -> str:
        return f"{self.weeks} weeks / {self.months} months"


# --- Sources, named once -----------------------------------------------------------------------

# Old names other modules cite (the job-centre rules import them).
SEED_001 = "Seed 001: Sygefravær – en udfordring (Regeringen, 2008)"
SEED_002 = "Seed 002: Sygefravær – pjece til arbejdsmiljøorganisationen"
SDPL = "Sygedagpengeloven (lov om sygedagpenge, LBK nr. 994 af 22. august 2024)"

_ACT = "Lov om sygedagpenge, LBK nr. 994 af 22/8/2024"
_ELOV = "https://elov.dk/sygedagpengeloven/paragraf/"


def _sdpl(paragraph: str, anchor: str) -> Source:
    return Source(_ACT, paragraph, _ELOV + anchor)


ACT_2006 = "Lov nr. 563 af 9/6/2006 om sygedagpenge (i kraft 3/7/2006)"
BEK_2006 = Source(
    "Bekendtgørelse nr. 665 af 20/6/2006 om sygedagpenge",
    "§ 28, stk. 1 (de 15 første kalenderdage)",
    "https://www.retsinformation.dk/Forms/R0710.aspx?id=117279",
)
BEK_2008 = Source(
    "Bekendtgørelse af 28/5/2008 om ændring af bekendtgørelse om sygedagpenge (15 → 21 dage), "
    "for 1. fraværsdag fra 2/6/2008",
    "§ 1, § 2",
    "https://www.retsinformation.dk/Forms/R0710.aspx?id=117279",
)
LAW_2009 = "Lov nr. 480 af 12/6/2009 (§§ 7 a–7 b, for sygeperioder fra 4/1/2010)"
LAW_2011 = Source(
    "Lov om ændring af lov om sygedagpenge (Udvidelse af arbejdsgiverperioden), i kraft 2/1/2012 "
    "for 1. fraværsdag fra denne dato",
    "§ 1, nr. 1–2, § 3",
    "https://www.retsinformation.dk/Forms/R0710.aspx?id=135235",
)
L85_2012 = "L 85 (2011-12), ændring af frister for anmeldelse af sygefravær, i kraft 2/4/2012"
REFORM_2014 = "Lov nr. 720 af 25/6/2014 (sygedagpengereformen)"
REFORM_2026 = "Lov nr. 1750 af 29/12/2025 (beskæftigelsesreformen, 1. fase)"
SEED_SOURCE = Source(SEED_001, "kap. 3 fakta 1, kap. 4, forslag 06")
_SEED_START = D(1900, 1, 1)  # the seed set has no history: its value applies to any date


def _series(
    key: Key, meaning: str, unit: str, *steps: Step[Any], looks_at: str = ""
) -> Series[Any]:
    return Series(key.value, meaning, unit, tuple(steps), looks_at or "first absence day")


# --- The law ----------------------------------------------------------------------------------

LAW_SERIES: tuple[Series[Any], ...] = (
    _series(
        Key.EMPLOYER_PERIOD_DAYS,
        "The employer pays salary or sickness benefit for the first days of an absence, counted "
        "in calendar days from the first absence day and not extended by holidays; refund after.",
        "calendar days",
        Step(D(2006, 7, 3), 15, BEK_2006, True, "Set by order under the 2006 act."),
        Step(D(2008, 6, 2), 21, BEK_2008, True),
        Step(
            D(2012, 1, 2),
            30,
            _sdpl("§ 30, stk. 1", "30"),
            True,
            f"{LAW_2011.law}, § 1, nr. 1.",
        ),
    ),
    _series(
        Key.EMPLOYMENT_WEEKS_REQUIRED,
        "Entitled to the employer's benefit only if employed without a break for the 8 weeks "
        "before the first absence day (holiday, sickness and leave count for the weeks).",
        "weeks",
        Step(D(2006, 7, 3), 8, _sdpl("§ 30, stk. 2, nr. 1, stk. 3", "30"), True, ACT_2006),
    ),
    _series(
        Key.EMPLOYMENT_HOURS_REQUIRED,
        "… and worked at least 74 hours for the employer in those 8 weeks (holiday, sickness "
        "and leave do not count as hours worked).",
        "hours",
        Step(D(2006, 7, 3), 74, _sdpl("§ 30, stk. 2, nr. 2", "30"), True, ACT_2006),
    ),
    _series(
        Key.REPORT_SALARY_DAYS,
        "An employer paying salary reports the absence to the municipality (NemRefusion) no "
        "later than this many days after the first absence day, if the absence goes beyond the "
        "employer period; reported late, refund runs only from the day of the report (§ 59).",
        "days after the first absence day",
        Step(
            D(2006, 7, 3),
            28,
            Source(ACT_2006, "§ 40, stk. 1"),
            False,
            "4 weeks in the 2006 text as we understand it (the 2011 act rewrote stk. 1 keeping "
            "4 weeks); the 2006 wording itself not read.",
        ),
        Step(D(2012, 1, 2), 28, LAW_2011, True, "§ 40, stk. 1 as rewritten: 4 weeks."),
        Step(D(2012, 4, 2), 35, _sdpl("§ 40, stk. 1", "40"), True, L85_2012),
    ),
    _series(
        Key.REPORT_AFTER_EMPLOYER_BENEFIT_DAYS,
        "An employer paying sickness benefit (not salary) in the employer period reports no "
        "later than this many days after its payment stopped, if the absence goes beyond it.",
        "days after the employer's payment stopped",
        Step(D(2012, 4, 2), 7, _sdpl("§ 40, stk. 2", "40"), True, L85_2012),
    ),
    _series(
        Key.REPORT_NO_PAY_DAYS,
        "An employer paying no salary and with no duty to pay sickness benefit (a new hire, "
        "fewer than 74 hours) still reports the absence, no later than this many days after the "
        "first absence day.",
        "days after the first absence day",
        Step(D(2012, 4, 2), 14, _sdpl("§ 40, stk. 3", "40"), True, L85_2012),
    ),
    _series(
        Key.REFUND_CLAIM_MONTHS,
        "Refund from the first day (§ 56 agreement, fleksjob) for an absence that ended within "
        "the 30 days: the claim may cover up to this many months before it is made.",
        "months",
        Step(
            D(2012, 4, 2),
            3,
            _sdpl("§ 59, stk. 4", "59"),
            False,
            "Value read in § 59, stk. 4 (LBK 1712/2021 on elov.dk); the date it came in assumed "
            "to be L 85's, not confirmed.",
        ),
    ),
    _series(
        Key.CONVERSATION_DAYS,
        "The employer holds a conversation with the sick employee about how and when they can "
        "return, no later than 4 weeks after the first sick day.",
        "days after the first sick day",
        Step(
            D(2010, 1, 4),
            28,
            _sdpl("§ 7 a", "7a"),
            True,
            f"{LAW_2009}. Law only for sickness from 4 January 2010; before, a proposal (seed "
            "001). Checked against the Moderniseringsstyrelsen's personnel guide (PAV 24.2.3).",
        ),
    ),
    _series(
        Key.CONVERSATION_EXEMPT_LEAVING_WITHIN_DAYS,
        "No conversation is due when the employee is under notice and leaves before this many "
        "days after the first sick day (8 weeks).",
        "days after the first sick day",
        Step(
            D(2010, 1, 4),
            56,
            _sdpl("§ 7 a", "7a"),
            True,
            f"{LAW_2009}; PAV 24.2.3: not for employees under notice leaving within 8 weeks.",
        ),
    ),
    _series(
        Key.EIGHT_WEEK_INFORMATION_DUTY,
        "The employer informs the municipality, on the basis of the conversation, e.g. whether "
        "the absence is expected to last more than 8 weeks.",
        "duty (yes/no)",
        Step(
            D(2010, 1, 4),
            True,
            Source(LAW_2009, "§ 7 a, stk. 1"),
            False,
            "Described by law firms' summaries of lov 480/2009; the text itself not read.",
        ),
        Step(
            D(2012, 3, 5),
            False,
            Source(_ACT, "§ 40, stk. 4", _ELOV + "40"),
            False,
            "Employer guidance (efterskolerne.dk) says the duty ended 5 March 2012; today § 40, "
            "stk. 4 says the employer *may* inform the municipality with the report.",
        ),
    ),
    _series(
        Key.RETENTION_PLAN_EXPECTED_DAYS,
        "The employee may ask for a retention plan, at any time, when not expected back within "
        "8 weeks of the first sick day; the employer may decline (stk. 2). No deadline.",
        "days (8 weeks) from the first sick day",
        Step(D(2010, 1, 4), 56, _sdpl("§ 7 b, stk. 1–2", "7b"), True, LAW_2009),
    ),
    _series(
        Key.JOBCENTRE_FIRST_FOLLOWUP_DAYS,
        "The municipality's first follow-up, before the end of the 8th week from the first "
        "absence day (first day + 55).",
        "days after the first absence day",
        Step(D(2006, 7, 3), 55, SEED_SOURCE, False, "The 2008 rule as seed 001 describes it."),
        Step(
            D(2015, 1, 1),
            55,
            _sdpl("§ 13 b, stk. 1", "13b"),
            True,
            f"{REFORM_2014}; the municipality's side in detail: naervaer.rules.jobcentre.",
        ),
    ),
    _series(
        Key.EARLY_FOLLOWUP_DAYS,
        "When the employer (§ 7 c) or the employee (§ 7 e) asks for early follow-up, the "
        "municipality holds the first follow-up conversation no later than 2 weeks after.",
        "days after the request",
        Step(
            D(2015, 1, 1),
            14,
            _sdpl("§ 13 b, stk. 2", "13b"),
            False,
            f"Value read in § 13 b, stk. 2; in force with {REFORM_2014}'s second part in 2015 "
            "(1 or 5 January: not confirmed).",
        ),
    ),
    _series(
        Key.MUNICIPAL_FOLLOWUP_EXEMPT_WEEKS,
        "Sick employees expected back within this many weeks are, as a starting point, exempt "
        "from the municipality's follow-up.",
        "weeks",
        Step(
            D(2026, 7, 1),
            26,
            Source(REFORM_2026, "L 66 (2025-26)"),
            False,
            "From the legal review (LAW.md); the act and the date of this part not read.",
        ),
        looks_at="first absence day",
    ),
    _series(
        Key.REASSESSMENT_LIMIT,
        "Benefit stops after the end of the calendar month in which benefit or pay during "
        "sickness has been paid for more than the limit within the preceding calendar months; "
        "the first 30 days are not counted (stk. 3), spells are added up; the municipality "
        "reassesses before.",
        "weeks within calendar months",
        Step(
            D(2006, 7, 3),
            Limit(52, 18),
            Source(ACT_2006, "§ 24, stk. 1"),
            False,
            "The rule before the 2014 reform, as commonly described; not read.",
        ),
        Step(
            D(2014, 7, 1),
            Limit(22, 9),
            Source(
                _ACT,
                "§ 24, stk. 1 og 3",
                "https://elov.dk/sygedagpengeloven/paragraf/24/forarbejder/aendringslov-2014-06-25-720/nummer/338964",
            ),
            True,
            f"{REFORM_2014}, § 1, nr. 22; applies to everyone receiving sickness benefit on "
            "1 July 2014 (denoffentlige.dk on the reform), so the rule looks at each month-end.",
        ),
        looks_at="month-end assessed",
    ),
)

SEED_SERIES: tuple[Series[Any], ...] = (
    _series(
        Key.EMPLOYER_PERIOD_DAYS,
        "The employer pays for the first 21 calendar days.",
        "calendar days",
        Step(_SEED_START, 21, Source(SEED_001, "kap. 4"), True),
    ),
    _series(
        Key.EMPLOYMENT_WEEKS_REQUIRED,
        "Employed 8 weeks before the first absence day.",
        "weeks",
        Step(_SEED_START, 8, Source(SDPL, "§ 30, stk. 2, nr. 1"), True),
    ),
    _series(
        Key.EMPLOYMENT_HOURS_REQUIRED,
        "… and at least 74 hours worked in them.",
        "hours",
        Step(_SEED_START, 74, Source(SDPL, "§ 30, stk. 2, nr. 2"), True),
    ),
    _series(
        Key.REPORT_SALARY_DAYS,
        "The employer reports no later than in the 4th week of sickness (its last day).",
        "days after the first absence day",
        Step(_SEED_START, 27, Source(SEED_001, "kap. 3 fakta 1, forslag 06"), True),
    ),
    _series(
        Key.CONVERSATION_DAYS,
        "The conversation no later than in the 4th week (proposal).",
        "days after the first absence day",
        Step(_SEED_START, 27, Source(SEED_001, "forslag 06"), True),
    ),
    _series(
        Key.RETENTION_PLAN_EXPECTED_DAYS,
        "The employee may ask for a plan if not expected back within 8 weeks (proposal).",
        "days",
        Step(_SEED_START, 56, Source(SEED_001, "forslag 06"), True),
    ),
    _series(
        Key.JOBCENTRE_FIRST_FOLLOWUP_DAYS,
        "The job centre's first follow-up before the end of week 8.",
        "days after the first absence day",
        Step(_SEED_START, 55, Source(SEED_001, "kap. 3 fakta 1"), True),
    ),
)


@dataclass(frozen=True, slots=True)
class RuleSet:
    """A named collection of rules. A rule missing from a set is not in force in it."""

    id: str
    title: str
    series: tuple[Series[Any], ...]

    def rule(self, key: Key) -> Series[Any]:
        for s in self.series:
            if s.key == key.value:
                return s
        return Series(key.value, "", "", ())

    def at(self, key: Key, day: dt.date) -> Any:
        """The value in force on ``day``; raises ``NotInForce`` before the first step."""
        return self.rule(key).at(day)

    def step(self, key: Key, day: dt.date) -> Step[Any]:
        return self.rule(key).step_at(day)


LAW = RuleSet("law", "The law (each rule by its own date)", LAW_SERIES)
SEED_2008 = RuleSet("seed-2008", "The 2008 action plan's proposals (seed)", SEED_SERIES)

RULESETS: dict[str, RuleSet] = {r.id: r for r in (LAW, SEED_2008)}
