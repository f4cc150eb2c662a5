"""``naervaer rules``: the follow-up rules from the command line, without a database.

These tests have no database access (pytest-django refuses it without the django_db mark), which
is the point: an operator or a payroll integrator can ask the rules anything without one.
"""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def run(*argv: str) -> str:
    out = StringIO()
    call_command("rules", *argv, stdout=out)
    return out.getvalue()


def test_timeline_as_json() -> None:
    data = json.loads(run("timeline", "--first-day", "2026-11-02", "--json"))
    due = {o["code"]: o["due"] for o in data if o["status"] != "not_required"}
    assert due == {
        "absence_conversation": "2026-11-27",
        "eight_week_answer": "2026-11-27",
        "employer_period_end": "2026-12-01",
        "report_to_municipality": "2026-12-07",
        "retention_plan": "2026-12-27",
        "jobcentre_first_followup": "2026-12-27",
    }
    for item in data:
        assert {"code", "due", "actor", "title", "source", "status"} <= item.keys()
        assert item["source"]


def test_a_spell_that_ended_in_week_2_carries_the_reason() -> None:
    data = json.loads(
        run("timeline", "--first-day", "2026-11-02", "--last-day", "2026-11-13", "--json")
    )
    conversation = next(o for o in data if o["code"] == "absence_conversation")
    assert conversation["status"] == "not_required"
    assert conversation["reason"] == "Back at work before the conversation was due."


def test_options_reach_the_engine() -> None:
    argv = ["timeline", "--first-day", "2026-11-02", "--ruleset", "seed-2008"]
    argv += ["--employed-since", "2026-10-01", "--expected-over-8-weeks", "yes"]
    data = json.loads(run(*argv, "--section56", "--json"))
    codes = {o["code"]: o for o in data}
    assert codes["section56_refund"]["due"] == "2026-11-29"  # seed: + 27 days
    assert codes["employer_period_end"]["status"] == "not_required"
    assert codes["retention_plan"]["status"] == "optional"


def test_text_output_hides_what_does_not_apply_unless_asked() -> None:
    short = run("timeline", "--first-day", "2026-11-02", "--last-day", "2026-11-13")
    assert "Sickness-absence conversation" not in short
    full = run("timeline", "--first-day", "2026-11-02", "--last-day", "2026-11-13", "--all")
    assert "- 27.11.2026  Sickness-absence conversation" in full


def test_show_lists_values_with_sources() -> None:
    data = json.loads(run("show", "--ruleset", "seed-2008", "--json"))
    values = {r["key"]: r["value"] for r in data["rules"]}
    assert values["employer_period_days"] == 21
    assert all(r["source"] for r in data["rules"])
    assert "§ 30, stk. 1" in run("show")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--first-day", "02-11-2026"], "not a date"),
        (["--first-day", "2026-11-02", "--last-day", "2026-11-01"], "before the first day"),
        (["--first-day", "2026-11-02", "--expected-over-8-weeks", "maybe"], "yes or no"),
    ],
)
def test_bad_input_is_explained(argv: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run("timeline", *argv)
