"""The unit pages of a large employer: every unit with its leaders, whatever the number of
units. (At 1,780 units SQLite refused the leaders' prefetch: "Expression tree is too large".)"""

from __future__ import annotations

import pytest

from naervaer.people.models import Person, Unit, UnitLeadership
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db
UNITS = 1100  # more than SQLite nests in one expression (1,000)


@pytest.fixture
def many_units(world: World) -> World:
    units = Unit.objects.bulk_create(
        Unit(organisation=world.acme, name=f"Enhed {i:04}", path=f"Enhed {i:04}")
        for i in range(UNITS)
    )
    leaders = Person.objects.bulk_create(
        Person(organisation=world.acme, employee_id=f"L{i:04}", name=f"Leder {i:04}")
        for i in range(UNITS)
    )
    UnitLeadership.objects.bulk_create(
        UnitLeadership(person=p, unit=u) for p, u in zip(leaders, units, strict=True)
    )
    # Two leaders of one unit are listed by name.
    extra = Person.objects.create(organisation=world.acme, employee_id="L-extra", name="Aase")
    UnitLeadership.objects.create(person=extra, unit=units[7])
    return world


@pytest.mark.parametrize(("persona", "path"), [("hanne", "/units/"), ("adam", "/units/manage/")])
def test_every_unit_is_listed_with_its_leaders(many_units: World, persona: str, path: str) -> None:
    page = client_for(getattr(many_units, persona)).get(path).content.decode()
    assert page.count("<tr>") >= UNITS
    assert "Leder 0000" in page and f"Leder {UNITS - 1:04}" in page
    assert "Aase, Leder 0007" in page
    # Nothing of another organisation.
    assert "Olga Ottesen" not in page
