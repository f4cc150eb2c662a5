"""A dialogue meeting from the leader's screen and the groups' phones: joining by code without
an account, rating, the live board with the lowest-rated cards first, own cards, the follow-up
scheme in the reminders and calendar, the results as PDF, and the comparison with last time."""

from __future__ import annotations

import datetime as dt
import io
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from pypdf import PdfReader

from naervaer.dialogue import services
from naervaer.dialogue.models import FollowUp, Meeting, Rating
from naervaer.followup.calendar_feed import feed_for
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db
D = dt.date


def make_meeting(world: World, **fields: object) -> Meeting:
    values = {"title": "Bæredygtigt arbejdsmiljø", "held_on": D(2026, 11, 20), **fields}
    return services.create_meeting(world.acme, world.amy, groups=3, **values)


def device(meeting: Meeting, group: int) -> str:
    """A phone at the table joins by the code and picks its group, without logging in; it
    then rates at the group's own address, which this returns."""
    phone = Client()
    response = phone.post("/d/", {"code": meeting.join_code.lower()})
    assert response["Location"] == f"/d/{meeting.join_code}/"
    the_group = meeting.groups.all()[group]
    chosen = phone.post(f"/d/{meeting.join_code}/", {"group": the_group.pk})
    assert chosen["Location"] == f"/d/{meeting.join_code}/{the_group.key}/"
    return str(chosen["Location"])


def rate(address: str, meeting: Meeting, card: str, score: int) -> int:
    return (
        Client().post(address, {"card": card, "score": score}, HTTP_HX_REQUEST="true").status_code
    )


def test_the_leader_creates_a_meeting_with_groups_and_a_code(world: World) -> None:
    client = client_for(world.amy)
    response = client.post(
        "/dialogue/new/",
        {
            "title": "MED-møde",
            "workplace": "Pleje",
            "held_on": "20.11.2026",
            "scope": "all",
            "planned_minutes": "90",
            "groups": "4",
        },
    )
    meeting = Meeting.objects.get()
    assert response["Location"] == f"/dialogue/{meeting.pk}/"
    assert [g.name for g in meeting.groups.all()] == [f"Gruppe {n}" for n in range(1, 5)]
    assert len(meeting.join_code) == 6 and meeting.leader == world.amy
    page = client.get(f"/dialogue/{meeting.pk}/").content.decode()
    assert meeting.join_code in page and "Mentorordninger" in page


def test_less_than_an_hour_and_a_half_is_refused_with_a_reason(world: World) -> None:
    response = client_for(world.amy).post(
        "/dialogue/new/",
        {
            "title": "Kort",
            "held_on": "20.11.2026",
            "scope": "all",
            "planned_minutes": "45",
            "groups": "2",
        },
    )
    assert response.status_code == 200
    assert "1½" in response.content.decode()
    assert not Meeting.objects.exists()


def test_groups_rate_from_their_phones_and_the_board_shows_lowest_first(world: World) -> None:
    meeting = make_meeting(world)
    one, two = device(meeting, 0), device(meeting, 1)
    assert rate(one, meeting, "undgaa-stress", 2) == 200
    assert rate(two, meeting, "undgaa-stress", 3) == 200
    assert rate(one, meeting, "mentorordninger", 5) == 200
    assert rate(one, meeting, "mentorordninger", 4) == 200  # a group changes its mind
    assert Rating.objects.count() == 3

    result = services.results(meeting)
    assert result.groups_rating == 2
    assert [(c.card.code, c.average) for c in result.lowest_first()] == [
        ("undgaa-stress", 2.5),
        ("mentorordninger", 4.0),
    ]
    goal = result.goal("mental-sundhed")
    assert goal is not None and goal.average == 2.5

    leader = client_for(world.amy)
    leader.post(f"/dialogue/{meeting.pk}/do/discuss/", {"card": "undgaa-stress"})
    live = leader.get(f"/dialogue/{meeting.pk}/screen/live/").content.decode()
    assert "Undgå stress" in live and "2,5" in live
    assert "Kender alle indsatsen?" in live  # the status questions for the card in discussion
    assert live.index("Undgå stress") < live.index("Mentorordninger")
    assert "2 grupper har bedømt" in live


def test_a_phone_page_needs_a_group_and_rejects_nonsense(world: World) -> None:
    meeting = make_meeting(world)
    assert Client().get(f"/d/{meeting.join_code}/made-up-key/").status_code == 404
    phone = device(meeting, 0)
    page = Client().get(phone).content.decode()
    assert "Gruppe 1" in page and page.count('type="radio"') == 30 * 5
    assert rate(phone, meeting, "undgaa-stress", 6) == 400
    assert rate(phone, meeting, "no-such-card", 3) == 400
    assert not Rating.objects.exists()
    assert Client().post("/d/", {"code": "ZZZZZZ"}).status_code == 200  # explained, not found


def test_a_closed_meeting_takes_no_more_ratings(world: World) -> None:
    meeting = make_meeting(world)
    phone = device(meeting, 0)
    client_for(world.amy).post(f"/dialogue/{meeting.pk}/do/open/", {"open": "0"})
    assert rate(phone, meeting, "undgaa-stress", 3) == 404


def test_a_group_of_one_meeting_cannot_rate_in_another(world: World) -> None:
    first, second = make_meeting(world), make_meeting(world, title="Andet møde")
    group = first.groups.first()
    assert group is not None
    key = group.key
    assert Client().get(f"/d/{second.join_code}/{key}/").status_code == 404
    assert rate(f"/d/{second.join_code}/{key}/", second, "undgaa-stress", 3) == 404
    assert not Rating.objects.filter(group__meeting=second).exists()


def test_a_scope_of_one_area_shows_only_its_cards(world: World) -> None:
    meeting = make_meeting(world, scope="rummelighed")
    phone = device(meeting, 0)
    page = Client().get(phone).content.decode()
    assert page.count('type="radio"') == 8 * 5
    assert rate(phone, meeting, "undgaa-stress", 3) == 400  # Fastholdelse is not in scope


def test_own_cards_are_rated_like_the_tools_own_and_there_are_nine(world: World) -> None:
    meeting = make_meeting(world)
    leader = client_for(world.amy)
    leader.post(
        f"/dialogue/{meeting.pk}/do/own-card/",
        {"goal": "trivsel", "name": "Fredagsmorgenmad", "description": "Hver fredag kl. 8"},
    )
    own = meeting.own_cards.get()
    assert rate(device(meeting, 0), meeting, own.code, 4) == 200
    goal = services.results(meeting).goal("trivsel")
    assert goal is not None and goal.cards[-1].average == 4
    for n in range(8):
        leader.post(f"/dialogue/{meeting.pk}/do/own-card/", {"goal": "trivsel", "name": f"K{n}"})
    leader.post(f"/dialogue/{meeting.pk}/do/own-card/", {"goal": "trivsel", "name": "Tiende"})
    assert meeting.own_cards.count() == 9


def test_another_organisation_cannot_open_the_meeting(world: World) -> None:
    meeting = make_meeting(world)
    olga = client_for(world.olga)
    assert olga.get(f"/dialogue/{meeting.pk}/").status_code == 404
    assert olga.get(f"/dialogue/{meeting.pk}/results.pdf").status_code == 404


def test_the_follow_up_scheme_goes_into_reminders_and_the_calendar(world: World) -> None:
    meeting = make_meeting(world, scope="fastholdelse")
    world.alice.email = "alice@acme.dk"
    world.alice.save()
    response = client_for(world.amy).post(
        f"/dialogue/{meeting.pk}/follow-up/",
        {
            "mental-sundhed-priority": "Stress",
            "mental-sundhed-aim": "Færre stresssygemeldinger",
            "mental-sundhed-actions": "Prioriteringsmøder hver 14. dag",
            "mental-sundhed-due": "01.12.2026",
            "mental-sundhed-responsible": world.alice.pk,
        },
    )
    assert response.status_code == 302
    row = FollowUp.objects.get()
    assert (row.goal, row.due, row.responsible) == ("mental-sundhed", D(2026, 12, 1), world.alice)

    out = StringIO()
    call_command("remind", "--date", "2026-11-28", stdout=out)
    assert "1 reminder(s) sent" in out.getvalue()
    assert "Mental sundhed" in mail.outbox[0].body
    assert f"/dialogue/{meeting.pk}/follow-up/" in mail.outbox[0].body

    feed = feed_for(world.alice)
    ics = Client().get(f"/calendar/{feed.token}.ics").content.decode()
    assert f"dialogue-followup-{row.pk}@naervaer" in ics and "DTSTART;VALUE=DATE:20261201" in ics

    row.done = True
    row.save()
    mail.outbox.clear()
    call_command("remind", "--date", "2026-11-28", stdout=StringIO())
    assert mail.outbox == []


def test_results_pdf_has_the_averages_and_the_comparison_with_last_time(world: World) -> None:
    before = make_meeting(world, held_on=D(2025, 11, 20), title="Sidste år")
    rate(device(before, 0), before, "undgaa-stress", 2)
    now = make_meeting(world)
    one, two = device(now, 0), device(now, 1)
    rate(one, now, "undgaa-stress", 3)
    rate(two, now, "undgaa-stress", 4)
    rate(one, now, "omsorgssamtaler", 5)
    FollowUp.objects.create(meeting=now, goal="mental-sundhed", priority="Stressforebyggelse")

    assert services.previous_meeting(now) == before
    page = client_for(world.amy).get(f"/dialogue/{now.pk}/results/").content.decode()
    assert "Sidste år" in page and "+1,5" in page

    response = client_for(world.amy).get(f"/dialogue/{now.pk}/results.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split()
    )
    assert "Undgå stress 3,5" in text
    assert "Omsorgssamtaler 5,0" in text
    assert "Mental sundhed 3,5" in text
    assert "Stressforebyggelse" in text
    assert "Sidste år" in text and "+1,5" in text


def test_ratings_are_the_groups_never_a_persons(world: World) -> None:
    meeting = make_meeting(world)
    rate(device(meeting, 0), meeting, "undgaa-stress", 3)
    fields = {f.name for f in Rating._meta.get_fields()}
    assert fields == {"id", "group", "card", "score", "updated_at"}
