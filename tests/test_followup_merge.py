"""A correction that joins two absences into one merges their follow-up cases, and what was
recorded on the later case is kept (``followup.services._merge_into``).

Worked by hand: Bob is sick Monday 2 – Thursday 5 November 2026 (case A) and again from
Tuesday 10 November (case B); Friday 6 and Monday 9 are working days, so these are two cases.
Correcting the first absence to end on Monday 9 November leaves only days off (none) between
the two, so they are one continuous absence from 2 November: case A stays (it holds the first
spell), case B is merged into it and removed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from naervaer.absence.models import AbsenceSpell
from naervaer.absence.services import correct_spell, register_return, register_sick
from naervaer.followup.models import Case, Conversation, Obligation, RetentionPlan
from naervaer.followup.services import answer_eight_weeks, record_conversation
from tests.conftest import World

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
D = dt.date


def two_cases(world: World) -> tuple[AbsenceSpell, Case, Case]:
    bob = world.person(world.bob)
    first = register_sick(bob, D(2026, 11, 2), by=world.alice)
    register_return(first, D(2026, 11, 6), by=world.alice)  # last day Thursday 5 November
    second = register_sick(bob, D(2026, 11, 10), by=world.alice)
    case_a = Case.objects.get(spell=first)
    case_b = Case.objects.get(spell=second)
    return first, case_a, case_b


def join(world: World, first: AbsenceSpell) -> None:
    correct_spell(
        AbsenceSpell.objects.get(pk=first.pk), by=world.hanne, first_day=D(2026, 11, 2),
        last_day=D(2026, 11, 9), kind="sickness", section56=False, work_environment_related=False,
    )  # fmt: skip


def test_joining_two_absences_keeps_the_later_cases_records(world: World) -> None:
    first, case_a, case_b = two_cases(world)
    bob = world.person(world.bob)
    talk = record_conversation(
        case_b, bob, {"kind": "absence", "held_on": D(2026, 11, 12), "form": "phone"}, world.alice
    )
    answer_eight_weeks(case_b, True, D(2026, 11, 13), world.alice)
    RetentionPlan.objects.create(case=case_b, measures="Lighter tasks for two weeks")
    case_b.refresh_from_db()
    assert case_b.obligations.get(code="absence_conversation").state == "done"

    join(world, first)

    assert list(Case.objects.filter(person=bob)) == [case_a]
    assert not Case.objects.filter(pk=case_b.pk).exists()
    case_a.refresh_from_db()
    assert (case_a.first_day, case_a.last_day) == (D(2026, 11, 2), None)
    # The conversation and the plan now belong to the joined case.
    assert Conversation.objects.get(pk=talk.pk).case_id == case_a.pk
    assert RetentionPlan.objects.get().case_id == case_a.pk
    assert RetentionPlan.objects.get().measures == "Lighter tasks for two weeks"
    # The step done in case B is done in the joined case, on the day and by whom it was done.
    step = case_a.obligations.get(code="absence_conversation")
    assert (step.state, step.done_on, step.done_by) == ("done", D(2026, 11, 12), world.alice)
    # So is the 8-week answer, which the joined case had not been given.
    assert (case_a.expected_over_8_weeks, case_a.eight_week_answered_on) == (
        True,
        D(2026, 11, 13),
    )


def test_what_the_first_case_recorded_itself_wins(world: World) -> None:
    first, case_a, case_b = two_cases(world)
    Case.objects.filter(pk=case_a.pk).update(hours_worked_8_weeks=Decimal("120"))
    Case.objects.filter(pk=case_b.pk).update(hours_worked_8_weeks=Decimal("80"))
    RetentionPlan.objects.create(case=case_a, measures="A's plan")
    RetentionPlan.objects.create(case=case_b, measures="B's plan")
    Obligation.objects.filter(case=case_a, code="absence_conversation").update(
        state="done", done_on=D(2026, 11, 4)
    )
    Obligation.objects.filter(case=case_b, code="absence_conversation").update(
        state="done", done_on=D(2026, 11, 12)
    )

    join(world, first)

    case_a.refresh_from_db()
    assert case_a.hours_worked_8_weeks == Decimal("120")
    # One plan per case: the joined case keeps its own; the later case's goes with it.
    assert list(RetentionPlan.objects.values_list("case_id", "measures")) == [
        (case_a.pk, "A's plan")
    ]
    assert case_a.obligations.get(code="absence_conversation").done_on == D(2026, 11, 4)


def test_absences_with_a_working_day_between_stay_two_cases(world: World) -> None:
    first, case_a, case_b = two_cases(world)
    record_conversation(
        case_b,
        world.person(world.bob),
        {"kind": "absence", "held_on": D(2026, 11, 12), "form": "phone"},
        world.alice,
    )
    # Ending the first absence on Friday 6 November leaves Monday 9 as a working day between.
    correct_spell(
        AbsenceSpell.objects.get(pk=first.pk), by=world.hanne, first_day=D(2026, 11, 2),
        last_day=D(2026, 11, 6), kind="sickness", section56=False, work_environment_related=False,
    )  # fmt: skip
    assert set(Case.objects.values_list("pk", flat=True)) == {case_a.pk, case_b.pk}
    assert Conversation.objects.get().case_id == case_b.pk
    assert case_a.obligations.get(code="absence_conversation").state != "done"
