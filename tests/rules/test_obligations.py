"""The follow-up engine against the statute, every expected date worked out by hand.

How the law counts (LAW.md, "How dates are counted"): "senest N uger efter første fraværsdag" is
the same weekday N weeks later, first day + 7N; "N kalenderdage fra første fraværsdag" ends on
first day + N − 1; "inden udgangen af ottende uge" is first day + 55. The value of each rule is
the one in force on the case's first absence day (each amending act says so for the employer).

Reading aid: 2 November 2026 is a Monday, so + 14 = Mon 16 Nov, + 28 = Mon 30 Nov, + 29 =
Tue 1 Dec, + 35 = Mon 7 Dec, + 55 = Sun 27 Dec 2026. 4 January 2010 and 2 April 2012 are Mondays.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from naervaer.rules.obligations import (
    CarePolicy,
    CaseFacts,
    Code,
    Obligation,
    PlanDecision,
    Reason,
    SpellFacts,
    Status,
    add_months,
    bradford_factor,
    care_conversation,
    group_into_cases,
    obligations,
    sickness_week,
)
from naervaer.rules.rulesets import LAW, RULESETS, SEED_2008, Key

D = dt.date
LONG_AGO = D(2000, 1, 1)
R, N, OPT, C = Status.REQUIRED, Status.NOT_REQUIRED, Status.OPTIONAL, Status.CONDITIONAL


def case(first: dt.date, last: dt.date | None = None, **facts: Any) -> CaseFacts:
    section56 = bool(facts.pop("section56", False))
    facts.setdefault("employed_since", LONG_AGO)
    return CaseFacts(spells=(SpellFacts(first, last, section56),), **facts)


def one(facts: CaseFacts, code: Code, rules: Any = LAW) -> Obligation:
    [found] = [o for o in obligations(facts, rules) if o.code is code]
    return found


# (label, first day, last day, facts, code, due, status, reason)
# fmt: off
ROWS: list[
    tuple[str, dt.date, dt.date | None, dict[str, Any], Code, dt.date | None, Status, Reason]
] = [
    # --- § 30, stk. 1: the employer period, by the first absence day --------------------------
    # 15 days before 2 Jun 2008 (BEK 665/2006 § 28): 3 Mar + 14 = 17 Mar 2008.
    ("2008-03 15 days", D(2008, 3, 3), None, {}, Code.EMPLOYER_PERIOD_END, D(2008, 3, 17), R, Reason.EMPLOYER_PERIOD),
    # Friday 30 May 2008, still 15 days: 30 May + 14 = 13 Jun.
    ("day before 21", D(2008, 5, 30), None, {}, Code.EMPLOYER_PERIOD_END, D(2008, 6, 13), R, Reason.EMPLOYER_PERIOD),
    # 21 days from 2 Jun 2008: 2 Jun + 20 = 22 Jun.
    ("2 Jun 2008 21 days", D(2008, 6, 2), None, {}, Code.EMPLOYER_PERIOD_END, D(2008, 6, 22), R, Reason.EMPLOYER_PERIOD),
    # 30 Dec 2011 keeps 21 days (the 2011 act applies from 2 Jan 2012): 30 Dec + 20 = 19 Jan.
    ("2011-12-30 21 days", D(2011, 12, 30), None, {}, Code.EMPLOYER_PERIOD_END, D(2012, 1, 19), R, Reason.EMPLOYER_PERIOD),
    # 30 days from 2 Jan 2012: 2 Jan + 29 = 31 Jan.
    ("2 Jan 2012 30 days", D(2012, 1, 2), None, {}, Code.EMPLOYER_PERIOD_END, D(2012, 1, 31), R, Reason.EMPLOYER_PERIOD),
    ("2026 30 days", D(2026, 11, 2), None, {}, Code.EMPLOYER_PERIOD_END, D(2026, 12, 1), R, Reason.EMPLOYER_PERIOD),
    # Back on day 30 (1 Dec): the absence did not go beyond the period.
    ("ended on day 30", D(2026, 11, 2), D(2026, 12, 1), {}, Code.EMPLOYER_PERIOD_END, D(2026, 12, 1), N, Reason.ENDED_WITHIN_EMPLOYER_PERIOD),
    # Leaves 20 Nov, inside the period: the employer pays until then.
    ("leaves first", D(2026, 11, 2), None, {"employment_end": D(2026, 11, 20)}, Code.EMPLOYER_PERIOD_END, D(2026, 11, 20), R, Reason.EMPLOYMENT_ENDS_FIRST),
    # § 30, stk. 2: hired 8 Sep 2026, less than 8 weeks before (2 Nov − 56 = 7 Sep).
    ("hired 8 weeks − 1 day", D(2026, 11, 2), None, {"employed_since": D(2026, 9, 8)}, Code.EMPLOYER_PERIOD_END, None, N, Reason.EMPLOYED_UNDER_WEEKS),
    # Hired exactly 7 Sep 2026: 8 weeks, entitled.
    ("hired exactly 8 weeks", D(2026, 11, 2), None, {"employed_since": D(2026, 9, 7)}, Code.EMPLOYER_PERIOD_END, D(2026, 12, 1), R, Reason.EMPLOYER_PERIOD),
    # 9 hours a week × 8 = 72 < 74 (estimate).
    ("72 hours estimated", D(2026, 11, 2), None, {"weekly_hours": Decimal(9)}, Code.EMPLOYER_PERIOD_END, None, N, Reason.HOURS_UNDER),
    # The hours actually worked win over the estimate: 74 is enough ("mindst 74 timer").
    ("74 hours worked", D(2026, 11, 2), None, {"weekly_hours": Decimal(9), "hours_worked_8_weeks": Decimal(74)}, Code.EMPLOYER_PERIOD_END, D(2026, 12, 1), R, Reason.EMPLOYER_PERIOD),
    ("73.5 hours worked", D(2026, 11, 2), None, {"weekly_hours": Decimal(37), "hours_worked_8_weeks": Decimal("73.5")}, Code.EMPLOYER_PERIOD_END, None, N, Reason.HOURS_UNDER),
    # --- § 40, stk. 1: salary, report within 4 weeks, 5 weeks from 2 Apr 2012 -----------------
    # 7 Mar 2011 + 28 = 4 Apr 2011.
    ("2011 4 weeks", D(2011, 3, 7), None, {}, Code.REPORT_TO_MUNICIPALITY, D(2011, 4, 4), R, Reason.REPORT_PAYING_SALARY),
    # 16 Jan 2012 + 28 = 13 Feb 2012 (the 5 weeks came only on 2 Apr 2012).
    ("Jan 2012 4 weeks", D(2012, 1, 16), None, {}, Code.REPORT_TO_MUNICIPALITY, D(2012, 2, 13), R, Reason.REPORT_PAYING_SALARY),
    # Friday 30 Mar 2012 + 28 = 27 Apr.
    ("day before 5 weeks", D(2012, 3, 30), None, {}, Code.REPORT_TO_MUNICIPALITY, D(2012, 4, 27), R, Reason.REPORT_PAYING_SALARY),
    # 2 Apr 2012 + 35 = 7 May.
    ("2 Apr 2012 5 weeks", D(2012, 4, 2), None, {}, Code.REPORT_TO_MUNICIPALITY, D(2012, 5, 7), R, Reason.REPORT_PAYING_SALARY),
    ("2026 5 weeks", D(2026, 11, 2), None, {}, Code.REPORT_TO_MUNICIPALITY, D(2026, 12, 7), R, Reason.REPORT_PAYING_SALARY),
    ("not beyond the period", D(2026, 11, 2), D(2026, 12, 1), {}, Code.REPORT_TO_MUNICIPALITY, D(2026, 12, 7), N, Reason.ENDED_WITHIN_EMPLOYER_PERIOD),
    # Back on day 31: beyond the period, the report is due.
    ("one day beyond", D(2026, 11, 2), D(2026, 12, 2), {}, Code.REPORT_TO_MUNICIPALITY, D(2026, 12, 7), R, Reason.REPORT_PAYING_SALARY),
    # A new hire paid salary anyway: § 40, stk. 1 (stk. 3 is for employers paying nothing).
    ("new hire with salary", D(2026, 11, 2), None, {"employed_since": D(2026, 10, 1)}, Code.REPORT_TO_MUNICIPALITY, D(2026, 12, 7), R, Reason.REPORT_PAYING_SALARY),
    # --- § 40, stk. 2: sickness benefit in the period, 1 week after the payment stopped --------
    # The period ends 1 Dec; + 7 = 8 Dec.
    ("benefit, period ends", D(2026, 11, 2), None, {"pays_salary": False}, Code.REPORT_TO_MUNICIPALITY, D(2026, 12, 8), R, Reason.REPORT_PAYING_BENEFIT),
    # Leaves 20 Nov, the payment stops then: + 7 = 27 Nov.
    ("benefit, leaves", D(2026, 11, 2), None, {"pays_salary": False, "employment_end": D(2026, 11, 20)}, Code.REPORT_TO_MUNICIPALITY, D(2026, 11, 27), R, Reason.REPORT_PAYING_BENEFIT),
    ("benefit, back in period", D(2026, 11, 2), D(2026, 11, 20), {"pays_salary": False}, Code.REPORT_TO_MUNICIPALITY, D(2026, 12, 8), N, Reason.ENDED_WITHIN_EMPLOYER_PERIOD),
    # --- § 40, stk. 3: neither salary nor a duty to pay, 14 days after the first day ----------
    # Hired 1 Oct 2026, no salary: 2 Nov + 14 = 16 Nov, even for a short absence.
    ("new hire, no pay", D(2026, 11, 2), D(2026, 11, 4), {"employed_since": D(2026, 10, 1), "pays_salary": False}, Code.REPORT_TO_MUNICIPALITY, D(2026, 11, 16), R, Reason.REPORT_PAYING_NOTHING),
    ("few hours, no pay", D(2026, 11, 2), None, {"weekly_hours": Decimal(8), "pays_salary": False}, Code.REPORT_TO_MUNICIPALITY, D(2026, 11, 16), R, Reason.REPORT_PAYING_NOTHING),
    # Before 2 Apr 2012 stk. 3 did not exist.
    ("no pay before stk. 3", D(2012, 3, 5), None, {"employed_since": D(2012, 2, 1), "pays_salary": False}, Code.REPORT_TO_MUNICIPALITY, None, N, Reason.RULE_NOT_IN_FORCE),
    # --- § 56 / fleksjob: refund from the first day, § 59 -------------------------------------
    # Over within the 30 days: claim up to 3 months back (§ 59, stk. 4): 2 Nov + 3 months.
    ("§ 56 short", D(2026, 11, 2), D(2026, 11, 4), {"section56": True}, Code.SECTION56_REFUND, D(2027, 2, 2), R, Reason.REFUND_WITHIN_MONTHS),
    # Back on day 30 (1 Dec): still within the 30 days.
    ("§ 56 day 30", D(2026, 11, 2), D(2026, 12, 1), {"section56": True}, Code.SECTION56_REFUND, D(2027, 2, 2), R, Reason.REFUND_WITHIN_MONTHS),
    # Day 31: beyond — report by § 40, stk. 1, + 35 = 7 Dec (§ 59, stk. 2–3).
    ("§ 56 day 31", D(2026, 11, 2), D(2026, 12, 2), {"section56": True}, Code.SECTION56_REFUND, D(2026, 12, 7), R, Reason.REFUND_WITH_REPORT),
    ("§ 56 ongoing", D(2026, 11, 2), None, {"section56": True}, Code.SECTION56_REFUND, D(2026, 12, 7), R, Reason.REFUND_WITH_REPORT),
    # 30 Nov + 3 months is 30 Feb: February's last day, 28 Feb 2027 (a claim then reaches back
    # to 28 Nov, so it still covers 30 Nov; on 1 Mar it would not).
    ("fleksjob month end", D(2026, 11, 30), D(2026, 12, 1), {"fleksjob": True}, Code.SECTION56_REFUND, D(2027, 2, 28), R, Reason.REFUND_WITHIN_MONTHS),
    ("fleksjob no period", D(2026, 11, 30), None, {"fleksjob": True}, Code.EMPLOYER_PERIOD_END, None, N, Reason.FLEKSJOB),
    ("§ 56 not reported twice", D(2026, 11, 2), None, {"section56": True}, Code.REPORT_TO_MUNICIPALITY, None, N, Reason.REFUND_FROM_DAY_ONE),
    ("no § 56", D(2026, 11, 2), None, {}, Code.SECTION56_REFUND, None, N, Reason.NO_REFUND_FROM_DAY_ONE),
    # --- § 7 a: the conversation, + 28, from 4 Jan 2010 --------------------------------------
    ("before § 7 a", D(2009, 12, 28), None, {}, Code.ABSENCE_CONVERSATION, None, N, Reason.RULE_NOT_IN_FORCE),
    # 4 Jan 2010 + 28 = 1 Feb 2010.
    ("4 Jan 2010", D(2010, 1, 4), None, {}, Code.ABSENCE_CONVERSATION, D(2010, 2, 1), R, Reason.CONVERSATION_BY_WEEKS),
    # The legal date, not + 27 pulled back to a working day (27 Nov).
    ("2026 + 28", D(2026, 11, 2), None, {}, Code.ABSENCE_CONVERSATION, D(2026, 11, 30), R, Reason.CONVERSATION_BY_WEEKS),
    ("back the day before", D(2026, 11, 2), D(2026, 11, 29), {}, Code.ABSENCE_CONVERSATION, D(2026, 11, 30), N, Reason.ENDED_BEFORE_DUE),
    ("still sick on the day", D(2026, 11, 2), D(2026, 11, 30), {}, Code.ABSENCE_CONVERSATION, D(2026, 11, 30), R, Reason.CONVERSATION_BY_WEEKS),
    # § 7 a, stk. 3: leaving before 8 weeks (2 Nov + 56 = 28 Dec): 27 Dec is exempt …
    ("leaves day 56", D(2026, 11, 2), None, {"employment_end": D(2026, 12, 27)}, Code.ABSENCE_CONVERSATION, D(2026, 11, 30), N, Reason.LEAVING_WITHIN_WEEKS),
    # … 28 Dec is not.
    ("leaves day 57", D(2026, 11, 2), None, {"employment_end": D(2026, 12, 28)}, Code.ABSENCE_CONVERSATION, D(2026, 11, 30), R, Reason.CONVERSATION_BY_WEEKS),
    # A 2011 case has the exemption (from 4 Jan 2010): 7 Mar + 56 = 2 May; leaves 15 Apr.
    ("2011 leaving", D(2011, 3, 7), None, {"employment_end": D(2011, 4, 15)}, Code.ABSENCE_CONVERSATION, D(2011, 4, 4), N, Reason.LEAVING_WITHIN_WEEKS),
    # --- § 7 a, stk. 1 (2010): information to the municipality, a duty until 5 Mar 2012 -------
    ("2011 inform", D(2011, 3, 7), None, {}, Code.EIGHT_WEEK_ANSWER, D(2011, 4, 4), R, Reason.INFORM_MUNICIPALITY),
    ("2 Mar 2012 inform", D(2012, 3, 2), None, {}, Code.EIGHT_WEEK_ANSWER, D(2012, 3, 30), R, Reason.INFORM_MUNICIPALITY),
    # --- § 7 b: the retention plan, no deadline ----------------------------------------------
    ("plan before § 7 b", D(2009, 6, 1), None, {"retention_plan_requested": True}, Code.RETENTION_PLAN, None, N, Reason.RULE_NOT_IN_FORCE),
    ("plan asked", D(2026, 11, 2), None, {"retention_plan_requested": True}, Code.RETENTION_PLAN, None, C, Reason.PLAN_REQUESTED),
    ("plan agreed", D(2026, 11, 2), None, {"retention_plan_requested": True, "retention_plan_decision": PlanDecision.AGREED}, Code.RETENTION_PLAN, None, R, Reason.PLAN_AGREED),
    ("plan declined", D(2026, 11, 2), None, {"retention_plan_requested": True, "retention_plan_decision": PlanDecision.DECLINED}, Code.RETENTION_PLAN, None, N, Reason.PLAN_DECLINED),
    ("plan may ask", D(2026, 11, 2), None, {"expected_over_8_weeks": True}, Code.RETENTION_PLAN, None, OPT, Reason.PLAN_MAY_ASK),
    ("plan not expected", D(2026, 11, 2), None, {"expected_over_8_weeks": False}, Code.RETENTION_PLAN, None, N, Reason.PLAN_NOT_EXPECTED_LONG),
    ("plan unknown", D(2026, 11, 2), None, {}, Code.RETENTION_PLAN, None, C, Reason.PLAN_DEPENDS_ON_ANSWER),
    # 2 Nov – 27 Dec is 56 days: back within 8 weeks.
    ("plan 56 days", D(2026, 11, 2), D(2026, 12, 27), {"expected_over_8_weeks": True}, Code.RETENTION_PLAN, None, N, Reason.ABSENCE_WITHIN_WEEKS),
    ("plan 57 days", D(2026, 11, 2), D(2026, 12, 28), {"expected_over_8_weeks": True}, Code.RETENTION_PLAN, None, OPT, Reason.PLAN_MAY_ASK),
    # --- The municipality's first follow-up (§ 13 b, stk. 1) and early follow-up (stk. 2) -----
    ("first follow-up", D(2026, 11, 2), None, {}, Code.JOBCENTRE_FIRST_FOLLOWUP, D(2026, 12, 27), R, Reason.FIRST_FOLLOWUP_BY_WEEK),
    ("back before it", D(2026, 11, 2), D(2026, 12, 26), {}, Code.JOBCENTRE_FIRST_FOLLOWUP, D(2026, 12, 27), N, Reason.ENDED_BEFORE_DUE),
    # The 2026 reform (unverified step, 1 Jul 2026): expected back within 26 weeks.
    ("reform exempt", D(2026, 11, 2), None, {"expected_over_26_weeks": False}, Code.JOBCENTRE_FIRST_FOLLOWUP, D(2026, 12, 27), N, Reason.EXPECTED_BACK_WITHIN_WEEKS),
    # 30 Jun 2026 + 55 = 24 Aug 2026; before the reform's date, so not exempt.
    ("before the reform", D(2026, 6, 30), None, {"expected_over_26_weeks": False}, Code.JOBCENTRE_FIRST_FOLLOWUP, D(2026, 8, 24), R, Reason.FIRST_FOLLOWUP_BY_WEEK),
    # Requested 10 Nov: + 14 = 24 Nov.
    ("early follow-up", D(2026, 11, 2), None, {"early_followup_requested": D(2026, 11, 10)}, Code.EARLY_FOLLOWUP, D(2026, 11, 24), R, Reason.EARLY_FOLLOWUP_REQUESTED),
    ("early not asked", D(2026, 11, 2), None, {}, Code.EARLY_FOLLOWUP, None, N, Reason.NOT_REQUESTED),
    ("early before 2015", D(2014, 6, 2), None, {"early_followup_requested": D(2014, 6, 10)}, Code.EARLY_FOLLOWUP, None, N, Reason.RULE_NOT_IN_FORCE),
    # --- § 24: reassessment (details in test_reassessment.py) ---------------------------------
    # Counted from 1 Feb 2025 (2 Jan + 30); 154 days by 30 Jun (28+31+30+31+30 = 150 … 181 by
    # 31 Jul): more than 22 weeks first at the end of July.
    ("2025 reassessment", D(2025, 1, 2), None, {}, Code.SICKNESS_BENEFIT_REASSESSMENT, D(2025, 7, 31), R, Reason.REASSESSMENT_MONTH_END),
    # Counted from 2 Dec 2026: 30 + 31 + 28 + 31 + 30 = 150 by 30 Apr, 181 by 31 May 2027.
    ("2026 reassessment", D(2026, 11, 2), None, {}, Code.SICKNESS_BENEFIT_REASSESSMENT, D(2027, 5, 31), R, Reason.REASSESSMENT_MONTH_END),
    ("short absence", D(2026, 11, 2), D(2026, 11, 13), {}, Code.SICKNESS_BENEFIT_REASSESSMENT, None, N, Reason.LIMIT_NOT_REACHED),
    # § 24 looks at each month-end: sick from 2 Jun 2014, still sick on 1 Jul 2014, so the 2014
    # rule applies. Counted from 2 Jul: 30 + 31 + 30 + 31 + 30 = 152 by 30 Nov, 183 by 31 Dec.
    ("across 1 Jul 2014", D(2014, 6, 2), None, {}, Code.SICKNESS_BENEFIT_REASSESSMENT, D(2014, 12, 31), R, Reason.REASSESSMENT_MONTH_END),
    # Before, 52 weeks (unverified step): counted from 6 Feb 2013, day 365 is 5 Feb 2014.
    ("52 weeks in 2013", D(2013, 1, 7), None, {}, Code.SICKNESS_BENEFIT_REASSESSMENT, D(2014, 2, 28), R, Reason.REASSESSMENT_MONTH_END),
]
# fmt: on


@pytest.mark.parametrize(
    ("label", "first", "last", "facts", "code", "due", "status", "reason"),
    ROWS,
    ids=[row[0] for row in ROWS],
)
def test_the_law_by_date(
    label: str,
    first: dt.date,
    last: dt.date | None,
    facts: dict[str, Any],
    code: Code,
    due: dt.date | None,
    status: Status,
    reason: Reason,
) -> None:
    found = one(case(first, last, **dict(facts)), code)
    assert (found.due, found.status, found.reason) == (due, status, reason)


def test_the_information_duty_is_gone_from_5_march_2012() -> None:
    # The code appears only while it is a duty.
    for first in (D(2012, 3, 5), D(2026, 11, 2)):
        assert Code.EIGHT_WEEK_ANSWER not in {o.code for o in obligations(case(first))}


def test_parameters_carry_the_values_not_sentences() -> None:
    hours = one(case(D(2026, 11, 2), weekly_hours=Decimal(9)), Code.EMPLOYER_PERIOD_END)
    assert hours.params == {"hours": 74, "weeks": 8, "worked": Decimal(72), "estimate": True}
    worked = one(case(D(2026, 11, 2), hours_worked_8_weeks=Decimal(60)), Code.EMPLOYER_PERIOD_END)
    assert worked.params["estimate"] is False
    report = one(
        case(D(2026, 11, 2), pays_salary=False, employed_since=D(2026, 10, 1)),
        Code.REPORT_TO_MUNICIPALITY,
    )
    assert report.params == {"days": 14}
    assert "§ 40, stk. 3" in str(report.source) and report.source.url.endswith("/40")


def test_unverified_steps_are_marked() -> None:
    # The 2011 report deadline's 2006 step is marked unverified; the 2012 one is verified.
    assert one(case(D(2011, 3, 7)), Code.REPORT_TO_MUNICIPALITY).verified is False
    assert one(case(D(2012, 1, 16)), Code.REPORT_TO_MUNICIPALITY).verified is True


# --- Re-sickness (§ 30, stk. 4) ---------------------------------------------------------------


def test_resickness_after_a_weekend_continues_the_same_absence() -> None:
    # Sick Mon 2 – Fri 6 Nov, again from Mon 9 Nov: one absence from 2 Nov, conversation 30 Nov.
    spells = [SpellFacts(D(2026, 11, 9)), SpellFacts(D(2026, 11, 2), D(2026, 11, 6))]
    [joined] = group_into_cases(spells)
    assert [s.first_day for s in joined] == [D(2026, 11, 2), D(2026, 11, 9)]
    facts = CaseFacts(spells=joined, employed_since=LONG_AGO)
    assert one(facts, Code.ABSENCE_CONVERSATION).due == D(2026, 11, 30)


def test_resickness_after_easter_continues_the_same_absence() -> None:
    # Sick Mon 22 – Wed 24 Mar 2027; 25–29 Mar are holidays and a weekend; sick again Tue 30.
    spells = [SpellFacts(D(2027, 3, 22), D(2027, 3, 24)), SpellFacts(D(2027, 3, 30))]
    assert len(group_into_cases(spells)) == 1


def test_resickness_after_a_working_day_back_is_a_new_absence() -> None:
    # Back on Friday 6 Nov, sick again Monday 9 Nov: new case, 9 Nov + 28 = 7 Dec.
    spells = [SpellFacts(D(2026, 11, 2), D(2026, 11, 5)), SpellFacts(D(2026, 11, 9))]
    first, second = group_into_cases(spells)
    facts = CaseFacts(spells=second, employed_since=LONG_AGO, earlier=(first,))
    assert one(facts, Code.ABSENCE_CONVERSATION).due == D(2026, 12, 7)
    assert one(facts, Code.EMPLOYER_PERIOD_END).due == D(2026, 12, 8)  # a new period: + 29


def test_earlier_absences_bring_the_reassessment_forward() -> None:
    # Earlier absence 5 Jan – 30 Apr 2026: counted 4 Feb – 30 Apr = 25 + 31 + 30 = 86 days.
    # Now sick from 1 Jun 2026: counted from 1 Jul. Window at 30 Sep = Jan–Sep 2026:
    # 86 + 31 + 31 + 30 = 178 > 154, while at 31 Aug (Dec–Aug) 86 + 62 = 148.
    earlier = (SpellFacts(D(2026, 1, 5), D(2026, 4, 30)),)
    alone = CaseFacts(spells=(SpellFacts(D(2026, 6, 1)),), employed_since=LONG_AGO)
    both = CaseFacts(spells=alone.spells, employed_since=LONG_AGO, earlier=(earlier,))
    assert one(both, Code.SICKNESS_BENEFIT_REASSESSMENT).due == D(2026, 9, 30)
    # Alone: 31 + 31 + 30 + 31 + 30 = 153 by 30 Nov, 184 by 31 Dec.
    assert one(alone, Code.SICKNESS_BENEFIT_REASSESSMENT).due == D(2026, 12, 31)


# --- The seed set and the rule data ------------------------------------------------------------


def test_the_seed_rule_set_of_2008() -> None:
    # Seed: 21 days → 3 Nov 2008 + 20 = 23 Nov; report and conversation in week 4, + 27 = 30 Nov;
    # the job centre before the end of week 8, + 55 = 28 Dec; no exemption for leavers.
    facts = case(D(2008, 11, 3), employment_end=D(2008, 12, 10))
    assert one(facts, Code.EMPLOYER_PERIOD_END, SEED_2008).due == D(2008, 11, 23)
    assert one(facts, Code.REPORT_TO_MUNICIPALITY, SEED_2008).due == D(2008, 11, 30)
    conversation = one(facts, Code.ABSENCE_CONVERSATION, SEED_2008)
    assert (conversation.due, conversation.status) == (D(2008, 11, 30), R)
    assert conversation.params == {"weeks": 4}  # "in the 4th week"
    assert one(facts, Code.JOBCENTRE_FIRST_FOLLOWUP, SEED_2008).due == D(2008, 12, 28)
    # By the law, the same case in November 2008 had no conversation duty yet.
    assert one(facts, Code.ABSENCE_CONVERSATION).reason is Reason.RULE_NOT_IN_FORCE


def test_every_step_has_a_source_and_the_law_covers_every_key() -> None:
    assert {s.key for s in LAW.series} == {k.value for k in Key}
    for rules in RULESETS.values():
        for series in rules.series:
            assert series.meaning and series.steps
            for step in series.steps:
                assert step.source.law


def test_a_rule_changes_on_its_own_date() -> None:
    period = LAW.rule(Key.EMPLOYER_PERIOD_DAYS)
    assert [period.at(d) for d in (D(2008, 6, 1), D(2008, 6, 2), D(2012, 1, 1), D(2012, 1, 2))] == [
        15,
        21,
        21,
        30,
    ]


def test_add_months_clamps_to_the_month_end() -> None:
    assert add_months(D(2026, 8, 31), 3) == D(2026, 11, 30)
    assert add_months(D(2027, 11, 30), 3) == D(2028, 2, 29)  # a leap year
    assert add_months(D(2026, 11, 2), 3) == D(2027, 2, 2)


def test_sickness_weeks_count_from_the_first_day() -> None:
    first = D(2026, 11, 4)  # a Wednesday
    weeks = [sickness_week(first, first + dt.timedelta(days=n)) for n in (0, 6, 7, 27, 28)]
    assert weeks == [1, 1, 2, 4, 5]


# --- Care conversations ---------------------------------------------------------------------


def spells(*ranges: tuple[dt.date, dt.date]) -> list[SpellFacts]:
    return [SpellFacts(a, b) for a, b in ranges]


def test_three_absences_in_six_months_call_for_a_care_conversation() -> None:
    history = spells(
        (D(2026, 1, 5), D(2026, 1, 6)),
        (D(2026, 3, 2), D(2026, 3, 2)),
        (D(2026, 5, 4), D(2026, 5, 5)),
    )
    result = care_conversation(history, CarePolicy())
    assert result is not None
    assert (result.code, result.due, result.status) == (Code.CARE_CONVERSATION, D(2026, 5, 18), R)
    assert (result.reason, result.params) == (Reason.CARE_COUNT, {"n": 3, "days": 183})
    assert result.since == D(2026, 5, 4)
    assert care_conversation(history, CarePolicy(), already_held=[D(2026, 5, 10)]) is None
    assert care_conversation(history, CarePolicy(), already_held=[D(2026, 4, 1)]) is not None


def test_absences_spread_out_call_for_nothing() -> None:
    history = spells(
        (D(2026, 1, 5), D(2026, 1, 6)),
        (D(2026, 3, 2), D(2026, 3, 2)),
        (D(2026, 8, 20), D(2026, 8, 21)),
    )
    assert care_conversation(history, CarePolicy()) is None


def test_one_absence_continued_after_a_weekend_counts_once() -> None:
    history = spells(
        (D(2026, 11, 2), D(2026, 11, 6)),
        (D(2026, 11, 9), D(2026, 11, 10)),
        (D(2026, 11, 16), D(2026, 11, 16)),
    )
    assert care_conversation(history, CarePolicy()) is None


def test_the_bradford_factor() -> None:
    # Two spells of 5 and 30 days in a year: 2² × 35 = 140.
    history = spells((D(2026, 1, 5), D(2026, 1, 9)), (D(2026, 3, 2), D(2026, 3, 31)))
    assert bradford_factor(history, D(2026, 3, 31), 365) == 140
    result = care_conversation(history, CarePolicy(bradford_threshold=100))
    assert result is not None
    # Judged when the second spell is over, 31 Mar; 14 days later is Tuesday 14 Apr.
    assert result.due == D(2026, 4, 14)
    assert result.params == {"factor": 140, "threshold": 100}
    assert care_conversation(history, CarePolicy(bradford_threshold=200)) is None


def test_section56_absence_does_not_count_towards_a_care_conversation() -> None:
    history = [
        SpellFacts(D(2026, 1, 5), D(2026, 1, 6), section56=True),
        SpellFacts(D(2026, 3, 2), D(2026, 3, 2)),
        SpellFacts(D(2026, 5, 4), D(2026, 5, 5)),
    ]
    assert care_conversation(history, CarePolicy()) is None


def test_docs_law_lists_every_rule() -> None:
    from pathlib import Path

    text = (Path(__file__).parents[2] / "docs" / "law.md").read_text()
    for key in Key:
        assert f"`{key.value}`" in text, key
