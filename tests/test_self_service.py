"""Employees report themselves sick and well (TODAY is Wednesday 18 November 2026).

bob works in Pleje/Nord, led by alice; dave leads Pleje above her. Only oneself, nothing
medical, not in the future, not overlapping, and the manager is told."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest
from django.core import mail as outbox
from django.core.mail import EmailMessage
from django.test import Client
from pytest_django import Settings

from naervaer.absence.models import AbsenceSpell, ReportedVia
from naervaer.absence.services import register_sick
from naervaer.followup.models import Case, Obligation
from naervaer.mail.models import SentMail
from naervaer.people.models import User
from tests.conftest import ClientResponse, World, client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
D = dt.date


@pytest.fixture(autouse=True)
def addresses(world: World) -> None:
    for user in (world.alice, world.bob, world.dave, world.hanne, world.olga, world.oscar):
        user.email = f"{user.username}@example.dk"
        user.save(update_fields=["email"])


def errors(response: ClientResponse) -> str:
    return " ".join(response.context["form"].non_field_errors())


def test_an_employee_reports_sick_and_the_case_starts(world: World) -> None:
    client = client_for(world.bob)
    response = client.post("/me/sick/", {"first_day": "2026-11-18"})
    assert response.status_code == 302
    spell = AbsenceSpell.objects.get(person=world.person(world.bob))
    assert (spell.first_day, spell.last_day) == (D(2026, 11, 18), None)
    assert spell.reported_via == ReportedVia.SELF_SERVICE
    assert spell.registered_by == world.bob
    assert [d.percent for d in spell.degrees.all()] == [100]
    # The follow-up starts as for any absence: the conversation by 4 weeks after day 1 (+28).
    case = Case.objects.get(person=world.person(world.bob))
    conversation = Obligation.objects.get(case=case, code="absence_conversation")
    assert conversation.state == "open"


def test_the_nearest_manager_is_told_by_mail_with_her_steps(world: World) -> None:
    client_for(world.bob).post("/me/sick/", {"first_day": "2026-11-17"})
    assert [m.to for m in outbox.outbox] == [["alice@example.dk"]]  # not dave, not HR
    message = outbox.outbox[0]
    assert "Bob Bendtsen" in message.subject and "17.11.2026" in message.subject
    assert "Sygefraværssamtale" in message.body
    assert "sygdom" in message.body  # "do not ask about the illness"
    sent = SentMail.objects.get()
    assert (sent.kind, sent.recipient_user, sent.sent_by, sent.status) == (
        "self_report",
        world.alice,
        world.bob,
        "sent",
    )


def test_the_manager_sees_the_self_report_on_her_front_page(world: World) -> None:
    client_for(world.bob).post("/me/sick/", {"first_day": "2026-11-18"})
    page = client_for(world.alice).get("/").content.decode()
    assert 'id="self-reports"' in page and "Bob Bendtsen" in page
    # carol's manager is dave; alice does not lead Syd, so carol's report is not on her page.
    client_for(world.carol).post("/me/sick/", {"first_day": "2026-11-18"})
    assert "Carol Christensen" not in client_for(world.alice).get("/").content.decode()
    assert "Carol Christensen" in client_for(world.dave).get("/").content.decode()


def test_an_employee_reports_well_again(world: World) -> None:
    client = client_for(world.bob)
    client.post("/me/sick/", {"first_day": "2026-11-16"})
    outbox.outbox.clear()
    response = client.post("/me/well/", {"back_on": "2026-11-19"})
    assert response.status_code == 302
    spell = AbsenceSpell.objects.get(person=world.person(world.bob))
    assert spell.last_day == D(2026, 11, 18)
    assert [m.to for m in outbox.outbox] == [["alice@example.dk"]]
    assert "19.11.2026" in outbox.outbox[0].subject


def test_a_short_range_already_over_is_one_report(world: World) -> None:
    client_for(world.bob).post("/me/sick/", {"first_day": "2026-11-16", "last_day": "2026-11-17"})
    spell = AbsenceSpell.objects.get(person=world.person(world.bob))
    assert (spell.first_day, spell.last_day) == (D(2026, 11, 16), D(2026, 11, 17))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"first_day": "2026-11-19"}, "fra i dag"),  # the future
        ({"first_day": "2026-11-10"}, "mere end 7 dage"),  # too far back: the manager's job
        ({"first_day": "2026-11-16", "last_day": "2026-11-20"}, "højst være i dag"),
        ({"first_day": "2026-11-17", "last_day": "2026-11-16"}, "før første dag"),
    ],
)
def test_misuse_is_refused_with_a_danish_error(
    world: World, data: dict[str, str], message: str
) -> None:
    response = client_for(world.bob).post("/me/sick/", data)
    assert response.status_code == 200
    assert message in errors(response)
    assert not AbsenceSpell.objects.exists() and outbox.outbox == []


def test_a_report_overlapping_a_registered_absence_is_refused(world: World) -> None:
    register_sick(
        world.person(world.bob), D(2026, 11, 10), last_day=D(2026, 11, 12), by=world.alice
    )
    response = client_for(world.bob).post("/me/sick/", {"first_day": "2026-11-12"})
    assert "overlapper" in errors(response)
    assert AbsenceSpell.objects.count() == 1


def test_an_ongoing_absence_offers_only_well_again(world: World) -> None:
    client = client_for(world.bob)
    client.post("/me/sick/", {"first_day": "2026-11-18"})
    page = client.get("/me/sick/").content.decode()
    assert "allerede meldt syg" in page
    assert client.post("/me/sick/", {"first_day": "2026-11-18"}).status_code == 200
    assert AbsenceSpell.objects.count() == 1


@pytest.mark.parametrize(
    ("back_on", "message"),
    [("2026-11-18", "efter første fraværsdag"), ("2026-11-20", "senest fra i morgen")],
)
def test_well_again_is_checked(world: World, back_on: str, message: str) -> None:
    client = client_for(world.bob)
    client.post("/me/sick/", {"first_day": "2026-11-18"})
    response = client.post("/me/well/", {"back_on": back_on})
    assert message in errors(response)
    assert AbsenceSpell.objects.get().last_day is None


def test_well_again_without_an_absence_changes_nothing(world: World) -> None:
    response = client_for(world.bob).post("/me/well/", {"back_on": "2026-11-18"})
    assert response.status_code == 200
    assert "ikke meldt syg" in response.content.decode()


def test_the_self_service_pages_report_only_oneself(world: World) -> None:
    """There is no person id to change: a posted one is ignored, and bob's report is bob's."""
    carol = world.person(world.carol)
    client_for(world.bob).post("/me/sick/", {"first_day": "2026-11-18", "person": carol.pk})
    assert not AbsenceSpell.objects.filter(person=carol).exists()
    assert AbsenceSpell.objects.get().person == world.person(world.bob)


@pytest.mark.parametrize("who", ["amy", "adam", "cate"])
def test_users_who_are_not_employees_cannot_report(world: World, who: str) -> None:
    user: User = getattr(world, who)
    client = client_for(user)
    assert client.get("/me/sick/").status_code == 403
    assert client.post("/me/sick/", {"first_day": "2026-11-18"}).status_code == 403
    assert client.post("/me/well/", {"back_on": "2026-11-18"}).status_code == 403
    assert not AbsenceSpell.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in() -> None:
    response = Client().post("/me/sick/", {"first_day": "2026-11-18"})
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_another_organisation_is_told_nothing(world: World) -> None:
    client_for(world.oscar).post("/me/sick/", {"first_day": "2026-11-18"})
    assert [m.to for m in outbox.outbox] == [["olga@example.dk"]]
    assert "Oscar Olsen" not in client_for(world.alice).get("/").content.decode()
    assert "Oscar Olsen" not in client_for(world.hanne).get("/").content.decode()


def test_a_manager_reporting_sick_tells_the_manager_above(world: World) -> None:
    client_for(world.alice).post("/me/sick/", {"first_day": "2026-11-18"})
    assert [m.to for m in outbox.outbox] == [["dave@example.dk"]]


def test_a_manager_without_an_address_still_sees_it(world: World) -> None:
    world.alice.email = ""
    world.alice.save(update_fields=["email"])
    response = client_for(world.bob).post("/me/sick/", {"first_day": "2026-11-18"}, follow=True)
    assert outbox.outbox == []
    assert "Din leder kan se det i Nærvær" in response.content.decode()
    assert "Bob Bendtsen" in client_for(world.alice).get("/").content.decode()


def test_a_mail_server_that_is_down_does_not_lose_the_report(
    world: World, settings: Settings
) -> None:
    settings.EMAIL_BACKEND = "tests.test_self_service.BrokenBackend"
    response = client_for(world.bob).post("/me/sick/", {"first_day": "2026-11-18"})
    assert response.status_code == 302
    assert AbsenceSpell.objects.filter(reported_via="self_service").count() == 1
    assert SentMail.objects.get().status == "failed"


class BrokenBackend:
    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def send_messages(self, messages: Sequence[EmailMessage]) -> int:
        raise OSError("Connection refused")
