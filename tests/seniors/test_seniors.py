"""Senior conversations by the organisation's policy: who is due, who may hold and read them,
reminders for the manager, and nothing medical."""

from __future__ import annotations

import datetime as dt

import pytest

from naervaer.audit.models import Action, AuditEvent
from naervaer.followup.agenda import items_for
from naervaer.people.models import Role, User
from naervaer.seniors.models import SeniorConversation, SeniorPolicy
from tests.conftest import World, client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def set_birth(world: World, user_name: str, birth: dt.date) -> None:
    person = world.person(getattr(world, user_name))
    person.birth_date = birth
    person.save()


def test_who_is_due_by_the_default_policy(world: World) -> None:
    set_birth(world, "bob", dt.date(1966, 3, 1))  # 60 on 1 Mar 2026: due since then
    set_birth(world, "carol", dt.date(1967, 1, 10))  # 60 on 10 Jan 2027: within three months
    set_birth(world, "hanne", dt.date(1980, 5, 5))  # far from it: not listed
    page = client_for(world.hanne).get("/seniors/").content.decode()
    assert "Bob Bendtsen" in page and "Carol Christensen" in page
    assert "Hanne Holm" not in page
    assert "Forsinket siden 01.03.2026" in page and "10.01.2027" in page
    # Alice leads Nord: only Bob.
    alice_page = client_for(world.alice).get("/seniors/").content.decode()
    assert "Bob Bendtsen" in alice_page and "Carol" not in alice_page


def test_someone_who_has_had_a_conversation_stays_listed_below_the_age(world: World) -> None:
    # Bob had one at 62; the policy now starts at 66, so his next is due on his 66th birthday,
    # years beyond the three months the list looks ahead: still listed, as everyone who has
    # had one. Carol, as young and with none, is not.
    set_birth(world, "bob", dt.date(1964, 6, 1))
    set_birth(world, "carol", dt.date(1964, 6, 2))
    SeniorConversation.objects.create(
        person=world.person(world.bob),
        held_on=dt.date(2026, 6, 3),
        balance=SeniorConversation.Balance.GOOD,
    )
    SeniorPolicy.objects.update_or_create(organisation=world.acme, defaults={"from_age": 66})
    page = client_for(world.hanne).get("/seniors/").content.decode()
    assert "Bob Bendtsen" in page and "01.06.2030" in page
    assert "Carol Christensen" not in page


def test_the_policy_moves_the_age_and_interval(world: World) -> None:
    set_birth(world, "bob", dt.date(1964, 6, 1))
    SeniorConversation.objects.create(
        person=world.person(world.bob),
        held_on=dt.date(2026, 6, 3),
        balance=SeniorConversation.Balance.GOOD,
    )
    client = client_for(world.hanne)
    response = client.post(
        "/seniors/policy/",
        {"from_age": "62", "interval_months": "6", "senior_days": "2,5", "text": "Seniordage"},
    )
    assert response.status_code == 302
    policy = SeniorPolicy.objects.get(organisation=world.acme)
    assert (policy.from_age, policy.interval_months, str(policy.senior_days)) == (62, 6, "2.5")
    # Held 3 Jun 2026 at 62: next 6 months later, 3 Dec 2026.
    assert "03.12.2026" in client.get("/seniors/").content.decode()
    assert client_for(world.alice).post("/seniors/policy/", {"from_age": "50"}).status_code == 403


def test_a_manager_records_a_conversation_and_is_reminded(world: World) -> None:
    set_birth(world, "bob", dt.date(1966, 11, 25))  # 60 on 25 Nov 2026
    items = [i for i in items_for(world.alice) if i.uid.startswith("senior-")]
    assert [i.due for i in items] == [dt.date(2026, 11, 25)]
    assert "Bob" not in items[0].title and "(Nord)" in items[0].title
    assert items[0].path == f"/seniors/{world.person(world.bob).pk}/"
    assert [i for i in items_for(world.hanne) if i.uid.startswith("senior-")] == []
    client = client_for(world.alice)
    bob = world.person(world.bob)
    response = client.post(
        f"/seniors/{bob.pk}/",
        {
            "held_on": "2026-11-18",
            "balance": "strained",
            "demands": "Nattevagter og tunge forflytninger",
            "wishes": "Gå ned i tid fra 63",
            "no_night_shifts": "on",
            "fewer_hours": "on",
            "agreed": "Ingen nattevagter fra januar",
            "follow_up_on": "2027-05-18",
        },
    )
    assert response.status_code == 302
    conversation = SeniorConversation.objects.get()
    assert conversation.held_by == world.alice and conversation.no_night_shifts
    page = client.get(f"/seniors/{bob.pk}/").content.decode()
    assert "Ingen nattevagter fra januar" in page and "18.11.2027" in page  # next: + 12 months
    assert AuditEvent.objects.filter(action=Action.RECORD_SENIOR, subjects=bob).exists()
    assert AuditEvent.objects.filter(action=Action.VIEW_SENIOR, subjects=bob).exists()
    items = [i for i in items_for(world.alice) if i.uid.startswith("senior-")]
    assert [i.due for i in items] == [dt.date(2027, 11, 18)]


def test_a_manager_who_is_also_hr_is_reminded_of_her_own_people_only(world: World) -> None:
    set_birth(world, "bob", dt.date(1966, 11, 25))  # Nord, which alice leads
    set_birth(world, "carol", dt.date(1966, 11, 26))  # Syd: HR's, not alice's as a manager
    Role.objects.create(user=world.alice, kind=Role.Kind.HR)
    alice = User.objects.get(pk=world.alice.pk)  # a new request's user: the role is seen
    items = [i for i in items_for(alice) if i.uid.startswith("senior-")]
    assert [i.uid for i in items] == [
        f"senior-conversation-{world.person(world.bob).pk}-2026-11-25"
    ]


@pytest.mark.parametrize("persona", ["bob", "carol", "amy", "adam", "olga", "cate"])
def test_others_cannot_read_a_persons_senior_conversations(world: World, persona: str) -> None:
    bob = world.person(world.bob)
    assert client_for(getattr(world, persona)).get(f"/seniors/{bob.pk}/").status_code in (403, 404)


def test_a_manager_of_another_unit_cannot_read_them(world: World) -> None:
    carol = world.person(world.carol)
    assert client_for(world.alice).get(f"/seniors/{carol.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"held_on": "2026-11-19", "balance": "good"}, "når den er holdt"),
        ({"held_on": "2026-11-18", "balance": ""}, "Dette felt er påkrævet"),
        (
            {"held_on": "2026-11-18", "balance": "good", "follow_up_on": "2026-11-01"},
            "før samtalen",
        ),
    ],
)
def test_bad_input_is_explained_and_changes_nothing(
    world: World, data: dict[str, str], error: str
) -> None:
    bob = world.person(world.bob)
    response = client_for(world.hanne).post(f"/seniors/{bob.pk}/", data)
    assert response.status_code == 400 and error in response.content.decode()
    assert not SeniorConversation.objects.exists()


def test_no_field_of_a_senior_conversation_is_medical() -> None:
    names = {f.name for f in SeniorConversation._meta.get_fields()}
    assert not names & {"diagnosis", "illness", "condition", "health", "symptoms"}


def test_the_boundary_of_the_three_months_ahead_and_a_page_at_a_time(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Today is 18 November 2026, so the list looks to 18 February 2027 (92 days): one who
    turns 60 that day is listed, one who turns 60 the day after is not (the database reads
    only those near the age; the rule decides). Soonest due first, a page at a time."""
    set_birth(world, "bob", dt.date(1967, 2, 18))  # 60 on 18 Feb 2027: listed
    set_birth(world, "carol", dt.date(1967, 2, 19))  # 60 on 19 Feb 2027: not yet
    set_birth(world, "dave", dt.date(1966, 3, 1))  # 60 on 1 Mar 2026: overdue, first
    monkeypatch.setattr("naervaer.seniors.views.SENIORS_PER_PAGE", 1)
    client = client_for(world.hanne)
    first, second = (client.get("/seniors/", {"page": n}).content.decode() for n in (1, 2))
    assert "Dave" in first and "Bob" not in first and "Side 1 af 2" in first
    assert "Bob" in second and "Side 2 af 2" in second
    assert "Carol" not in first + second
