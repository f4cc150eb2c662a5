"""``naervaer rules``: the follow-up rules from the command line, without a database.

``timeline --json`` is a contract (issue 11): a JSON list of obligations each with ``code``,
``due`` (ISO date or null), ``actor``, ``status``, ``reason`` (a code) and ``source``. These tests
have no database access (pytest-django refuses it without the django_db mark), which is the
point: an auditor or a payroll integrator can ask the rules anything without one (only
``recompute``, which brings stored cases up to the law, uses the database).
"""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

CODES = {
    "employer_period_end",
    "report_to_municipality",
    "absence_conversation",
    "eight_week_answer",
    "retention_plan",
    "jobcentre_first_followup",
    "early_followup",
    "sickness_benefit_reassessment",
    "care_conversation",
    "section56_refund",
}
STATUSES = {"required", "conditional", "optional", "not_required"}


def run(*argv: str) -> str:
    out = StringIO()
    call_command("rules", *argv, stdout=out)
    return out.getvalue()


def timeline(*argv: str) -> dict[str, dict[str, Any]]:
    data = json.loads(run("timeline", *argv, "--json"))
    assert isinstance(data, list)
    return {o["code"]: o for o in data}


def test_the_json_contract() -> None:
    data = json.loads(run("timeline", "--first-day", "2026-11-02", "--json"))
    for item in data:
        assert {"code", "due", "actor", "status", "reason", "source"} <= item.keys()
        assert item["code"] in CODES
        assert item["status"] in STATUSES
        assert item["actor"] in {"manager", "hr", "jobcentre"}
        assert item["due"] is None or len(item["due"]) == 10
        assert item["reason"] and " " not in item["reason"]  # a code, not a sentence
    due = {o["code"]: o["due"] for o in data if o["status"] == "required"}
    # 2 Nov 2026 (Mon): + 28, + 29, + 35, + 55; § 24: counted from 2 Dec, > 154 days in May 2027.
    assert due == {
        "absence_conversation": "2026-11-30",
        "employer_period_end": "2026-12-01",
        "report_to_municipality": "2026-12-07",
        "jobcentre_first_followup": "2026-12-27",
        "sickness_benefit_reassessment": "2027-05-31",
    }
    plan = next(o for o in data if o["code"] == "retention_plan")
    assert (plan["due"], plan["status"]) == (None, "conditional")


def test_a_new_hire_without_pay_is_reported_within_14_days() -> None:
    # § 40, stk. 3: hired 1 Oct, sick 2 Nov, no salary: 2 Nov + 14 = 16 Nov.
    report = timeline(
        "--first-day", "2026-11-02", "--employed-since", "2026-10-01", "--pays-salary", "no"
    )["report_to_municipality"]
    assert (report["due"], report["status"], report["reason"]) == (
        "2026-11-16",
        "required",
        "report_paying_nothing",
    )
    assert "§ 40, stk. 3" in report["source"]


def test_an_employer_paying_benefit_reports_a_week_after_the_period() -> None:
    # § 40, stk. 2: the period ends 1 Dec; + 7 = 8 Dec.
    report = timeline("--first-day", "2026-11-02", "--pays-salary", "no")["report_to_municipality"]
    assert (report["due"], report["reason"]) == ("2026-12-08", "report_paying_benefit")


def test_hours_worked_decide_the_employer_period() -> None:
    argv = ["--first-day", "2026-11-02", "--weekly-hours", "9"]
    assert timeline(*argv)["employer_period_end"]["reason"] == "hours_under"  # 72 estimated
    period = timeline(*argv, "--hours-worked-8-weeks", "74")["employer_period_end"]
    assert (period["due"], period["status"]) == ("2026-12-01", "required")


def test_a_short_section56_absence_has_three_months_to_claim() -> None:
    # § 59, stk. 4: over within 30 days; 2 Nov + 3 months = 2 Feb 2027.
    result = timeline("--first-day", "2026-11-02", "--last-day", "2026-11-04", "--section56")
    assert result["section56_refund"]["due"] == "2027-02-02"
    assert result["report_to_municipality"]["status"] == "not_required"


def test_previous_spells_join_or_add_up() -> None:
    # Sick 23–27 Nov (Mon–Fri), again from Mon 30 Nov: one absence from 23 Nov (§ 30, stk. 4);
    # 23 Nov + 28 = 21 Dec.
    joined = timeline("--first-day", "2026-11-30", "--previous-spell", "2026-11-23:2026-11-27")
    assert joined["absence_conversation"]["due"] == "2026-12-21"
    # An earlier absence with a working day between adds up for § 24: 5 Jan – 30 Apr (86 days
    # counted) and from 1 Jun: more than 22 weeks in Jan–Sep 2026, so 30 Sep instead of 31 Dec.
    alone = timeline("--first-day", "2026-06-01")
    both = timeline("--first-day", "2026-06-01", "--previous-spell", "2026-01-05:2026-04-30")
    assert alone["sickness_benefit_reassessment"]["due"] == "2026-12-31"
    assert both["sickness_benefit_reassessment"]["due"] == "2026-09-30"


def test_requests_reach_the_engine() -> None:
    result = timeline(
        "--first-day",
        "2026-11-02",
        "--retention-plan-requested",
        "--early-followup-requested",
        "2026-11-10",
        "--expected-over-26-weeks",
        "no",
    )
    assert (result["retention_plan"]["status"], result["retention_plan"]["due"]) == (
        "conditional",
        None,
    )
    assert result["retention_plan"]["reason"] == "plan_requested"
    assert result["early_followup"]["due"] == "2026-11-24"  # 10 Nov + 14
    assert result["jobcentre_first_followup"]["reason"] == "expected_back_within_weeks"


def test_each_rule_by_its_own_date() -> None:
    # March 2008: 15 days (21 only from 2 Jun 2008), no conversation duty yet.
    march_2008 = timeline("--first-day", "2008-03-03")
    assert march_2008["employer_period_end"]["due"] == "2008-03-17"
    assert march_2008["absence_conversation"]["reason"] == "rule_not_in_force"
    # January 2012: 30 days, but the report still 4 weeks (5 weeks only from 2 Apr 2012).
    january_2012 = timeline("--first-day", "2012-01-16")
    assert january_2012["report_to_municipality"]["due"] == "2012-02-13"
    assert january_2012["eight_week_answer"]["status"] == "required"


def test_the_seed_set_by_name() -> None:
    result = timeline("--first-day", "2026-11-02", "--ruleset", "seed-2008")
    assert result["employer_period_end"]["due"] == "2026-11-22"  # 21 days
    assert result["report_to_municipality"]["due"] == "2026-11-29"  # + 27


def test_care_conversation_from_previous_spells() -> None:
    result = timeline(
        "--first-day",
        "2026-05-04",
        "--last-day",
        "2026-05-05",
        "--previous-spell",
        "2026-01-05:2026-01-06",
        "--previous-spell",
        "2026-03-02:2026-03-02",
    )
    assert result["care_conversation"]["due"] == "2026-05-18"


def test_text_output_hides_what_does_not_apply_unless_asked() -> None:
    short = run("timeline", "--first-day", "2026-11-02", "--last-day", "2026-11-13")
    full = run("timeline", "--first-day", "2026-11-02", "--last-day", "2026-11-13", "--all")
    assert "30.11.2026" not in short
    assert "- 30.11.2026" in full


def test_show_lists_each_rules_history() -> None:
    data = json.loads(run("show", "--json"))
    period = next(r for r in data["rules"] if r["key"] == "employer_period_days")
    assert [(s["in_force_from"], s["value"]) for s in period["steps"]] == [
        ("2006-07-03", 15),
        ("2008-06-02", 21),
        ("2012-01-02", 30),
    ]
    assert all(s["source"] for r in data["rules"] for s in r["steps"])
    assert any(not s["verified"] for r in data["rules"] for s in r["steps"])
    text = run("show")
    assert "§ 30, stk. 1" in text and "[not verified]" in text
    seed = json.loads(run("show", "--ruleset", "seed-2008", "--json"))
    assert {r["key"]: r["steps"][0]["value"] for r in seed["rules"]}["employer_period_days"] == 21


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--first-day", "02-11-2026"], "not a date"),
        (["--first-day", "2026-11-02", "--last-day", "2026-11-01"], "before the first day"),
        (["--first-day", "2026-11-02", "--expected-over-8-weeks", "maybe"], "yes or no"),
        (["--first-day", "2026-11-02", "--pays-salary", "sometimes"], "yes or no"),
        (["--first-day", "2026-11-02", "--weekly-hours", "many"], "not a number"),
        (["--first-day", "2026-11-02", "--previous-spell", "2026-10-01"], "FROM:TO"),
        (["--first-day", "2026-11-02", "--previous-spell", "2026-12-01:2026-12-02"], "before"),
        (["--first-day", "2026-11-02", "--employed-since", "2026-11-03"], "begins after"),
        (["--first-day", "2026-11-02", "--employment-end", "2026-11-01"], "ends before"),
    ],
)
def test_bad_input_is_explained(argv: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run("timeline", *argv)


@pytest.mark.django_db
def test_recompute_brings_stored_cases_up_to_the_law(world: Any) -> None:
    import datetime as dt

    import time_machine

    from naervaer.absence.services import register_sick
    from naervaer.audit.models import Action, AuditEvent
    from naervaer.followup.models import Obligation

    with time_machine.travel(dt.datetime(2026, 11, 18, 9, 0), tick=False):
        register_sick(world.person(world.bob), dt.date(2026, 11, 2), by=world.alice)
        # A row as an older version stored it: + 27 moved to a working day, an English reason.
        Obligation.objects.filter(code="absence_conversation").update(
            due=dt.date(2026, 11, 27), reason="Back at work before the conversation was due."
        )
        # … and the 8-week information, no longer a duty since 2012.
        case = Obligation.objects.get(code="absence_conversation").case
        Obligation.objects.create(case=case, code="eight_week_answer", due=dt.date(2026, 11, 27))
        assert "Recomputed" in run("recompute")
    row = Obligation.objects.get(code="absence_conversation")
    assert (row.due, row.reason) == (dt.date(2026, 11, 30), "conversation_by_weeks")
    stale = Obligation.objects.get(code="eight_week_answer")
    assert (stale.state, stale.reason) == ("closed", "no_longer_a_duty")
    assert AuditEvent.objects.filter(
        organisation=world.acme, action=Action.FOLLOW_UP, detail__startswith="follow-up recomputed"
    ).exists()
