"""Reasons are codes with parameters; the words are the UI's, in the user's language (issue 11,
point 6). A rule's value can change without breaking a translation."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation

from naervaer.followup import labels
from naervaer.rules.obligations import Code, Reason
from naervaer.rules.rulesets import Key


def test_every_code_reason_and_rule_has_words() -> None:
    assert set(labels.TITLES) == set(Code)
    assert set(labels.REASONS) == set(Reason)
    assert set(labels.RULES) == set(Key)


def test_every_reason_is_translated_to_danish() -> None:
    for reason, template in labels.REASONS.items():
        with translation.override("en"):
            english = str(template)
        with translation.override("da"):
            assert str(template) != english, reason


def test_values_are_filled_in_danish_form() -> None:
    with translation.override("da"):
        text = labels.reason_text(
            Reason.HOURS_UNDER,
            {"hours": 74, "weeks": 8, "worked": Decimal("73.5"), "estimate": True},
        )
        assert text == (
            "73,5 timer i de 8 uger før fraværet, færre end 74 (§ 30, stk. 2). "
            "(anslået som ugentlige timer × 8)"
        )
        requested = labels.reason_text(
            Reason.EARLY_FOLLOWUP_REQUESTED, {"requested": "2026-11-10", "days": 14}
        )
        assert "den 10.11.2026" in requested and "inden for 14 dage" in requested


def test_a_changed_value_changes_the_sentence_not_the_translation() -> None:
    with translation.override("da"):
        assert "mere end 6 uger" in labels.reason_text(Reason.PLAN_MAY_ASK, {"weeks": 6})
        assert "mere end 8 uger" in labels.reason_text(Reason.PLAN_MAY_ASK, {"weeks": 8})


def test_unknown_or_missing_values_never_break_a_page() -> None:
    assert labels.reason_text("An old English sentence.") == "An old English sentence."
    assert labels.reason_text("") == ""
    with translation.override("da"):
        assert "?" in labels.reason_text(Reason.PLAN_MAY_ASK, {})
