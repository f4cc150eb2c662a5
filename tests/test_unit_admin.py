"""The administrator's unit tree: create, rename, move, set and remove leaders.

Acme: Pleje (dave) / Nord (alice, bob) and Syd (carol); Admin (hanne). adam is the
administrator; olga administers nothing here."""

from __future__ import annotations

import pytest

from naervaer.access import people_with_absence_access, viewer_for
from naervaer.people.models import Role, Unit, UnitLeadership
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db


def paths(world: World) -> set[str]:
    return set(Unit.objects.filter(organisation=world.acme).values_list("path", flat=True))


def test_an_administrator_creates_a_unit(world: World) -> None:
    client = client_for(world.adam)
    response = client.post("/units/manage/", {"name": "Øst", "parent": world.pleje.pk})
    assert response.status_code == 302
    assert "Pleje/Øst" in paths(world)


def test_renaming_a_unit_renames_its_sub_tree(world: World) -> None:
    response = client_for(world.adam).post(
        f"/units/{world.pleje.pk}/edit/", {"unit-name": "Ældreplejen", "unit-parent": ""}
    )
    assert response.status_code == 302
    assert paths(world) == {"Ældreplejen", "Ældreplejen/Nord", "Ældreplejen/Syd", "Admin"}
    # Access follows the tree: dave still sees bob and carol through the renamed paths.
    dave = viewer_for(world.dave)
    assert {p.name for p in people_with_absence_access(dave)} >= {
        "Bob Bendtsen",
        "Carol Christensen",
    }


def test_moving_a_unit_moves_its_people_out_of_the_old_leaders_reach(world: World) -> None:
    response = client_for(world.adam).post(
        f"/units/{world.nord.pk}/edit/", {"unit-name": "Nord", "unit-parent": world.admin_unit.pk}
    )
    assert response.status_code == 302
    assert "Admin/Nord" in paths(world)
    dave = viewer_for(world.dave)
    assert "Bob Bendtsen" not in {p.name for p in people_with_absence_access(dave)}


@pytest.mark.parametrize(
    ("unit", "name", "parent", "message"),
    [
        ("nord", "Syd", "pleje", "Der findes allerede en enhed, der hedder Pleje/Syd."),
        ("nord", "A/B", "pleje", "Et enhedsnavn kan ikke indeholde '/'."),
        ("pleje", "Pleje", "nord", "En enhed kan ikke flyttes ind under sig selv"),
    ],
)
def test_bad_changes_are_explained_and_change_nothing(
    world: World, unit: str, name: str, parent: str, message: str
) -> None:
    before = paths(world)
    response = client_for(world.adam).post(
        f"/units/{getattr(world, unit).pk}/edit/",
        {"unit-name": name, "unit-parent": getattr(world, parent).pk},
    )
    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    assert paths(world) == before


def test_setting_and_removing_a_leader(world: World) -> None:
    client = client_for(world.adam)
    carol = world.person(world.carol)
    response = client.post(f"/units/{world.syd.pk}/leaders/", {"leader-employee_id": "1003"})
    assert response.status_code == 302
    assert UnitLeadership.objects.filter(unit=world.syd, person=carol).exists()
    assert client.post(f"/units/{world.syd.pk}/leaders/{carol.pk}/remove/").status_code == 302
    assert not UnitLeadership.objects.filter(unit=world.syd, person=carol).exists()


def test_an_unknown_or_foreign_employee_number_is_refused(world: World) -> None:
    UnitLeadership.objects.filter(unit=world.syd).delete()
    client = client_for(world.adam)
    # 1001 exists in the other organisation too (oscar): only acme's own people count.
    response = client.post(f"/units/{world.syd.pk}/leaders/", {"leader-employee_id": "9999"})
    assert "Ingen har medarbejdernummeret 9999." in response.content.decode()
    client.post(f"/units/{world.syd.pk}/leaders/", {"leader-employee_id": "1001"})
    assert list(
        UnitLeadership.objects.filter(unit=world.syd).values_list("person__name", flat=True)
    ) == ["Alice Andersen"]


@pytest.mark.parametrize("who", ["hanne", "alice", "bob", "amy", "cate"])
def test_only_administrators_manage_units(world: World, who: str) -> None:
    client = client_for(getattr(world, who))
    assert client.get("/units/manage/").status_code == 403
    assert client.post("/units/manage/", {"name": "X"}).status_code == 403
    assert client.post(f"/units/{world.nord.pk}/edit/", {"unit-name": "X"}).status_code == 403
    assert (
        client.post(f"/units/{world.syd.pk}/leaders/", {"leader-employee_id": "1002"}).status_code
        == 403
    )
    assert "Pleje/Nord" in paths(world) and "X" not in paths(world)


def test_an_administrator_of_another_organisation_cannot_touch_acme(world: World) -> None:
    Role.objects.create(user=world.olga, kind=Role.Kind.ADMIN)
    client = client_for(world.olga)
    assert client.get(f"/units/{world.nord.pk}/edit/").status_code == 404
    assert client.post(f"/units/{world.nord.pk}/edit/", {"unit-name": "X"}).status_code == 404
    response = client.post("/units/manage/", {"name": "Y", "parent": world.pleje.pk})
    assert response.status_code == 200  # acme's unit is no valid choice
    assert not Unit.objects.filter(name="Y").exists()
