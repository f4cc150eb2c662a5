"""An employee downloads everything Nærvær holds about them, and only about them."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from pypdf import PdfReader

from naervaer.absence.services import register_sick
from naervaer.audit.models import Action, AuditEvent
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db


def test_an_employee_downloads_all_their_data(world: World) -> None:
    register_sick(world.person(world.bob), dt.date(2026, 11, 2), by=world.alice)
    register_sick(world.person(world.carol), dt.date(2026, 11, 2), by=world.hanne)
    client_for(world.alice).get(f"/people/{world.person(world.bob).pk}/")
    response = client_for(world.bob).get("/me/data.json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["person"]["name"] == "Bob Bendtsen"
    assert [s["first_day"] for s in data["absence"]] == ["2026-11-02"]
    assert {s["code"] for s in data["follow_up"][0]["steps"]} >= {"absence_conversation"}
    # The facts recorded for the law are the person's data too, and reasons come in words.
    assert data["employments"][0]["salary_during_sickness"] is True
    assert {"expected_over_26_weeks", "early_followup_requested_on"} <= data["follow_up"][0].keys()
    conversation = next(
        s for s in data["follow_up"][0]["steps"] if s["code"] == "absence_conversation"
    )
    assert conversation["reason"] == "conversation_by_weeks"
    assert conversation["reason_text"] == "Holdes senest 4 uger efter første sygedag (§ 7 a)."
    assert any("alice" in e["who"].lower() for e in data["who_has_looked"])
    assert "Carol" not in response.content.decode()
    assert AuditEvent.objects.filter(action=Action.EXPORT, detail="own data").exists()


def test_the_mails_about_the_employee_are_in_their_data(world: World) -> None:
    world.alice.email, world.bob.email = "alice@example.dk", "bob@example.dk"
    world.alice.save(update_fields=["email"])
    world.bob.save(update_fields=["email"])
    client_for(world.bob).post("/me/sick/", {"first_day": dt.date.today().isoformat()})
    data = json.loads(client_for(world.bob).get("/me/data.json").content)
    [mail] = data["e_mails"]
    assert (mail["kind"], mail["to"]) == ("self_report", "alice@example.dk")
    assert "Bob Bendtsen" in mail["subject"]


def test_without_a_person_there_is_nothing_to_download(world: World) -> None:
    assert client_for(world.amy).get("/me/data.json").status_code == 403


def test_the_same_data_comes_as_a_readable_pdf(world: World) -> None:
    register_sick(world.person(world.bob), dt.date(2026, 11, 2), by=world.alice)
    register_sick(world.person(world.carol), dt.date(2026, 11, 2), by=world.hanne)
    client_for(world.alice).get(f"/people/{world.person(world.bob).pk}/")
    response = client_for(world.bob).get("/me/data.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Mine data i Nærvær" in text
    assert "Bob Bendtsen" in text
    assert "02.11.2026" in text
    assert "Samtale om sygefraværet" in text or "sygefraværssamtale" in text.lower()
    assert "Alice" in text  # who has looked
    assert "Carol" not in text
    assert AuditEvent.objects.filter(action=Action.EXPORT, detail="own data (PDF)").exists()


def test_without_a_person_there_is_no_pdf_either(world: World) -> None:
    assert client_for(world.amy).get("/me/data.pdf").status_code == 403
