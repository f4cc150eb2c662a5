"""The retention plan as a PDF (fastholdelsesplan, SDPL § 7 b) and the employer's contact on the
mulighedserklæring (TODAY is Wednesday 18 November 2026; bob works 30 hours in Pleje/Nord,
led by alice)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from naervaer.absence.services import register_sick
from naervaer.audit.models import Action, AuditEvent
from naervaer.followup.models import Case, PossibilityStatement
from tests.conftest import World, client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
D = dt.date

PLAN = {
    "gradual_return": "on",
    "changed_tasks": "on",
    "measures": "Formiddage uden tunge løft; dokumentation hjemmefra (#1 & [a])",
    "responsible": "Alice Andersen",
    "next_follow_up": "2026-12-07",
    "contact_name": "Hanne Holm, HR",
    "contact_phone": "86 12 34 56",
    "steps-TOTAL_FORMS": "4",
    "steps-INITIAL_FORMS": "0",
    "steps-0-from_day": "2026-11-23",
    "steps-0-hours_per_week": "10",
    "steps-1-from_day": "2026-12-07",
    "steps-1-hours_per_week": "22,5",
    "steps-2-from_day": "2027-01-04",
    "steps-2-hours_per_week": "30",
}


@pytest.fixture
def case(world: World) -> Case:
    register_sick(world.person(world.bob), D(2026, 11, 2), by=world.alice)
    return Case.objects.get()


def pdf_text(content: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


def test_the_plan_pdf_holds_the_plan(world: World, case: Case) -> None:
    client = client_for(world.alice)
    client.post(f"/cases/{case.pk}/eight-weeks/", {"expected_over_8_weeks": "yes"})
    assert client.post(f"/cases/{case.pk}/plan/", PLAN).status_code == 302

    response = client.get(f"/cases/{case.pk}/fastholdelsesplan.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in (
        "Fastholdelsesplan",
        "sygedagpengelovens § 7 b",
        "Acme Kommune",
        "55133018",
        "Hanne Holm, HR",
        "86 12 34 56",
        "Alice Andersen",  # the nearest manager
        "Bob Bendtsen",
        "1002",
        "Pleje/Nord",
        "30 timer pr. uge",
        "02.11.2026",
        "Ja",  # expected to last more than 8 weeks
        "Formiddage uden tunge løft; dokumentation hjemmefra (#1 & [a])",  # not Typst markup
        # The gradual return, hand-worked for 30 hours: 10 h → 67 % absent, 22,5 h → 25 %.
        "23.11.2026 10 67 %",
        "07.12.2026 22,5 25 %",
        "04.01.2027 30 0 %",
        "Forventet tilbage på fuld tid fra 04.01.2027",
        "07.12.2026",  # next follow-up
        "første opfølgningssamtale hos kommunen",
    ):
        assert expected in text, expected
    assert AuditEvent.objects.filter(
        action=Action.EXPORT, detail="retention plan", subjects=case.person
    ).exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("bob", 200),  # the employee takes it to the municipality
        ("alice", 200),
        ("dave", 200),
        ("hanne", 200),
        ("carol", 404),
        ("amy", 404),
        ("adam", 404),
        ("olga", 404),
        ("cate", 404),
    ],
)
def test_who_may_print_the_plan(world: World, case: Case, who: str, status: int) -> None:
    client_for(world.alice).post(f"/cases/{case.pk}/plan/", PLAN)
    response = client_for(getattr(world, who)).get(f"/cases/{case.pk}/fastholdelsesplan.pdf")
    assert response.status_code == status


def test_no_plan_no_pdf(world: World, case: Case) -> None:
    assert client_for(world.alice).get(f"/cases/{case.pk}/fastholdelsesplan.pdf").status_code == 404


def test_the_case_page_links_the_pdf_for_the_employee(world: World, case: Case) -> None:
    client_for(world.alice).post(f"/cases/{case.pk}/plan/", PLAN)
    page = client_for(world.bob).get(f"/cases/{case.pk}/").content.decode()
    assert f"/cases/{case.pk}/fastholdelsesplan.pdf" in page


def test_the_statement_names_the_contact_and_the_manager(world: World, case: Case) -> None:
    client = client_for(world.hanne)
    response = client.post(
        f"/cases/{case.pk}/statement/",
        {
            "filled_on": "2026-11-17",
            "normal_tasks": "Hjemmepleje",
            "limitations": "Kan ikke løfte over 10 kg",
            "contact_name": "Hanne Holm",
            "contact_phone": "86 12 34 56",
        },
    )
    assert response.status_code == 302
    statement = PossibilityStatement.objects.get()
    text = pdf_text(client.get(f"/statements/{statement.pk}/mulighedserklaering.pdf").content)
    assert "Kontaktperson hos arbejdsgiver Hanne Holm, tlf. 86 12 34 56" in text
    assert "Nærmeste leder Alice Andersen" in text
