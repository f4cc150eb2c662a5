"""Follow-up of each absence through the web: obligations follow the absence, forms record what
was done, and only the right people may see or act (TODAY is Wednesday 18 November 2026)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from pytest_django import DjangoAssertNumQueries

from naervaer.absence.models import AbsenceDegree, AbsenceSpell
from naervaer.absence.services import correct_spell, delete_spell, register_return, register_sick
from naervaer.audit.models import Action, AuditEvent
from naervaer.followup.forms import ConversationForm
from naervaer.followup.models import Case, Conversation, Obligation
from naervaer.followup.services import refresh_people
from tests.conftest import World, client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
D = dt.date


def states(case: Case) -> dict[str, tuple[dt.date | None, str]]:
    return {o.code: (o.due, o.state) for o in case.obligations.all()}


@pytest.fixture
def bobs_case(world: World) -> Case:
    # Bob is sick from Monday 2 November 2026 (30 hours a week, employed since 2020).
    register_sick(world.person(world.bob), D(2026, 11, 2), by=world.alice)
    return Case.objects.get(person=world.person(world.bob))


def test_registering_sickness_opens_a_case_with_its_deadlines(bobs_case: Case) -> None:
    # 2 Nov + 28 (§ 7 a), + 29 (§ 30), + 35 (§ 40, stk. 1), + 55 (§ 13 b); § 24: counted from
    # 2 Dec, more than 154 days first in May 2027.
    assert states(bobs_case) == {
        "absence_conversation": (D(2026, 11, 30), "open"),
        "employer_period_end": (D(2026, 12, 1), "open"),
        "report_to_municipality": (D(2026, 12, 7), "open"),
        "jobcentre_first_followup": (D(2026, 12, 27), "open"),
        "sickness_benefit_reassessment": (D(2027, 5, 31), "open"),
        "retention_plan": (None, "open"),
        "early_followup": (None, "closed"),
        "section56_refund": (None, "closed"),
    }
    plan = bobs_case.obligations.get(code="retention_plan")
    assert plan.optional and plan.reason == "plan_depends_on_answer"  # until the 8-week answer
    report = bobs_case.obligations.get(code="report_to_municipality")
    assert (report.reason, report.params, report.verified) == (
        "report_paying_salary",
        {"days": 35},
        True,
    )


def test_a_return_closes_what_is_no_longer_needed(world: World, bobs_case: Case) -> None:
    register_return(bobs_case.spell, D(2026, 11, 13), by=world.alice)  # back in week 2
    result = {o.code: o for o in bobs_case.obligations.all()}
    assert {o.state for o in result.values()} == {"closed"}
    assert result["absence_conversation"].reason == "ended_before_due"


def test_a_correction_reopens_and_moves_deadlines(world: World, bobs_case: Case) -> None:
    register_return(bobs_case.spell, D(2026, 11, 13), by=world.alice)
    spell = AbsenceSpell.objects.get(pk=bobs_case.spell_id)
    correct_spell(
        spell, by=world.hanne, first_day=D(2026, 11, 6), last_day=None, kind="sickness",
        section56=False, work_environment_related=False,
    )  # fmt: skip
    bobs_case.refresh_from_db()
    assert bobs_case.first_day == D(2026, 11, 6)
    assert states(bobs_case)["absence_conversation"] == (D(2026, 12, 4), "open")  # 6 Nov + 28


def test_deleting_the_spell_removes_the_case(world: World, bobs_case: Case) -> None:
    delete_spell(bobs_case.spell, by=world.hanne)
    assert not Case.objects.exists() and not Obligation.objects.exists()


def test_resickness_after_a_weekend_joins_the_case(world: World, bobs_case: Case) -> None:
    register_return(bobs_case.spell, D(2026, 11, 7), by=world.alice)  # last day Fri 6 Nov
    register_sick(world.person(world.bob), D(2026, 11, 9), by=world.alice)  # sick again Monday
    [case] = Case.objects.filter(person=world.person(world.bob))
    assert case.pk == bobs_case.pk and case.last_day is None
    assert states(case)["absence_conversation"] == (D(2026, 11, 30), "open")


def test_recording_the_conversation_marks_it_done(world: World, bobs_case: Case) -> None:
    client = client_for(world.alice)
    response = client.post(
        f"/cases/{bobs_case.pk}/conversation/absence/",
        {
            "held_on": "2026-11-17",
            "form": "in_person",
            "participants": "Bob, Alice",
            "companion": "amr",
            "expected_duration": "Regner med 3 uger mere",
            "functions": "Kan lave administrative opgaver",
            "workplace_factors": "",
            "support": "Kortere dage i starten",
        },
    )
    assert response.status_code == 302
    conversation = Conversation.objects.get()
    assert (conversation.kind, conversation.companion) == ("absence", "amr")
    done = bobs_case.obligations.get(code="absence_conversation")
    assert (done.state, done.done_on, done.done_by) == ("done", D(2026, 11, 17), world.alice)
    assert AuditEvent.objects.filter(
        action=Action.FOLLOW_UP, subjects__name="Bob Bendtsen"
    ).exists()


def test_a_conversation_cannot_be_recorded_in_the_future(world: World, bobs_case: Case) -> None:
    response = client_for(world.alice).post(
        f"/cases/{bobs_case.pk}/conversation/absence/", {"held_on": "2026-11-30", "form": "phone"}
    )
    assert response.status_code == 200
    assert not Conversation.objects.exists()


def test_the_conversation_form_has_no_place_for_a_diagnosis(world: World, bobs_case: Case) -> None:
    fields = set(ConversationForm().fields)
    assert fields == {
        "held_on", "form", "participants", "companion",
        "expected_duration", "functions", "workplace_factors", "support",
    }  # fmt: skip
    model_fields = {f.name for f in Conversation._meta.get_fields()}
    for forbidden in ("diagnosis", "illness", "disease", "symptom", "sygdom", "diagnose"):
        assert not any(forbidden in name for name in model_fields | fields)
    page = client_for(world.alice).get(f"/cases/{bobs_case.pk}/conversation/absence/")
    assert "brug af helbredsoplysninger" in page.content.decode()
    # Posting a diagnosis anyway stores nothing of it.
    client_for(world.alice).post(
        f"/cases/{bobs_case.pk}/conversation/absence/",
        {"held_on": "2026-11-17", "form": "phone", "diagnosis": "influenza"},
    )
    stored = Conversation.objects.values()[0]
    assert "influenza" not in str(stored)


def test_the_8_week_answer_makes_the_plan_possible(world: World, bobs_case: Case) -> None:
    client = client_for(world.alice)
    client.post(f"/cases/{bobs_case.pk}/eight-weeks/", {"expected_over_8_weeks": "yes"})
    bobs_case.refresh_from_db()
    assert bobs_case.expected_over_8_weeks is True
    plan = bobs_case.obligations.get(code="retention_plan")
    assert (plan.state, plan.optional, plan.reason, plan.params) == (
        "open",
        True,
        "plan_may_ask",
        {"weeks": 8},
    )
    page = client.get(f"/cases/{bobs_case.pk}/").content.decode()
    # The reason in Danish, with the value filled in by the UI (the core gives only a code).
    assert "Forventes at vare mere end 8 uger: medarbejderen kan når som helst" in page


def test_the_employee_asks_for_a_plan_and_the_employer_may_decline(
    world: World, bobs_case: Case
) -> None:
    # § 7 b, stk. 2: a request is "agree or decline", never an unconditional duty or a deadline.
    assert client_for(world.bob).post(f"/cases/{bobs_case.pk}/plan/request/").status_code == 302
    plan = bobs_case.obligations.get(code="retention_plan")
    assert (plan.state, plan.optional, plan.due, plan.reason) == (
        "open",
        True,
        None,
        "plan_requested",
    )


def test_a_plan_with_a_gradual_return_sets_the_degrees(world: World, bobs_case: Case) -> None:
    # Bob works 30 hours: 10 h → 67 % absent, 20 h → 33 %, from 4 Jan 30 h = full time.
    response = client_for(world.alice).post(
        f"/cases/{bobs_case.pk}/plan/",
        {
            "gradual_return": "on",
            "measures": "Start med formiddage",
            "responsible": "Alice",
            "steps-TOTAL_FORMS": "4",
            "steps-INITIAL_FORMS": "0",
            "steps-MIN_NUM_FORMS": "0",
            "steps-MAX_NUM_FORMS": "12",
            "steps-0-from_day": "2026-11-23",
            "steps-0-hours_per_week": "10",
            "steps-1-from_day": "2026-12-07",
            "steps-1-hours_per_week": "20",
            "steps-2-from_day": "2027-01-04",
            "steps-2-hours_per_week": "30",
        },
    )
    assert response.status_code == 302
    degrees = list(
        AbsenceDegree.objects.filter(spell=bobs_case.spell).values_list("from_day", "percent")
    )
    assert degrees == [(D(2026, 11, 2), 100), (D(2026, 11, 23), 67), (D(2026, 12, 7), 33)]
    assert bobs_case.obligations.get(code="retention_plan").state == "done"
    page = client_for(world.alice).get(f"/cases/{bobs_case.pk}/").content.decode()
    assert "Forventet tilbage på fuld tid den 04.01.2027." in page


def test_a_half_filled_step_is_explained(world: World, bobs_case: Case) -> None:
    response = client_for(world.alice).post(
        f"/cases/{bobs_case.pk}/plan/",
        {
            "steps-TOTAL_FORMS": "4",
            "steps-INITIAL_FORMS": "0",
            "steps-0-from_day": "2026-11-23",
            "steps-0-hours_per_week": "",
        },
    )
    assert response.status_code == 200
    assert not bobs_case.obligations.filter(code="retention_plan", state="done").exists()


def test_the_employee_adds_their_view(world: World, bobs_case: Case) -> None:
    client_for(world.alice).post(
        f"/cases/{bobs_case.pk}/plan/",
        {"measures": "x", "steps-TOTAL_FORMS": "0", "steps-INITIAL_FORMS": "0"},
    )
    bob = client_for(world.bob)
    assert (
        bob.post(f"/cases/{bobs_case.pk}/plan/my-view/", {"employee_view": "Godt"}).status_code
        == 302
    )
    assert "Godt" in bob.get(f"/cases/{bobs_case.pk}/").content.decode()
    assert client_for(world.alice).get(f"/cases/{bobs_case.pk}/plan/my-view/").status_code == 403


def test_hr_marks_the_report_done(world: World, bobs_case: Case) -> None:
    report = bobs_case.obligations.get(code="report_to_municipality")
    assert client_for(world.hanne).post(f"/obligations/{report.pk}/done/").status_code == 302
    report.refresh_from_db()
    assert (report.state, report.done_by) == ("done", world.hanne)


@pytest.mark.parametrize(
    ("persona", "view", "act"),
    [
        ("alice", 200, 200),  # Bob's manager
        ("dave", 200, 200),  # head of the area
        ("hanne", 200, 200),  # HR
        ("bob", 200, 403),  # his own case: sees it, records nothing
        ("carol", 404, 404),  # a colleague in another unit
        ("amy", 404, 404),  # AMO: no person-level data
        ("adam", 404, 404),  # administrator
        ("olga", 404, 404),  # HR of another organisation
    ],
)
def test_who_may_see_and_act_on_a_case(
    world: World, bobs_case: Case, persona: str, view: int, act: int
) -> None:
    client = client_for(getattr(world, persona))
    assert client.get(f"/cases/{bobs_case.pk}/").status_code == view
    assert client.get(f"/cases/{bobs_case.pk}/conversation/absence/").status_code == act
    assert client.get(f"/cases/{bobs_case.pk}/plan/").status_code == act
    report = bobs_case.obligations.get(code="report_to_municipality")
    status = client.post(f"/obligations/{report.pk}/done/").status_code
    assert status == (302 if act == 200 else act)


def test_viewing_a_case_is_audited(world: World, bobs_case: Case) -> None:
    client_for(world.hanne).get(f"/cases/{bobs_case.pk}/")
    assert AuditEvent.objects.filter(
        action=Action.VIEW_CASE, subjects__name="Bob Bendtsen"
    ).exists()


def test_the_front_page_lists_due_steps_per_role(world: World, bobs_case: Case) -> None:
    # Carol, sick since 20 Oct: the report is due 24 Nov, within HR's 14 days.
    register_sick(world.person(world.carol), D(2026, 10, 20), by=world.hanne)
    manager = client_for(world.alice).get("/").content.decode()
    assert ">Sygefraværssamtale<" in manager and "Bob Bendtsen" in manager
    assert "Anmeld fraværet til kommunen" not in manager  # HR's step
    hr = client_for(world.hanne).get("/").content.decode()
    assert "Anmeld fraværet til kommunen" in hr and "Carol Christensen" in hr
    assert ">Sygefraværssamtale<" not in hr
    assert "Sidste dag i arbejdsgiverperioden" not in hr  # a date to know, not a task


def test_frequent_absence_calls_for_a_care_conversation(world: World) -> None:
    carol = world.person(world.carol)
    for first, last in [(D(2026, 6, 1), D(2026, 6, 2)), (D(2026, 8, 10), D(2026, 8, 10))]:
        register_sick(carol, first, last_day=last, by=world.hanne)
    assert not Obligation.objects.filter(code="care_conversation").exists()
    register_sick(carol, D(2026, 11, 16), by=world.hanne)
    care = Obligation.objects.get(code="care_conversation")
    assert (care.due, care.state, care.case.first_day) == (D(2026, 11, 30), "open", D(2026, 11, 16))
    client_for(world.dave).post(
        f"/cases/{care.case_id}/conversation/care/", {"held_on": "2026-11-18", "form": "phone"}
    )
    care.refresh_from_db()
    assert care.state == "done"


def test_refresh_is_idempotent_and_batched(
    world: World, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    for user in (world.bob, world.carol, world.alice):
        register_sick(world.person(user), D(2026, 11, 2), by=world.hanne)
    before = list(Obligation.objects.values_list("case_id", "code", "due", "state").order_by("pk"))
    ids = [world.person(u).pk for u in (world.bob, world.carol, world.alice)]
    with django_assert_max_num_queries(12):
        refresh_people(ids)
    after = list(Obligation.objects.values_list("case_id", "code", "due", "state").order_by("pk"))
    assert before == after


def test_part_time_hours_below_the_threshold_mean_no_employer_period(world: World) -> None:
    carol = world.person(world.carol)
    carol.employments.update(weekly_hours=Decimal("8"))
    register_sick(carol, D(2026, 11, 2), by=world.hanne)
    period = Obligation.objects.get(case__person=carol, code="employer_period_end")
    assert (period.state, period.reason) == ("closed", "hours_under")
    assert period.params == {"hours": 74, "weeks": 8, "worked": "64.00", "estimate": True}
    # § 40, stk. 3 only when the employer pays no salary; by default it does (§ 40, stk. 1).
    report = Obligation.objects.get(case__person=carol, code="report_to_municipality")
    assert (report.due, report.reason) == (D(2026, 12, 7), "report_paying_salary")


@pytest.mark.parametrize(
    ("persona", "status"), [("alice", 200), ("hanne", 200), ("bob", 403), ("amy", 403)]
)
def test_the_follow_up_list(world: World, bobs_case: Case, persona: str, status: int) -> None:
    response = client_for(getattr(world, persona)).get("/follow-up/")
    assert response.status_code == status
    if persona == "alice":
        page = response.content.decode()
        assert page.count("Bob Bendtsen") == 1  # the conversation (no 8-week duty since 2012)
        assert "Carol" not in page


def test_the_facts_the_law_needs_move_the_deadlines(world: World, bobs_case: Case) -> None:
    response = client_for(world.alice).post(
        f"/cases/{bobs_case.pk}/facts/",
        {
            "expected_over_8_weeks": "yes",
            "expected_over_26_weeks": "no",
            "early_followup_requested_on": "10.11.2026",
            "hours_worked_8_weeks": "240",
        },
    )
    assert response.status_code == 302
    bobs_case.refresh_from_db()
    assert (bobs_case.expected_over_26_weeks, bobs_case.hours_worked_8_weeks) == (
        False,
        Decimal(240),
    )
    result = {o.code: o for o in bobs_case.obligations.all()}
    # § 13 b, stk. 2: requested 10 Nov, the municipality's first conversation by 24 Nov.
    assert (result["early_followup"].due, result["early_followup"].state) == (
        D(2026, 11, 24),
        "open",
    )
    # Expected back within 26 weeks: under the 2026 reform, as a starting point no follow-up.
    assert result["jobcentre_first_followup"].reason == "expected_back_within_weeks"
    assert AuditEvent.objects.filter(action=Action.FOLLOW_UP, detail="case facts").exists()


def test_a_requested_plan_is_agreed_or_declined(world: World, bobs_case: Case) -> None:
    client = client_for(world.alice)
    client.post(f"/cases/{bobs_case.pk}/plan/request/")
    client.post(f"/cases/{bobs_case.pk}/facts/", {"retention_plan_decision": "declined"})
    plan = bobs_case.obligations.get(code="retention_plan")
    assert (plan.state, plan.reason) == ("closed", "plan_declined")
    page = client.get(f"/cases/{bobs_case.pk}/").content.decode()
    assert "Arbejdsgiveren har afslået at lave en fastholdelsesplan (§ 7 b, stk. 2)." in page


def test_bad_facts_are_explained_and_change_nothing(world: World, bobs_case: Case) -> None:
    client = client_for(world.alice)
    response = client.post(
        f"/cases/{bobs_case.pk}/facts/", {"early_followup_requested_on": "01.10.2026"}, follow=True
    )
    assert "Anmodningen kan ikke ligge før første fraværsdag." in response.content.decode()
    bobs_case.refresh_from_db()
    assert bobs_case.early_followup_requested_on is None
    # The employee sees the case but records nothing.
    assert client_for(world.bob).post(f"/cases/{bobs_case.pk}/facts/", {}).status_code == 403


def test_dates_to_know_are_never_overdue_nor_to_be_marked_done(
    world: World, bobs_case: Case
) -> None:
    # On 18 Nov 2026 nothing of Bob's is late; a month later the end of the employer period
    # (1 Dec) and the municipality's first follow-up (27 Dec) have passed: dates to know, not
    # tasks, so neither is overdue and neither offers "mark as done". The report (7 Dec) is late.
    with time_machine.travel(dt.datetime(2026, 12, 28, 9, 0), tick=False):
        page = client_for(world.hanne).get(f"/cases/{bobs_case.pk}/").content.decode()
    period = page.split('id="step-employer_period_end"')[1].split("</li>")[0]
    assert "dato at kende" in period and "overskredet" not in period
    assert "Markér som udført" not in period
    report = page.split('id="step-report_to_municipality"')[1].split("</li>")[0]
    assert "overskredet" in report
    plan = page.split('id="step-retention_plan"')[1].split("</li>")[0]
    assert "overskredet" not in plan and "ingen frist" in plan  # optional, no deadline
