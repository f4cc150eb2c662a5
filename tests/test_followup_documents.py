"""Mulighedserklæring (part 1 form and PDF, part 2 conclusions), § 56 agreements and the
absence policy (TODAY is Wednesday 18 November 2026)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from naervaer.absence.services import register_sick
from naervaer.audit.models import Action, AuditEvent
from naervaer.followup.models import (
    AbsencePolicy,
    Case,
    Obligation,
    PossibilityStatement,
    Section56Agreement,
)
from tests.conftest import World, client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
D = dt.date


@pytest.fixture
def case(world: World) -> Case:
    register_sick(world.person(world.bob), D(2026, 11, 2), by=world.alice)
    return Case.objects.get()


PART1 = {
    "filled_on": "2026-11-17",
    "normal_tasks": "Hjemmepleje: personlig pleje, rengøring, medicingivning, kørsel (#1 & [a])",
    "limitations": "Kan ikke løfte over 10 kg eller gå på trapper; kan køre bil og lave dokumentation",
    "agreed_adjustments": "Kun dagvagter i 4 uger; kollegahjælp til forflytninger",
    "reply_by": "2026-12-01",
}


def test_part_1_is_saved_and_printed_as_pdf(world: World, case: Case) -> None:
    client = client_for(world.alice)
    assert client.post(f"/cases/{case.pk}/statement/", PART1).status_code == 302
    statement = PossibilityStatement.objects.get()
    assert (statement.case, statement.created_by) == (case, world.alice)

    response = client.get(f"/statements/{statement.pk}/mulighedserklaering.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    for expected in (
        "Mulighedserklæring",
        "Bob Bendtsen",
        "Acme Kommune",
        "02.11.2026",
        "01.12.2026",
        "(#1 & [a])",  # user text is data, never Typst markup
        "Kun dagvagter i 4 uger",
    ):
        assert expected in text, expected
    assert AuditEvent.objects.filter(action=Action.EXPORT, detail="possibility statement").exists()


def test_part_2_records_the_conclusion_and_fee(world: World, case: Case) -> None:
    client = client_for(world.alice)
    client.post(f"/cases/{case.pk}/statement/", PART1)
    statement = PossibilityStatement.objects.get()
    response = client.post(
        f"/statements/{statement.pk}/part2/",
        {
            "part2_received_on": "2026-11-25",
            "conclusion": "adjust",
            "doctor_adjustments": "Ingen forflytninger",
            "expected_duration": "6 uger",
            "fee": "1.275,00",
            "fee_paid_on": "2026-11-30",
        },
    )
    assert response.status_code == 302
    statement.refresh_from_db()
    assert (statement.conclusion, statement.fee) == ("adjust", Decimal("1275.00"))
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Arbejdet bør tilpasses yderligere" in page and "1.275,00 kr." in page


def test_part_2_needs_the_date_and_conclusion(world: World, case: Case) -> None:
    client = client_for(world.alice)
    client.post(f"/cases/{case.pk}/statement/", PART1)
    statement = PossibilityStatement.objects.get()
    response = client.post(f"/statements/{statement.pk}/part2/", {"fee": "500"})
    assert response.status_code == 200
    statement.refresh_from_db()
    assert statement.part2_received_on is None


@pytest.mark.parametrize(
    ("persona", "status"),
    [("alice", 200), ("hanne", 200), ("bob", 403), ("carol", 404), ("amy", 404), ("olga", 404)],
)
def test_who_may_handle_a_statement(world: World, case: Case, persona: str, status: int) -> None:
    statement = PossibilityStatement.objects.create(
        case=case, filled_on=D(2026, 11, 17), normal_tasks="x", limitations="y"
    )
    client = client_for(getattr(world, persona))
    assert client.get(f"/statements/{statement.pk}/mulighedserklaering.pdf").status_code == status
    assert client.get(f"/statements/{statement.pk}/part2/").status_code == status


def test_section56_agreement_covers_flagged_absence(world: World) -> None:
    carol = world.person(world.carol)
    register_sick(carol, D(2026, 11, 9), section56=True, by=world.hanne)
    client = client_for(world.hanne)
    case = Case.objects.get(person=carol)
    assert "ingen gyldig aftale" in client.get(f"/cases/{case.pk}/").content.decode()

    response = client.post(
        f"/people/{carol.pk}/section56/",
        {"valid_from": "2026-01-01", "valid_to": "2027-12-31", "municipality": "Aarhus"},
    )
    assert response.status_code == 302
    assert Section56Agreement.objects.get().covers(D(2026, 11, 9))
    assert (
        "Omfattet af § 56-aftalen fra 01.01.2026"
        in client.get(f"/cases/{case.pk}/").content.decode()
    )
    refund = Obligation.objects.get(case=case, code="section56_refund")
    assert refund.due == D(2026, 12, 14)


def test_a_section56_agreement_cannot_end_before_it_begins(world: World) -> None:
    carol = world.person(world.carol)
    response = client_for(world.hanne).post(
        f"/people/{carol.pk}/section56/", {"valid_from": "2026-06-01", "valid_to": "2026-01-01"}
    )
    assert response.status_code == 200 and not Section56Agreement.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("hanne", 200), ("alice", 200), ("bob", 403), ("carol", 404), ("amy", 404)],
)
def test_who_registers_section56_for_bob(world: World, persona: str, status: int) -> None:
    bob = world.person(world.bob)
    assert (
        client_for(getattr(world, persona)).get(f"/people/{bob.pk}/section56/").status_code
        == status
    )


@pytest.mark.parametrize(
    ("persona", "status"), [("hanne", 200), ("adam", 200), ("alice", 403), ("amy", 403)]
)
def test_who_sets_the_policy(world: World, persona: str, status: int) -> None:
    assert client_for(getattr(world, persona)).get("/policy/").status_code == status


def test_a_stricter_policy_calls_for_care_conversations_at_once(world: World) -> None:
    carol = world.person(world.carol)
    register_sick(carol, D(2026, 9, 1), last_day=D(2026, 9, 2), by=world.hanne)
    register_sick(carol, D(2026, 11, 16), by=world.hanne)
    assert not Obligation.objects.filter(code="care_conversation").exists()
    response = client_for(world.hanne).post(
        "/policy/",
        {
            "care_spells": "2",
            "care_within_days": "183",
            "care_conversation_within_days": "7",
            "remind_managers": "on",
            "remind_hr": "on",
            "retention_years": "5",
        },
    )
    assert response.status_code == 302
    assert AbsencePolicy.objects.get(organisation=world.acme).care_spells == 2
    care = Obligation.objects.get(code="care_conversation")
    assert care.due == D(2026, 11, 23)  # 16 Nov + 7 days, a Monday


def test_the_policy_refuses_a_trigger_of_one(world: World) -> None:
    response = client_for(world.hanne).post(
        "/policy/",
        {"care_spells": "1", "care_within_days": "183", "care_conversation_within_days": "14"},
    )
    assert response.status_code == 200
    assert "Mindst 2 fraværsperioder" in response.content.decode()
