"""The audit log as a CSV file: HR and administrators only, Danish Excel's format, the same
search as the log page, and the export is itself recorded (as one row)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from naervaer.absence.services import register_sick
from naervaer.audit.models import Action, AuditEvent
from tests.conftest import ClientResponse, World, client_for, streamed

pytestmark = pytest.mark.django_db


def rows(response: ClientResponse) -> list[list[str]]:
    data = streamed(response)
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


@pytest.fixture
def logged(world: World) -> None:
    register_sick(world.person(world.bob), dt.date(2026, 11, 2), by=world.alice)
    client_for(world.hanne).get(f"/people/{world.person(world.carol).pk}/")
    register_sick(world.person(world.oscar), dt.date(2026, 11, 2), by=world.olga)


@pytest.mark.parametrize("who", ["hanne", "adam"])
def test_hr_and_administrators_download_the_log(world: World, logged: None, who: str) -> None:
    response = client_for(getattr(world, who)).get("/audit/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    table = rows(response)
    assert table[0] == ["Hvornår", "Hvem", "Hvad", "Hvis data", "Medarbejdernummer", "Detalje"]
    body = table[1:]
    assert ["Bob Bendtsen", "1002"] in [r[3:5] for r in body]
    assert any(r[2] == "Registrerede sygemelding" and r[3] == "Bob Bendtsen" for r in body)
    assert all("Oscar Olsen" not in r for r in body)  # another organisation's log
    assert all(len(r[0]) == 19 and r[0][2] == "." for r in body)  # dd.mm.yyyy hh:mm:ss


def test_the_export_uses_the_search(world: World, logged: None) -> None:
    response = client_for(world.hanne).get("/audit/export.csv", {"whose": "Carol"})
    body = rows(response)[1:]
    assert body and all(r[3] == "Carol Christensen" for r in body)


def test_the_export_is_recorded_once(world: World, logged: None) -> None:
    before = AuditEvent.objects.count()
    rows(client_for(world.hanne).get("/audit/export.csv"))
    [event] = AuditEvent.objects.all()[: AuditEvent.objects.count() - before]
    assert (event.action, event.actor, event.subject_count) == (Action.EXPORT, world.hanne, 0)
    assert event.detail.startswith("audit log (")
    assert AuditEvent.objects.count() == before + 1


@pytest.mark.parametrize("who", ["alice", "bob", "amy", "cate"])
def test_nobody_else_downloads_it(world: World, logged: None, who: str) -> None:
    assert client_for(getattr(world, who)).get("/audit/export.csv").status_code == 403
