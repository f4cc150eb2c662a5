"""The AMO's tools: statistics enter only for groups of five or more, problem reports can be
anonymous and are followed by their code, actions reach the reminders, and the documents
export."""

from __future__ import annotations

import datetime as dt
import io
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from naervaer.absence.services import register_sick
from naervaer.amo import services
from naervaer.amo.models import ActionPlan, AnnualDiscussion, ApvProblem, ProblemReport, Process
from tests.conftest import World, client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
D = dt.date
NAMES = ["Alice Andersen", "Bob Bendtsen", "Carol Christensen", "Dave Dalgaard", "Hanne Holm"]


@pytest.fixture
def sick(world: World) -> World:
    register_sick(world.person(world.bob), D(2026, 9, 7), last_day=D(2026, 9, 9), by=world.alice)
    register_sick(
        world.person(world.carol), D(2026, 10, 5), last_day=D(2026, 10, 30), by=world.hanne
    )
    return world


def test_the_snapshot_holds_groups_of_five_or_more_only(sick: World) -> None:
    process = Process.objects.create(organisation=sick.acme, title="Sygefravær", year=2026)
    client = client_for(sick.amy)
    client.post(f"/amo/process/{process.pk}/1/", {"action": "snapshot"})
    process.refresh_from_db()
    snapshot = process.snapshot
    assert snapshot is not None
    assert snapshot["total"]["people"] == 5  # the whole organisation: five people
    assert snapshot["units"] == []  # Pleje (4 people) and Admin (1) are too small
    assert snapshot["left_out"] == 2
    page = client.get(f"/amo/process/{process.pk}/1/").content.decode()
    assert "Hele organisationen" in page
    for name in NAMES:
        assert name not in page


def test_no_page_of_the_amo_tools_names_a_person(sick: World) -> None:
    process = Process.objects.create(organisation=sick.acme, title="Sygefravær", year=2026)
    services.take_snapshot(process, D(2026, 11, 18))
    ActionPlan.objects.create(
        organisation=sick.acme, process=process, challenge="Tunge løft", solution="Lift"
    )
    apv = ApvProblem.objects.create(organisation=sick.acme, title="Tunge løft", unit=sick.nord)
    client = client_for(sick.amy)
    pages = [
        "/amo/",
        *(f"/amo/process/{process.pk}/{n}/" for n in (1, 2, 3, 4)),
        "/amo/roles/",
        f"/amo/apv/{apv.pk}/",
        "/amo/reports/",
        "/amo/annual/2026/",
    ]
    for path in pages:
        html = client.get(path).content.decode()
        for name in NAMES:
            assert name not in html, (path, name)
    text = " ".join(
        p.extract_text()
        for p in PdfReader(io.BytesIO(client.get("/amo/annual/2026.pdf").content)).pages
    )
    assert not any(name in text for name in NAMES)


def test_a_small_units_absence_is_not_attached_to_the_apv(sick: World) -> None:
    apv = ApvProblem.objects.create(organisation=sick.acme, title="Travlhed", unit=sick.nord)
    response = client_for(sick.amy).post(f"/amo/apv/{apv.pk}/", {"action": "evidence"}, follow=True)
    apv.refresh_from_db()
    assert apv.evidence is None
    assert "færre end fem personer" in response.content.decode()
    assert (
        services.unit_evidence(sick.pleje, D(2025, 11, 18), D(2026, 11, 18), D(2026, 11, 18))
        is None
    )


def test_an_anonymous_report_is_followed_by_its_code(world: World) -> None:
    link = services.report_link(world.acme)
    phone = Client()
    response = phone.post(
        f"/report/{link.token}/",
        {"what": "Stigen på lageret er løs", "place": "Lager 2", "reporter_name": ""},
    )
    report = ProblemReport.objects.get()
    assert report.code in response.content.decode()
    assert report.anonymous and report.reporter is None
    assert phone.post("/report/status/", {"code": report.code.lower()}).status_code == 200

    amy = client_for(world.amy)
    refused = amy.post(f"/amo/reports/{report.pk}/", {"state": "closed", "outcome": ""})
    assert "Skriv, hvad der er gjort" in refused.content.decode()
    amy.post(
        f"/amo/reports/{report.pk}/",
        {
            "responsible": world.alice.pk,
            "follow_up_on": "25.11.2026",
            "state": "closed",
            "outcome": "Stigen er skiftet",
        },
    )
    status = phone.get("/report/status/", {"code": report.code.replace("-", "")}).content.decode()
    assert "Løst" in status and "Stigen er skiftet" in status


def test_a_colleague_may_report_with_or_without_their_name(world: World) -> None:
    link = services.report_link(world.acme)
    bob = client_for(world.bob)
    assert bob.get("/report/")["Location"] == f"/report/{link.token}/"
    bob.post(f"/report/{link.token}/", {"what": "Støj", "anonymous": "on"})
    bob.post(f"/report/{link.token}/", {"what": "Træk fra vinduet"})
    anonymous, named = ProblemReport.objects.order_by("pk")
    assert anonymous.reporter is None and named.reporter == world.bob
    # Another organisation's address does not take the report under Acme's name.
    assert ProblemReport.objects.filter(organisation=world.acme).count() == 2


def test_a_complex_report_moves_into_the_apv(world: World) -> None:
    report = ProblemReport.objects.create(
        organisation=world.acme, what="Højt arbejdspres i afdeling X", place="Afd. X"
    )
    response = client_for(world.amy).post(f"/amo/reports/{report.pk}/", {"action": "apv"})
    problem = ApvProblem.objects.get()
    assert response["Location"] == f"/amo/apv/{problem.pk}/"
    report.refresh_from_db()
    assert report.state == "apv" and report.apv_problem == problem
    assert problem.title == "Højt arbejdspres i afdeling X" and problem.place == "Afd. X"


def test_actions_and_report_follow_ups_reach_the_reminders(world: World) -> None:
    world.alice.email = "alice@acme.dk"
    world.alice.save()
    ActionPlan.objects.create(
        organisation=world.acme,
        challenge="For højt arbejdspres i afdeling X",
        solution="Klare prioriteringer",
        responsible=world.alice,
        deadline=D(2026, 11, 20),
        follow_up_on=D(2027, 3, 1),
    )
    ProblemReport.objects.create(
        organisation=world.acme,
        what="Løs stige",
        responsible=world.alice,
        follow_up_on=D(2026, 11, 19),
    )
    call_command("remind", "--date", "2026-11-18", stdout=StringIO())
    body = mail.outbox[0].body
    assert "Handleplan – Frist: For højt arbejdspres" in body
    assert "Løs stige" in body
    assert "Opfølgning" not in body.split("Handlinger")[1].split("Løs stige")[0]  # March is far


def test_the_four_steps_export_as_xlsx_and_pdf(world: World) -> None:
    process = Process.objects.create(organisation=world.acme, title="Sygefravær", year=2026)
    theme = process.themes.create(title="Tunge løft", reach="many", effect="large")
    ActionPlan.objects.create(
        organisation=world.acme,
        process=process,
        theme=theme,
        challenge="Tungere produktionsenheder",
        solution="Truck helt frem",
        responsible_text="Afdelingsleder",
    )
    process.information.create(what="Nye løfteregler", platform="board", frequency="Ugentligt")
    client = client_for(world.hanne)
    book = load_workbook(io.BytesIO(client.get(f"/amo/process/{process.pk}/export.xlsx").content))
    assert book.sheetnames == ["Handleplaner", "Informationsplan"]
    assert book["Handleplaner"]["B2"].value == "Tungere produktionsenheder"
    assert book["Informationsplan"]["D2"].value == "Tavlemøder"
    pdf = client.get(f"/amo/process/{process.pk}/export.pdf").content
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Truck helt frem" in text and "Tavlemøder" in text


def test_the_annual_discussion_is_built_from_the_years_work(world: World) -> None:
    process = Process.objects.create(organisation=world.acme, title="Sygefravær", year=2026)
    ActionPlan.objects.create(
        organisation=world.acme,
        process=process,
        challenge="Stress i Pleje",
        solution="Prioriteringsmøder",
        progress="yes",
        results="Færre sygemeldinger",
        decision="continue",
    )
    ApvProblem.objects.create(organisation=world.acme, title="Indeklima i Admin")
    client = client_for(world.amy)
    client.post(
        "/amo/annual/2026/",
        {"held_on": "01.12.2026", "focus": "Kort sygefravær i Pleje", "next_goals": "Under 5 %"},
    )
    discussion = AnnualDiscussion.objects.get()
    assert discussion.focus == "Kort sygefravær i Pleje"
    assert discussion.basis is not None
    assert discussion.basis["actions"][0]["results"] == "Færre sygemeldinger"
    pdf = client.get("/amo/annual/2026.pdf").content
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Den årlige arbejdsmiljødrøftelse 2026" in text
    assert "Kort sygefravær i Pleje" in text and "Færre sygemeldinger" in text
    assert "Indeklima i Admin" in text


def test_evidence_waits_for_a_unit(world: World) -> None:
    apv = ApvProblem.objects.create(organisation=world.acme, title="Støj i køkkenet")
    response = client_for(world.amy).post(
        f"/amo/apv/{apv.pk}/", {"action": "evidence"}, follow=True
    )
    apv.refresh_from_db()
    assert apv.evidence is None
    assert "Vælg enheden først." in response.content.decode()


def test_an_apv_problem_is_saved_for_the_amos_own_organisation(world: World) -> None:
    response = client_for(world.amy).post(
        "/amo/apv/",
        {"title": "Tunge løft", "unit": world.nord.pk, "priority": "high", "state": "open"},
    )
    saved = ApvProblem.objects.get(title="Tunge løft")
    assert response.status_code == 302 and response["Location"] == f"/amo/apv/{saved.pk}/"
    assert (saved.organisation_id, saved.unit_id, saved.priority) == (
        world.acme.pk,
        world.nord.pk,
        "high",
    )
    # HR of another organisation cannot open it: forbidden looks like missing.
    assert client_for(world.olga).get(f"/amo/apv/{saved.pk}/").status_code == 404
