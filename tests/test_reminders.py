"""``naervaer remind`` and the iCalendar feed (TODAY is Wednesday 18 November 2026)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from icalendar import Calendar
from pytest_django import Settings

from naervaer.absence.services import register_sick
from naervaer.audit.models import Action, AuditEvent
from naervaer.followup import calendar_feed
from naervaer.followup import views as followup_views
from naervaer.followup.agenda import AgendaItem
from naervaer.followup.calendar_feed import KeptCalendars, feed_for
from naervaer.followup.models import AbsencePolicy, CalendarFeed, Case
from naervaer.followup.services import mark_done
from naervaer.rules.obligations import Code
from tests.conftest import World, client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
D = dt.date


@pytest.fixture
def sick(world: World) -> World:
    # Bob since Fri 23 Oct: conversation due 23 Oct + 28 = Fri 20 Nov. Carol since Mon 12 Oct:
    # conversation due 9 Nov (overdue), report due 12 Oct + 35 = 16 Nov (overdue).
    register_sick(world.person(world.bob), D(2026, 10, 23), by=world.alice)
    register_sick(world.person(world.carol), D(2026, 10, 12), by=world.hanne)
    for user, address in ((world.alice, "alice@acme.dk"), (world.dave, "dave@acme.dk")):
        user.email = address
        user.save()
    world.hanne.email = "hanne@acme.dk"
    world.hanne.save()
    world.bob.email = "bob@acme.dk"
    world.bob.save()
    return world


def remind(*argv: str) -> str:
    out = StringIO()
    call_command("remind", *argv, stdout=out)
    return out.getvalue()


def test_each_manager_and_hr_gets_one_digest(settings: Settings, sick: World) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert remind().strip().endswith("3 reminder(s) sent.")
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {"alice@acme.dk", "dave@acme.dk", "hanne@acme.dk"}  # not Bob

    alice = by_recipient["alice@acme.dk"]
    assert alice.subject == "Nærvær: 1 frist"
    assert "20.11.2026  Sygefraværssamtale – Bob Bendtsen" in alice.body
    assert "Carol" not in alice.body  # not in Alice's unit

    dave = by_recipient["dave@acme.dk"]  # head of Pleje: Bob and Carol
    assert "(1 overskredet)" in dave.subject or "(2 overskredet)" in dave.subject
    assert "09.11.2026 (overskredet)  Sygefraværssamtale – Carol Christensen" in dave.body

    hanne = by_recipient["hanne@acme.dk"]
    assert "16.11.2026 (overskredet)  Anmeld fraværet til kommunen (refusion) – Carol" in hanne.body
    assert "Sygefraværssamtale" not in hanne.body  # the managers' step
    assert "http://127.0.0.1:8000/cases/" in hanne.body


def test_nothing_due_means_no_mail(settings: Settings, world: World) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    world.alice.email = "alice@acme.dk"
    world.alice.save()
    assert "0 reminder(s) sent." in remind()
    assert mail.outbox == []


def test_the_policy_can_turn_manager_reminders_off(settings: Settings, sick: World) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    AbsencePolicy.objects.create(organisation=sick.acme, remind_managers=False)
    remind()
    assert [m.to[0] for m in mail.outbox] == ["hanne@acme.dk"]


def test_dry_run_sends_nothing(settings: Settings, sick: World) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    out = remind("--dry-run")
    assert "To alice@acme.dk" in out and mail.outbox == []


def test_the_calendar_feed_is_valid_icalendar(client: Client, sick: World) -> None:
    feed = feed_for(sick.dave)
    response = client.get(f"/calendar/{feed.token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert "Sygefraværssamtale – CC" in events and "Sygefraværssamtale – BB" in events
    bob = events["Sygefraværssamtale – BB"]
    assert bob.decoded("dtstart") == D(2026, 11, 20) and bob.decoded("dtend") == D(2026, 11, 21)
    assert "Bendtsen" not in response.content.decode()  # initials only
    for event in calendar.walk("VEVENT"):
        assert event["uid"] and event["dtstamp"]
    assert AuditEvent.objects.filter(action=Action.API_READ, detail="calendar feed").exists()


def test_a_feed_fetched_again_is_built_again_only_when_a_step_changes(
    client: Client, sick: World, monkeypatch: pytest.MonkeyPatch, settings: Settings
) -> None:
    built: list[int] = []
    build = calendar_feed.build_calendar

    def counted(*args: object, **kwargs: object) -> bytes:
        built.append(1)
        return build(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(calendar_feed, "build_calendar", counted)
    monkeypatch.setattr(followup_views, "kept_calendars", KeptCalendars(limit=1_000_000))
    path = f"/calendar/{feed_for(sick.dave).token}.ics"
    first = client.get(path).content
    assert client.get(path).content == first and len(built) == 1
    # Each fetch is still a read of the steps, audited with the people in it.
    assert AuditEvent.objects.filter(action=Action.API_READ, detail="calendar feed").count() == 2

    bobs = Case.objects.get(person=sick.person(sick.bob))
    mark_done(bobs, Code.ABSENCE_CONVERSATION, D(2026, 11, 18), sick.alice)
    after = Calendar.from_ical(client.get(path).content)
    assert len(built) == 2
    assert "Sygefraværssamtale – BB" not in {str(e["summary"]) for e in after.walk("VEVENT")}
    settings.BASE_URL, settings.BASE_URL_CONFIGURED = "https://naervaer.example", True
    assert b"https://naervaer.example/cases/" in client.get(path).content
    assert len(built) == 3  # another address is another text


def _item(n: int, title: str = "Sygefraværssamtale – AB") -> AgendaItem:
    return AgendaItem(uid=f"step-{n}", title=title, due=D(2026, 12, n), path=f"/cases/{n}/")


def test_kept_calendars_rebuild_on_any_change_and_stay_within_their_limit() -> None:
    stamp, later = (
        dt.datetime(2026, 11, 18, 8, tzinfo=dt.UTC),
        dt.datetime(2026, 11, 19, tzinfo=dt.UTC),
    )
    kept = KeptCalendars(limit=10_000)
    one = kept.text(1, [_item(1)], "https://a", stamp)
    assert kept.text(1, [_item(1)], "https://a", later) is one  # the stamp is when it was built
    for changed in ([_item(1, "Opfølgning – AB")], [_item(2)], [_item(1), _item(2)], []):
        assert kept.text(1, changed, "https://a", later) != one
    assert kept.text(1, [_item(1)], "https://b", later) != kept.text(
        1, [_item(1)], "https://a", later
    )

    size = len(kept.text(2, [_item(1)], "https://a", stamp))
    small = KeptCalendars(limit=2 * size)
    texts = {user: small.text(user, [_item(1)], "https://a", stamp) for user in (1, 2, 3)}
    assert small.text(3, [_item(1)], "https://a", later) is texts[3]  # the latest two are kept
    assert small.text(2, [_item(1)], "https://a", later) is texts[2]
    assert small.text(1, [_item(1)], "https://a", later) is not texts[1]  # the oldest went
    assert KeptCalendars(limit=size - 1).text(1, [_item(1)], "https://a", stamp) == texts[1]


def test_a_wrong_or_renewed_token_gets_nothing(client: Client, sick: World) -> None:
    feed = feed_for(sick.dave)
    old = feed.token
    assert client.get("/calendar/not-a-token.ics").status_code == 404
    client_for(sick.dave).post("/me/calendar/")
    assert CalendarFeed.objects.get(user=sick.dave).token != old
    assert client.get(f"/calendar/{old}.ics").status_code == 404


def test_a_deactivated_user_feed_stops(client: Client, sick: World) -> None:
    feed = feed_for(sick.dave)
    sick.dave.is_active = False
    sick.dave.save()
    assert client.get(f"/calendar/{feed.token}.ics").status_code == 404


@pytest.mark.parametrize("persona", ["alice", "hanne", "bob", "amy"])
def test_everyone_in_an_organisation_has_a_calendar_page(world: World, persona: str) -> None:
    # Managers and HR have follow-up steps; anyone can be responsible for an action from the
    # dialogue tool or an AMO plan.
    assert client_for(getattr(world, persona)).get("/me/calendar/").status_code == 200
