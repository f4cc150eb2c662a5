"""Arbejdstilsynet's visits, decisions with deadlines in the reminders, and authorised advice
with the support in force when it started."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from naervaer.followup.agenda import items_for
from naervaer.inspections.models import Advice, Decision, Inspection
from tests.conftest import World, client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def test_a_visit_with_a_notice_reaches_the_responsible_persons_reminders(world: World) -> None:
    client = client_for(world.amy)
    response = client.post(
        "/inspections/new/",
        {"visited_on": "2026-11-10", "unit": world.nord.pk, "smiley": "yellow", "summary": "Løft"},
    )
    inspection = Inspection.objects.get()
    assert response.status_code == 302 and inspection.organisation == world.acme
    response = client.post(
        f"/inspections/{inspection.pk}/",
        {
            "kind": "deadline",
            "about": "Forflytninger uden lift i hjemmeplejen",
            "deadline": "2026-12-15",
            "responsible": world.hanne.pk,
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    items = [i for i in items_for(world.hanne) if i.uid.startswith("at-decision")]
    assert [i.due for i in items] == [dt.date(2026, 12, 15)]
    assert f"/inspections/{inspection.pk}/#decision-{decision.pk}" == items[0].path
    page = client.get("/inspections/").content.decode()
    assert "Forflytninger uden lift" in page and "15.12.2026" in page
    client.post(
        f"/inspections/{inspection.pk}/", {"decision": decision.pk, "done_on": "2026-11-17"}
    )
    decision.refresh_from_db()
    assert decision.done_on == dt.date(2026, 11, 17)
    assert [i for i in items_for(world.hanne) if i.uid.startswith("at-decision")] == []


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"kind": "deadline", "about": "x"}, "skal have sin frist"),
        ({"kind": "deadline", "about": "x", "deadline": "2026-11-01"}, "før besøget"),
    ],
)
def test_a_notice_needs_a_deadline_after_the_visit(
    world: World, data: dict[str, str], error: str
) -> None:
    inspection = Inspection.objects.create(
        organisation=world.acme, visited_on=dt.date(2026, 11, 10)
    )
    response = client_for(world.hanne).post(f"/inspections/{inspection.pk}/", data)
    assert response.status_code == 400 and error in response.content.decode()
    assert not Decision.objects.exists()


def test_advice_shows_the_support_in_force_and_refuses_too_much(world: World) -> None:
    world.acme.sector = "private"  # the 2021–23 pool: private firms of at most 50
    world.acme.save()
    client = client_for(world.hanne)
    data = {
        "adviser": "Arbejdsmiljørådgiver ApS",
        "authorised": "on",
        "topic": "Psykisk arbejdsmiljø",
        "started_on": "2022-05-02",
        "cost": "45.500,00",
        "subsidy_claimed": "40.000,00",
    }
    response = client.post("/inspections/advice/new/", data)
    assert response.status_code == 400
    assert "36.400,00" in response.content.decode()  # 80 % of 45.500 in 2022
    data["subsidy_claimed"] = "36.400,00"
    assert client.post("/inspections/advice/new/", data).status_code == 302
    advice = Advice.objects.get()
    assert advice.subsidy_claimed == Decimal("36400")
    page = client.get(f"/inspections/advice/{advice.pk}/").content.decode()
    assert "80 %" in page


def test_advice_ordered_by_a_notice_gets_no_support(world: World) -> None:
    inspection = Inspection.objects.create(organisation=world.acme, visited_on=dt.date(2014, 3, 1))
    decision = Decision.objects.create(
        inspection=inspection, kind="advice", about="Rådgivningspåbud", deadline=dt.date(2014, 6, 1)
    )
    advice = Advice(
        organisation=world.acme,
        adviser="A",
        topic="B",
        started_on=dt.date(2014, 3, 10),
        cost=Decimal(100000),
        decision=decision,
    )
    assert advice.subsidy()[1] == 0


def test_a_municipality_got_nothing_from_the_pool_for_small_private_firms(world: World) -> None:
    world.acme.sector = "municipality"
    world.acme.save()
    advice = Advice(
        organisation=world.acme,
        adviser="A",
        topic="B",
        started_on=dt.date(2022, 5, 2),
        cost=Decimal(45500),
    )
    assert advice.subsidy() == (None, Decimal(0))


def test_only_the_amo_and_hr_of_the_organisation(world: World) -> None:
    inspection = Inspection.objects.create(
        organisation=world.acme, visited_on=dt.date(2026, 11, 10)
    )
    for persona in ("alice", "bob", "dave", "adam", "cate"):
        assert client_for(getattr(world, persona)).get("/inspections/").status_code == 403
    assert client_for(world.olga).get(f"/inspections/{inspection.pk}/").status_code == 404
    assert client_for(world.amy).get(f"/inspections/{inspection.pk}/").status_code == 200


def test_notices_reach_the_annual_discussion(world: World) -> None:
    inspection = Inspection.objects.create(organisation=world.acme, visited_on=dt.date(2026, 5, 4))
    Decision.objects.create(
        inspection=inspection,
        kind="deadline",
        about="Forflytninger uden lift",
        deadline=dt.date(2026, 12, 15),
    )
    client = client_for(world.amy)
    client.post("/amo/annual/2026/", {"action": "basis"})
    page = client.get("/amo/annual/2026/").content.decode()
    assert "Påbud med frist: Forflytninger uden lift" in page and "15.12.2026" in page
    workbook = client.get("/amo/annual/2026.xlsx")
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(workbook.content))["Påbud"]
    assert [c.value for c in sheet[2]][:2] == ["Påbud med frist", "Forflytninger uden lift"]
