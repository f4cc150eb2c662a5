"""The administrator manages logins and roles; nobody else can."""

from __future__ import annotations

import pytest

from naervaer.access import viewer_for
from naervaer.people.models import Person, Role, User
from tests.conftest import World, client_for, make_person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "status"),
    [("adam", 200), ("hanne", 403), ("alice", 403), ("bob", 403), ("amy", 403)],
)
def test_only_the_administrator_manages_users(world: World, persona: str, status: int) -> None:
    client = client_for(getattr(world, persona))
    assert client.get("/users/").status_code == status
    assert client.get("/users/new/").status_code == status
    assert client.get(f"/users/{world.bob.pk}/").status_code == status


def test_administrator_creates_a_login_linked_to_an_employee(world: World) -> None:
    make_person(world.acme, "1006", "Ditte Due", world.syd)
    response = client_for(world.adam).post(
        "/users/new/",
        {
            "username": "ditte",
            "first_name": "Ditte",
            "last_name": "Due",
            "email": "ditte@example.dk",
            "is_active": "on",
            "roles": ["amo"],
            "employee_id": "1006",
            "password": "a-long-enough-secret-42",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="ditte")
    assert user.organisation == world.acme
    assert user.check_password("a-long-enough-secret-42")
    assert list(user.roles.values_list("kind", flat=True)) == [Role.Kind.AMO]
    ditte = Person.objects.get(employee_id="1006", organisation=world.acme)
    assert ditte.user == user
    assert viewer_for(user).person_id == ditte.pk


def test_editing_keeps_the_password_when_left_empty(world: World) -> None:
    response = client_for(world.adam).post(
        f"/users/{world.hanne.pk}/",
        {"username": "hanne", "is_active": "on", "roles": ["hr", "admin"], "employee_id": "1005"},
    )
    assert response.status_code == 302
    world.hanne.refresh_from_db()
    assert world.hanne.check_password("correct-horse-battery")
    assert set(world.hanne.roles.values_list("kind", flat=True)) == {"hr", "admin"}


@pytest.mark.parametrize(
    ("employee_id", "message"),
    [("9999", "Ingen medarbejder har dette nummer"), ("1002", "har allerede et andet login")],
)
def test_bad_employee_numbers_are_explained(world: World, employee_id: str, message: str) -> None:
    response = client_for(world.adam).post(
        "/users/new/",
        {
            "username": "new",
            "is_active": "on",
            "employee_id": employee_id,
            "password": "a-long-enough-secret-42",
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(username="new").exists()


def test_a_weak_password_is_refused(world: World) -> None:
    response = client_for(world.adam).post(
        "/users/new/", {"username": "new", "is_active": "on", "password": "123"}
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="new").exists()


def test_users_of_another_organisation_are_out_of_reach(world: World) -> None:
    Role.objects.create(user=world.olga, kind=Role.Kind.ADMIN)
    client = client_for(world.olga)
    assert "alice" not in client.get("/users/").content.decode()
    assert client.get(f"/users/{world.alice.pk}/").status_code == 404
    response = client.post(
        f"/users/{world.alice.pk}/", {"username": "hijacked", "password": "a-long-enough-secret-42"}
    )
    assert response.status_code == 404
    world.alice.refresh_from_db()
    assert world.alice.username == "alice"
