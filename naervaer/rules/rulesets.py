"""Dated rule sets: every period, deadline and threshold the follow-up engine uses, with its source.

Rules change (the employer period was 15 days until June 2008, 21 days until 2012, 30 days since),
so a value is data with the date it took effect and where it comes from, never a constant in the
code. Two rule sets ship:

``seed-2008``
    The rules as the seeds describe them (seed 001, "Sygefravær — en udfordring", 2008, and
    seed 002). Useful for reading old cases and for comparing with the seeds' examples.
``current``
    The rules as far as we have verified them in law and official guidance today. Each value
    carries its own effective date.

A case is judged by the rule set in force on its first absence day (``ruleset_for``), unless
the caller names one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class Key(StrEnum):
    EMPLOYER_PERIOD_DAYS = "employer_period_days"
    EMPLOYMENT_WEEKS_REQUIRED = "employment_weeks_required"
    EMPLOYMENT_HOURS_REQUIRED = "employment_hours_required"
    REPORT_DEADLINE_DAYS = "report_deadline_days"
    CONVERSATION_DEADLINE_DAYS = "conversation_deadline_days"
    CONVERSATION_EXEMPT_LEAVING_WITHIN_DAYS = "conversation_exempt_leaving_within_days"
    EXPECTED_ABSENCE_QUESTION_DAYS = "expected_absence_question_days"
    JOBCENTRE_FIRST_FOLLOWUP_DAYS = "jobcentre_first_followup_days"


@dataclass(frozen=True, slots=True)
class Rule:
    key: Key
    value: int
    unit: str
    effective_from: dt.date
    source: str
    meaning: str


@dataclass(frozen=True, slots=True)
class RuleSet:
    id: str
    title: str
    effective_from: dt.date
    rules: tuple[Rule, ...]

    def __getitem__(self, key: Key) -> int:
        return self.rule(key).value

    def rule(self, key: Key) -> Rule:
        for rule in self.rules:
            if rule.key is key:
                return rule
        raise KeyError(key)


# Sources, named once. Law texts are cited by paragraph; guidance by publisher.
SEED_001 = "Seed 001: Sygefravær – en udfordring (Regeringen, 2008)"
SEED_002 = "Seed 002: Sygefravær – pjece til arbejdsmiljøorganisationen"
SDPL = "Sygedagpengeloven (lov om sygedagpenge, LBK nr. 1712 af 20. august 2021)"
AMENDMENT_2008 = (
    "Bekendtgørelse om ændring af bekendtgørelse om sygedagpenge, § 1 (15 → 21 kalenderdage), "
    "for sygdomstilfælde med 1. fraværsdag fra 2. juni 2008"
)
AMENDMENT_2012 = (
    "Lov om ændring af lov om sygedagpenge (Udvidelse af arbejdsgiverperioden), § 1 nr. 1 "
    "(21 → 30 kalenderdage), i kraft 2. januar 2012 for sygdomstilfælde med 1. fraværsdag fra "
    "denne dato"
)
MUNICIPAL_GUIDANCE = (
    "Kommunernes vejledning til arbejdsgivere om refusion af sygedagpenge via NemRefusion "
    "(fx Slagelse, Aarhus, Albertslund, Silkeborg Kommune)"
)

SEED_2008 = RuleSet(
    id="seed-2008",
    title="Seed rule set (2008)",
    effective_from=dt.date(2008, 6, 2),
    rules=(
        Rule(
            Key.EMPLOYER_PERIOD_DAYS,
            21,
            "calendar days",
            dt.date(2008, 6, 2),
            f"{SEED_001}, kap. 4; {AMENDMENT_2008}",
            "The employer pays sickness benefit (or salary) for the first days of a spell; "
            "refund from the municipality can run after it.",
        ),
        Rule(
            Key.EMPLOYMENT_WEEKS_REQUIRED,
            8,
            "weeks",
            dt.date(2006, 7, 3),
            f"{SDPL} § 30, stk. 2, nr. 1 (unchanged since lov nr. 563 af 9. juni 2006)",
            "No employer period unless employed for the 8 weeks before the first absence day.",
        ),
        Rule(
            Key.EMPLOYMENT_HOURS_REQUIRED,
            74,
            "hours",
            dt.date(2006, 7, 3),
            f"{SDPL} § 30, stk. 2, nr. 2 (unchanged since lov nr. 563 af 9. juni 2006)",
            "… and worked at least 74 hours in those 8 weeks.",
        ),
        Rule(
            Key.REPORT_DEADLINE_DAYS,
            27,
            "days after the first absence day",
            dt.date(2008, 6, 2),
            f"{SEED_001}, kap. 3 fakta 1 and proposal 06",
            "The employer reports the absence to the municipality no later than in the 4th "
            "week of sickness (the last day of week 4 is the first day + 27 days).",
        ),
        Rule(
            Key.CONVERSATION_DEADLINE_DAYS,
            27,
            "days after the first absence day",
            dt.date(2008, 6, 2),
            f"{SEED_001}, proposal 06; {SEED_002}",
            "The sickness-absence conversation is held no later than in the 4th week.",
        ),
        Rule(
            Key.CONVERSATION_EXEMPT_LEAVING_WITHIN_DAYS,
            0,
            "days after the first absence day",
            dt.date(2008, 6, 2),
            f"{SEED_001}, proposal 06 (no exemption proposed)",
            "The seed proposes no exemption for employees who are leaving.",
        ),
        Rule(
            Key.EXPECTED_ABSENCE_QUESTION_DAYS,
            56,
            "days (8 weeks)",
            dt.date(2008, 6, 2),
            f"{SEED_001}, proposal 06",
            "At the conversation: is the absence expected to last more than 8 weeks? A longer "
            "absence lets the employee ask for a retention plan.",
        ),
        Rule(
            Key.JOBCENTRE_FIRST_FOLLOWUP_DAYS,
            55,
            "days after the first absence day",
            dt.date(2008, 6, 2),
            f"{SEED_001}, kap. 3 fakta 1",
            "The job centre's first follow-up is held before the end of the 8th week.",
        ),
    ),
)

CURRENT = RuleSet(
    id="current",
    title="Current rules",
    effective_from=dt.date(2012, 1, 2),
    rules=(
        Rule(
            Key.EMPLOYER_PERIOD_DAYS,
            30,
            "calendar days",
            dt.date(2012, 1, 2),
            f"{SDPL} § 30, stk. 1; {AMENDMENT_2012}",
            "The employer pays for the first 30 calendar days from the first absence day; the "
            "period is not extended by holidays or days off.",
        ),
        Rule(
            Key.EMPLOYMENT_WEEKS_REQUIRED,
            8,
            "weeks",
            dt.date(2006, 7, 3),
            f"{SDPL} § 30, stk. 2, nr. 1",
            "No employer period unless employed for the 8 weeks before the first absence day.",
        ),
        Rule(
            Key.EMPLOYMENT_HOURS_REQUIRED,
            74,
            "hours",
            dt.date(2006, 7, 3),
            f"{SDPL} § 30, stk. 2, nr. 2",
            "… and worked at least 74 hours in those 8 weeks.",
        ),
        Rule(
            Key.REPORT_DEADLINE_DAYS,
            35,
            "days after the first absence day",
            dt.date(2012, 1, 2),
            f"{MUNICIPAL_GUIDANCE}; DOMAIN.md 'Current rules found so far'",
            "Absence beyond the employer period is reported no later than 5 weeks after the "
            "first absence day; reported late, refund runs only from the day of the report.",
        ),
        Rule(
            Key.CONVERSATION_DEADLINE_DAYS,
            27,
            "days after the first absence day",
            dt.date(2010, 1, 4),
            f"{SDPL} § 7 a (in force 4 January 2010)",
            "The employer holds a conversation with the employee no later than 4 weeks after the "
            "first sick day (the last day of the 4th sickness week).",
        ),
        Rule(
            Key.CONVERSATION_EXEMPT_LEAVING_WITHIN_DAYS,
            55,
            "days after the first absence day",
            dt.date(2010, 1, 4),
            f"{SDPL} § 7 a",
            "No conversation is required when the employee is under notice and leaves within "
            "8 weeks of the first sick day.",
        ),
        Rule(
            Key.EXPECTED_ABSENCE_QUESTION_DAYS,
            56,
            "days (8 weeks)",
            dt.date(2010, 1, 4),
            f"{SDPL} §§ 7 a–7 b",
            "At the conversation: is the absence expected to last more than 8 weeks? If so, the "
            "employee may ask for a retention plan at any time (the employer may decline).",
        ),
        Rule(
            Key.JOBCENTRE_FIRST_FOLLOWUP_DAYS,
            55,
            "days after the first absence day",
            dt.date(2008, 6, 2),
            f"{SEED_001}, kap. 3 fakta 1 (the 8-week first follow-up; verify against the "
            "current lov om en aktiv beskæftigelsesindsats)",
            "The job centre's first follow-up is held before the end of the 8th week.",
        ),
    ),
)

RULESETS: dict[str, RuleSet] = {r.id: r for r in (SEED_2008, CURRENT)}


def ruleset_for(first_day: dt.date) -> RuleSet:
    """The rule set in force on a case's first absence day (the seed set before 2012)."""
    return CURRENT if first_day >= CURRENT.effective_from else SEED_2008
