"""The audit log: reads and changes of a person's absence leave a row that HR can search and the
employee can see."""

from __future__ import annotations

import datetime as dt

import pytest

from naervaer.absence.services import register_sick
from naervaer.audit.models import Action, AuditEvent
from naervaer.audit.services import record
from naervaer.people.models import Person, User
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db


def events_about(world: World, user: User) -> list[tuple[str, str]]:
    person = world.person(user)
    return list(
        AuditEvent.objects.filter(subjects=person)
        .order_by("at", "pk")
        .values_list("actor_label", "action")
    )


def test_opening_a_person_page_is_recorded(world: World) -> None:
    bob = world.person(world.bob)
    client_for(world.alice).get(f"/people/{bob.pk}/")
    [(actor, action)] = events_about(world, world.bob)
    assert action == Action.VIEW_PERSON
    assert "alice" in actor.lower()


def test_a_denied_request_records_nothing(world: World) -> None:
    bob = world.person(world.bob)
    assert client_for(world.carol).get(f"/people/{bob.pk}/").status_code == 404
    assert events_about(world, world.bob) == []


def test_the_absent_now_list_records_everyone_on_it(world: World) -> None:
    register_sick(world.person(world.bob), dt.date.today(), by=world.alice)
    register_sick(world.person(world.carol), dt.date.today(), by=world.hanne)
    AuditEvent.objects.all().delete()
    client_for(world.hanne).get("/absent/")
    subjects = set(
        AuditEvent.objects.filter(action=Action.VIEW_ABSENT_NOW).values_list(
            "subjects__name", flat=True
        )
    )
    assert subjects == {"Bob Bendtsen", "Carol Christensen"}


def test_an_export_of_absence_is_recorded_per_person(world: World) -> None:
    register_sick(world.person(world.bob), dt.date(2026, 1, 5), by=world.alice)
    response = client_for(world.hanne).get("/export/absences.csv")
    assert response.status_code == 200
    exported = [
        label for label, action in events_about(world, world.bob) if action == Action.EXPORT
    ]
    assert len(exported) == 1 and "hanne" in exported[0].lower()


def test_an_employee_sees_who_has_looked(world: World) -> None:
    bob = world.person(world.bob)
    client_for(world.alice).get(f"/people/{bob.pk}/")
    client_for(world.bob).get("/me/")  # looking at your own data is not someone else looking
    page = client_for(world.bob).get("/me/access-log/").content.decode()
    assert "Alice" in page
    assert "Så fraværshistorik" in page
    assert page.count("<tr>") == 2  # header + one row: Bob's own visit is left out


def test_an_employee_cannot_see_who_looked_at_someone_else(world: World) -> None:
    carol = world.person(world.carol)
    client_for(world.hanne).get(f"/people/{carol.pk}/")
    page = client_for(world.bob).get("/me/access-log/").content.decode()
    assert "Hanne" not in page


@pytest.mark.parametrize(
    ("persona", "status"),
    [("hanne", 200), ("adam", 200), ("alice", 403), ("bob", 403), ("amy", 403), ("olga", 200)],
)
def test_who_can_search_the_audit_log(world: World, persona: str, status: int) -> None:
    assert client_for(getattr(world, persona)).get("/audit/").status_code == status


def test_audit_search_filters_and_stays_in_the_organisation(world: World) -> None:
    bob, carol = world.person(world.bob), world.person(world.carol)
    client_for(world.alice).get(f"/people/{bob.pk}/")
    client_for(world.hanne).get(f"/people/{carol.pk}/")
    hr = client_for(world.hanne)

    page = hr.get("/audit/", {"whose": "Bob"}).content.decode()
    assert "Bob Bendtsen" in page and "Carol Christensen" not in page
    page = hr.get("/audit/", {"whose": "1003"}).content.decode()
    assert "Carol Christensen" in page and "Bob Bendtsen" not in page
    page = hr.get("/audit/", {"action": Action.REGISTER_SICK}).content.decode()
    assert "Bob Bendtsen" not in page

    other_hr = client_for(world.olga).get("/audit/").content.decode()
    assert "Bob Bendtsen" not in other_hr and "Carol Christensen" not in other_hr


def test_the_log_keeps_who_it_was_when_the_user_is_deleted(world: World) -> None:
    bob = world.person(world.bob)
    client_for(world.alice).get(f"/people/{bob.pk}/")
    world.alice.delete()
    [(actor, _)] = events_about(world, world.bob)
    assert "alice" in actor.lower()


def test_an_event_about_many_shows_the_first_three_names_and_the_count(world: World) -> None:
    """An export of everyone is one line: the first three by name, and how many more (only
    those three are read, whatever the event's size)."""
    people = list(Person.objects.filter(organisation=world.acme).order_by("name"))
    assert len(people) > 4
    record(world.hanne, world.acme.pk, Action.EXPORT, people, "alle")
    page = client_for(world.hanne).get("/audit/", {"action": Action.EXPORT}).content.decode()
    first, *_rest = page.split("<tbody>")[1].split("</tr>")
    assert [p.name in first for p in people] == [True] * 3 + [False] * (len(people) - 3)
    assert f"og {len(people) - 3} flere" in first


def test_one_event_about_many_people_names_each_once(world: World) -> None:
    """An act about many people (an export, a list) is one event and one subject row per
    person, however the people were given: objects or ids, with repeats."""
    people = [
        Person.objects.create(organisation=world.acme, employee_id=f"9{i:03}", name=f"P {i}")
        for i in range(1200)
    ]
    given: list[Person | int] = [*people, *(p.pk for p in people[:10])]
    event = record(world.hanne, world.acme.pk, Action.EXPORT, given, "all")
    assert event.subject_count == 1200
    assert set(event.subjects.values_list("pk", flat=True)) == {p.pk for p in people}
    assert AuditEvent.objects.filter(subjects=people[-1]).get() == event
    empty = record(world.hanne, world.acme.pk, Action.READ, [], "nothing")
    assert empty.subject_count == 0 and not empty.subjects.exists()
