"""The work-accident register: who may see and change what, the report deadline on the page
and in the reminders, round-table meetings, and the AMO's view without names."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from naervaer.absence.models import Kind
from naervaer.absence.services import register_return, register_sick
from naervaer.audit.models import Action, AuditEvent
from naervaer.followup.agenda import items_for
from naervaer.workinjury.models import RoundTableMeeting, WorkAccident
from tests.conftest import World, client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def accident_for_bob(world: World, **fields: object) -> WorkAccident:
    values: dict[str, object] = {
        "organisation": world.acme,
        "happened_on": dt.date(2026, 11, 2),
        "unit": world.nord,
        "person": world.person(world.bob),
        "what_happened": "Gled på vådt gulv ved vaskerummet",
        "absent_days_beyond": 3,
    }
    values.update(fields)
    return WorkAccident.objects.create(**values)


def test_a_manager_registers_an_accident_from_the_absence(world: World) -> None:
    bob = world.person(world.bob)
    spell = register_sick(bob, dt.date(2026, 11, 9), by=world.alice, kind=Kind.WORK_ACCIDENT)
    client = client_for(world.alice)
    page = client.get(f"/injuries/new/?spell={spell.pk}").content.decode()
    assert "Bob Bendtsen" in page and 'value="2026-11-09"' in page
    response = client.post(
        "/injuries/new/",
        {
            "spell": spell.pk,
            "kind": "accident",
            "happened_on": "2026-11-09",
            "unit": world.nord.pk,
            "person": bob.pk,
            "what_happened": "Løftede en borger alene, fordi liften var i stykker",
            "cause": "Liften var ikke repareret",
        },
    )
    assert response.status_code == 302
    accident = WorkAccident.objects.get()
    assert accident.spell == spell and accident.registered_by == world.alice
    # Absent from 10 Nov (the day after) to today 18 Nov: 9 days; due 10 Nov + 14 = 24 Nov.
    report = accident.report(dt.date(2026, 11, 18))
    assert report is not None and report.required and report.due == dt.date(2026, 11, 24)
    page = client.get(f"/injuries/{accident.pk}/").content.decode()
    assert "24.11.2026" in page
    assert AuditEvent.objects.filter(action=Action.RECORD_ACCIDENT, subjects=bob).exists()
    assert AuditEvent.objects.filter(action=Action.VIEW_ACCIDENT, subjects=bob).exists()


def test_absence_on_the_day_of_injury_only_needs_no_report(world: World) -> None:
    bob = world.person(world.bob)
    spell = register_sick(bob, dt.date(2026, 11, 9), by=world.alice, kind=Kind.WORK_ACCIDENT)
    register_return(spell, dt.date(2026, 11, 10), by=world.alice)  # back the next day
    accident = accident_for_bob(world, happened_on=dt.date(2026, 11, 9), spell=spell)
    report = accident.report(dt.date(2026, 11, 18))
    assert report is not None and not report.required


def test_overdue_reports_are_marked_and_reach_the_reminders(world: World) -> None:
    # 2 Nov, absent 3 days: first absence day 3 Nov, due 17 Nov; today is 18 Nov.
    accident = accident_for_bob(world)
    page = client_for(world.hanne).get("/injuries/").content.decode()
    assert "Bob Bendtsen" in page and "17.11.2026" in page and "1 anmeldelse er overskredet" in page
    items = [i for i in items_for(world.alice) if i.uid.startswith("work-accident")]
    assert [(i.due, i.path) for i in items] == [
        (dt.date(2026, 11, 17), f"/injuries/{accident.pk}/")
    ]
    assert "Bob" not in items[0].title  # calendar titles never name the employee
    assert [i.uid for i in items_for(world.amy) if i.uid.startswith("work-accident")] == []
    accident.reported_on = dt.date(2026, 11, 16)
    accident.save()
    assert [i for i in items_for(world.alice) if i.uid.startswith("work-accident")] == []


def test_the_amo_sees_what_happened_but_not_who(world: World) -> None:
    accident = accident_for_bob(world)
    RoundTableMeeting.objects.create(
        accident=accident, held_on=dt.date(2026, 11, 16), agreed_plan="Lettere opgaver i 4 uger"
    )
    client = client_for(world.amy)
    register = client.get("/injuries/").content.decode()
    detail = client.get(f"/injuries/{accident.pk}/").content.decode()
    for page in (register, detail):
        assert "Gled på vådt gulv" in page
        assert "Bob" not in page
    assert "Lettere opgaver" not in detail  # the round-table plan is about the person
    assert client.get(f"/injuries/{accident.pk}/edit/").status_code == 403
    assert client.post(f"/injuries/{accident.pk}/", {"held_on": "2026-11-18"}).status_code == 403
    assert not AuditEvent.objects.filter(action=Action.VIEW_ACCIDENT).exists()


def test_a_manager_sees_only_their_units_and_people(world: World) -> None:
    nord = accident_for_bob(world)
    syd = WorkAccident.objects.create(
        organisation=world.acme,
        happened_on=dt.date(2026, 11, 3),
        unit=world.syd,
        person=world.person(world.carol),
        what_happened="Klemt finger i døren",
    )
    alice = client_for(world.alice)
    assert alice.get(f"/injuries/{syd.pk}/").status_code == 404
    assert "Klemt finger" not in alice.get("/injuries/").content.decode()
    assert alice.get(f"/injuries/{nord.pk}/").status_code == 200
    dave = client_for(world.dave)  # leads Pleje: both
    assert dave.get(f"/injuries/{syd.pk}/").status_code == 200
    assert client_for(world.olga).get(f"/injuries/{nord.pk}/").status_code == 404
    assert client_for(world.bob).get("/injuries/").status_code == 403


def test_a_manager_cannot_register_for_someone_they_do_not_lead(world: World) -> None:
    response = client_for(world.alice).post(
        "/injuries/new/",
        {
            "kind": "accident",
            "happened_on": "2026-11-09",
            "unit": world.syd.pk,
            "person": world.person(world.carol).pk,
            "what_happened": "x",
        },
    )
    assert response.status_code == 200  # the form again, with errors
    assert not WorkAccident.objects.exists()


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"kind": "near_miss", "person": "bob"}, "Et nærved-uheld"),
        ({"kind": "accident", "person": ""}, "Vælg den medarbejder"),
        ({"happened_on": "2026-11-19"}, "før den er sket"),
    ],
)
def test_bad_input_is_explained_in_danish(world: World, fields: dict[str, str], error: str) -> None:
    data = {
        "kind": "accident",
        "happened_on": "2026-11-09",
        "unit": str(world.nord.pk),
        "person": str(world.person(world.bob).pk),
        "what_happened": "Faldt på trappen",
    }
    data.update(fields)
    if data.get("person") == "bob":
        data["person"] = str(world.person(world.bob).pk)
    page = client_for(world.hanne).post("/injuries/new/", data).content.decode()
    assert error in page
    assert not WorkAccident.objects.exists()


def test_a_round_table_meeting_and_its_follow_up(world: World) -> None:
    accident = accident_for_bob(world)
    client = client_for(world.hanne)
    response = client.post(
        f"/injuries/{accident.pk}/",
        {
            "held_on": "2026-11-18",
            "with_employee": "on",
            "with_municipality": "on",
            "with_union": "on",
            "with_insurer": "on",
            "agreed_plan": "Kontoropgaver 20 timer om ugen i fire uger, derefter fuld tid",
            "follow_up_on": "2026-12-16",
            "responsible": world.alice.pk,
        },
    )
    assert response.status_code == 302
    meeting = RoundTableMeeting.objects.get()
    with translation.override("da"):
        assert meeting.participants == [
            "medarbejderen",
            "kommunen",
            "fagforeningen",
            "forsikringsselskabet",
        ]
    items = [i for i in items_for(world.alice) if i.uid.startswith("round-table")]
    assert [i.due for i in items] == [dt.date(2026, 12, 16)]
    bad = client.post(
        f"/injuries/{accident.pk}/",
        {"held_on": "2026-11-18", "agreed_plan": "x", "follow_up_on": "2026-11-01"},
    )
    assert bad.status_code == 400
    assert RoundTableMeeting.objects.count() == 1


def test_the_person_page_leads_from_a_work_accident_absence_to_its_accident(world: World) -> None:
    bob = world.person(world.bob)
    spell = register_sick(bob, dt.date(2026, 11, 9), by=world.alice, kind=Kind.WORK_ACCIDENT)
    client = client_for(world.alice)
    page = client.get(f"/people/{bob.pk}/").content.decode()
    assert f"/injuries/new/?spell={spell.pk}" in page
    accident = accident_for_bob(world, happened_on=dt.date(2026, 11, 9), spell=spell)
    page = client.get(f"/people/{bob.pk}/").content.decode()
    assert f"/injuries/{accident.pk}/" in page and "?spell=" not in page


def test_an_accident_is_linked_into_the_amos_apv(world: World) -> None:
    from naervaer.amo.models import ApvProblem

    problem = ApvProblem.objects.create(organisation=world.acme, title="Glatte gulve i vaskerum")
    accident = accident_for_bob(world)
    response = client_for(world.hanne).post(
        f"/injuries/{accident.pk}/edit/",
        {
            "kind": "accident",
            "happened_on": "2026-11-02",
            "unit": world.nord.pk,
            "person": world.person(world.bob).pk,
            "what_happened": accident.what_happened,
            "absent_days_beyond": "3",
            "apv_problem": problem.pk,
        },
    )
    assert response.status_code == 302
    accident.refresh_from_db()
    assert accident.apv_problem == problem
    page = client_for(world.amy).get(f"/injuries/{accident.pk}/").content.decode()
    assert f"/amo/apv/{problem.pk}/" in page and "Glatte gulve i vaskerum" in page
