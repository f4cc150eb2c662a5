"""Downloads of personal and health data are never kept by a browser or proxy (issue 12):
every response a view makes says ``Cache-Control: no-store``; static files may be cached."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from naervaer.absence.services import register_sick
from naervaer.api.models import ApiToken
from naervaer.followup.calendar_feed import feed_for
from naervaer.followup.models import Case, PossibilityStatement
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db


def statement_pdf(world: World) -> str:
    register_sick(world.person(world.bob), dt.date.today(), by=world.alice)
    case = Case.objects.get(person=world.person(world.bob))
    statement = PossibilityStatement.objects.create(
        case=case, created_by=world.alice, filled_on=dt.date.today(), normal_tasks="Pleje"
    )
    return f"/statements/{statement.pk}/mulighedserklaering.pdf"


DOWNLOADS: dict[str, tuple[str, Callable[[World], str], str]] = {
    "own data as JSON": ("bob", lambda w: "/me/data.json", "GET"),
    "own data as PDF": ("bob", lambda w: "/me/data.pdf", "GET"),
    "absences as CSV": ("hanne", lambda w: "/export/absences.csv", "GET"),
    "employees as XLSX": ("hanne", lambda w: "/export/employees.xlsx", "GET"),
    "statistics as CSV": ("hanne", lambda w: "/statistics/export.csv", "GET"),
    "mulighedserklæring PDF": ("alice", statement_pdf, "GET"),
    "annual discussion PDF": ("amy", lambda w: f"/amo/annual/{dt.date.today().year}.pdf", "GET"),
    "organisation export": ("adam", lambda w: "/users/export/", "POST"),
    "a person's page": ("alice", lambda w: f"/people/{w.person(w.bob).pk}/", "GET"),
}


@pytest.mark.parametrize("download", DOWNLOADS)
def test_a_personal_download_is_never_stored(world: World, download: str) -> None:
    persona, url, method = DOWNLOADS[download]
    client = client_for(getattr(world, persona))
    path = url(world)
    response = client.post(path) if method == "POST" else client.get(path)
    assert response.status_code == 200, path
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_the_calendar_feed_is_never_stored(world: World) -> None:
    response = Client().get(f"/calendar/{feed_for(world.alice).token}.ics")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_the_api_is_never_stored(world: World) -> None:
    token = ApiToken.issue(world.acme, "Lønsystem", "hr")[1]
    response = Client(headers={"authorization": f"Bearer {token}"}).get("/api/v1/absences")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
