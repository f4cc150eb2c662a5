"""E-mail: the invitation to the sickness-absence conversation, the minutes, notices of steps,
and who may read the sent mails (TODAY is Wednesday 18 November 2026).

bob (Pleje/Nord) is sick from 2 November; alice leads Nord, dave leads Pleje above her, hanne is
HR, carol a colleague in Syd; oscar and olga are in another organisation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core import mail as outbox
from pytest_django import Settings

from naervaer.absence.services import register_sick
from naervaer.audit.models import AuditEvent
from naervaer.followup.models import Case, Conversation
from naervaer.followup.services import record_conversation
from naervaer.mail.models import SentMail
from naervaer.people.models import User
from tests.conftest import World, client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
D = dt.date

INVITATION = {
    "at": "2026-11-24T10:00",
    "form": "in_person",
    "place": "Mødelokale 2, Nordvej 3",
    "note": "Ring, hvis du hellere vil mødes et andet sted.",
}


@pytest.fixture(autouse=True)
def addresses(world: World) -> None:
    for user in (world.alice, world.bob, world.carol, world.dave, world.hanne, world.olga):
        user.email = f"{user.username}@example.dk"
        user.save(update_fields=["email"])


@pytest.fixture
def case(world: World) -> Case:
    register_sick(world.person(world.bob), D(2026, 11, 2), by=world.alice)
    return Case.objects.get()


def test_the_invitation_says_when_where_the_four_topics_and_the_companion(
    world: World, case: Case
) -> None:
    response = client_for(world.alice).post(f"/cases/{case.pk}/invite/", INVITATION)
    assert response.status_code == 302
    [message] = outbox.outbox
    assert message.to == ["bob@example.dk"]
    assert message.subject == "Indkaldelse til sygefraværssamtale den 24.11.2026 kl. 10:00"
    body = message.body
    for expected in (
        "Kære Bob Bendtsen",
        "tirsdag 24. november 2026, 10:00",
        "Personligt",
        "Mødelokale 2, Nordvej 3",
        # The four topics of the law on health information, and nothing about the illness.
        "hvor længe du forventer at være fraværende",
        "hvilke opgaver du kan løse helt eller delvis",
        "om forhold på arbejdspladsen medvirker til dit fravær",
        "hvad arbejdspladsen kan gøre for at hjælpe dig hurtigt og varigt tilbage",
        "Du bliver ikke spurgt om din sygdom eller en diagnose",
        "bisidder",
        "sygedagpengelovens § 7 a",
        "senest 4 uger efter første fraværsdag",
        "Ring, hvis du hellere vil mødes et andet sted.",
        "Alice",
        "Acme Kommune",
    ):
        assert expected in body, expected
    # The date the follow-up plans the conversation by (the rules engine's, whatever it is).
    due = case.obligations.get(code="absence_conversation").due
    assert f"planlægger den til senest {due:%d.%m.%Y}" in body
    sent = SentMail.objects.get()
    assert (sent.kind, sent.person, sent.case, sent.sent_by, sent.status) == (
        "invitation",
        case.person,
        case,
        world.alice,
        "sent",
    )
    assert AuditEvent.objects.filter(detail="e-mail: invitation", subjects=case.person).exists()
    # The case page lists it.
    page = client_for(world.alice).get(f"/cases/{case.pk}/").content.decode()
    assert "Indkaldelse til sygefraværssamtale den 24.11.2026" in page


@pytest.mark.parametrize(("who", "status"), [("hanne", 302), ("dave", 302)])
def test_hr_and_the_manager_above_may_invite(
    world: World, case: Case, who: str, status: int
) -> None:
    response = client_for(getattr(world, who)).post(f"/cases/{case.pk}/invite/", INVITATION)
    assert response.status_code == status
    assert len(outbox.outbox) == 1


@pytest.mark.parametrize(
    ("who", "status"),
    [("bob", 403), ("carol", 404), ("amy", 404), ("adam", 404), ("olga", 404), ("cate", 404)],
)
def test_others_may_not_invite(world: World, case: Case, who: str, status: int) -> None:
    user: User = getattr(world, who)
    assert client_for(user).post(f"/cases/{case.pk}/invite/", INVITATION).status_code == status
    assert outbox.outbox == [] and not SentMail.objects.exists()


def test_a_time_in_the_past_is_refused(world: World, case: Case) -> None:
    response = client_for(world.alice).post(
        f"/cases/{case.pk}/invite/", {**INVITATION, "at": "2026-11-17T10:00"}
    )
    assert response.status_code == 200
    assert "Vælg et tidspunkt i fremtiden." in response.content.decode()
    assert outbox.outbox == []


def test_an_employee_without_an_address_is_explained_and_nothing_is_lost(
    world: World, case: Case
) -> None:
    world.bob.email = ""
    world.bob.save(update_fields=["email"])
    response = client_for(world.alice).post(f"/cases/{case.pk}/invite/", INVITATION)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bob Bendtsen har ingen mailadresse i Nærvær" in page
    assert "Mødelokale 2, Nordvej 3" in page  # the form keeps what was typed
    assert outbox.outbox == [] and not SentMail.objects.exists()


def test_the_minutes_go_to_the_employee(world: World, case: Case) -> None:
    conversation = record_conversation(
        case,
        case.person,
        {
            "kind": Conversation.Kind.ABSENCE,
            "held_on": D(2026, 11, 16),
            "form": Conversation.Form.PHONE,
            "participants": "Bob og Alice",
            "expected_duration": "Ca. 3 uger",
            "functions": "Kan lave dokumentation hjemmefra",
            "workplace_factors": "Tunge løft om morgenen",
            "support": "Dagvagter i en periode",
        },
        world.alice,
    )
    response = client_for(world.alice).post(f"/conversations/{conversation.pk}/send-minutes/")
    assert response.status_code == 302
    [message] = outbox.outbox
    assert message.to == ["bob@example.dk"]
    assert message.subject == "Referat af sygefraværssamtale den 16.11.2026"
    for expected in (
        "Ca. 3 uger",
        "Kan lave dokumentation hjemmefra",
        "Tunge løft om morgenen",
        "Dagvagter i en periode",
        "Telefon",
    ):
        assert expected in message.body
    assert SentMail.objects.get().kind == "minutes"
    # Only those who follow up bob's absence send his minutes.
    for user, status in ((world.bob, 403), (world.carol, 404), (world.olga, 404)):
        url = f"/conversations/{conversation.pk}/send-minutes/"
        assert client_for(user).post(url).status_code == status
    assert len(outbox.outbox) == 1


def test_hr_registering_an_absence_tells_the_manager_her_steps(world: World) -> None:
    bob = world.person(world.bob)
    response = client_for(world.hanne).post(
        f"/people/{bob.pk}/sick/",
        {"first_day": "2026-11-17", "percent": "100", "kind": "sickness", "reported_via": "phone"},
    )
    assert response.status_code == 302
    [message] = outbox.outbox
    assert message.to == ["alice@example.dk"]
    due = Case.objects.get().obligations.get(code="absence_conversation").due
    assert f"{due:%d.%m.%Y}  Sygefraværssamtale" in message.body
    assert SentMail.objects.get().kind == "steps"


def test_a_manager_registering_is_not_told_what_she_did(world: World) -> None:
    bob = world.person(world.bob)
    client_for(world.alice).post(
        f"/people/{bob.pk}/sick/",
        {"first_day": "2026-11-17", "percent": "100", "kind": "sickness", "reported_via": "phone"},
    )
    assert outbox.outbox == []


def test_the_sent_mails_each_may_read(world: World, case: Case) -> None:
    client_for(world.alice).post(f"/cases/{case.pk}/invite/", INVITATION)
    client_for(world.carol).post("/me/sick/", {"first_day": "2026-11-18"})  # dave is told
    invitation = SentMail.objects.get(kind="invitation")
    notice = SentMail.objects.get(kind="self_report")

    def listed(user: User) -> set[int]:
        page = client_for(user).get("/mail/")
        assert page.status_code == 200
        return {m.pk for m in page.context["page"]}

    assert listed(world.hanne) == {invitation.pk, notice.pk}  # HR: the organisation's
    assert listed(world.alice) == {invitation.pk}  # what she sent
    assert listed(world.bob) == {invitation.pk}  # what he received
    assert listed(world.dave) == {notice.pk}
    assert listed(world.carol) == {notice.pk}  # her report sent it
    assert listed(world.adam) == set()  # an administrator sees no one's absence
    assert listed(world.amy) == set()
    assert listed(world.olga) == set()  # another organisation

    assert client_for(world.bob).get(f"/mail/{invitation.pk}/").status_code == 200
    assert "Mødelokale 2" in client_for(world.bob).get(f"/mail/{invitation.pk}/").content.decode()
    for user in (world.carol, world.adam, world.olga, world.dave):
        assert client_for(user).get(f"/mail/{invitation.pk}/").status_code == 404
    reads = AuditEvent.objects.filter(detail="sent e-mail", subjects=case.person)
    assert reads.filter(actor=world.bob).exists()


def test_sent_mails_go_with_the_absence(world: World, case: Case) -> None:
    """A mail holds absence data: it is deleted with the case (retention deletes absence)."""
    client_for(world.alice).post(f"/cases/{case.pk}/invite/", INVITATION)
    case.spell.delete()
    assert not SentMail.objects.exists()


def test_the_demo_writes_mails_to_a_folder(
    world: World, case: Case, settings: Settings, tmp_path: Path
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    client_for(world.alice).post(f"/cases/{case.pk}/invite/", INVITATION)
    [written] = list((tmp_path / "mail").iterdir())
    assert "bob@example.dk" in written.read_text()
