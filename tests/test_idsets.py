"""``in_ids`` selects exactly what ``in`` selects, on both databases, for sets of any size."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models.sql.query import Query
from django.test.utils import CaptureQueriesContext

from naervaer.idsets import Ids
from naervaer.people.models import Employment, Organisation, Person, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def people() -> list[Person]:
    org = Organisation.objects.create(name="Idsæt", slug="idsaet")
    return Person.objects.bulk_create(
        Person(organisation=org, employee_id=f"e{i}", name=f"Person {i}") for i in range(6)
    )


def test_in_ids_selects_what_in_selects(people: list[Person]) -> None:
    chosen = {people[1].pk, people[3].pk, people[4].pk}
    for wanted in (chosen, set(), {people[0].pk}, {p.pk for p in people}):
        assert set(Person.objects.filter(pk__in_ids=wanted).values_list("pk", flat=True)) == (
            set(Person.objects.filter(pk__in=wanted).values_list("pk", flat=True))
        )
    # On a foreign key too, and with ids that do not exist.
    unit = Unit.objects.create(organisation=people[0].organisation, name="Enhed")
    Employment.objects.create(person=people[3], unit=unit, start="2026-01-01", weekly_hours=37)
    assert list(
        Employment.objects.filter(person_id__in_ids=chosen | {10**9}).values_list(
            "person_id", flat=True
        )
    ) == [people[3].pk]
    assert not Employment.objects.filter(person__in_ids=[people[2].pk]).exists()


def test_a_set_beyond_the_parameter_limits_is_one_parameter(people: list[Person]) -> None:
    """300,000 ids: more than SQLite's 250,000 bound variables and PostgreSQL's 65,535."""
    many = set(range(10**8, 10**8 + 300_000)) | {people[2].pk}
    with CaptureQueriesContext(connection) as queries:
        found = list(Person.objects.filter(pk__in_ids=many).values_list("pk", flat=True))
    assert found == [people[2].pk]
    assert len(queries.captured_queries) == 1


def test_ids_given_as_one_value_select_the_same_and_are_not_looked_into(
    people: list[Person], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``Ids``: the same rows as a list, and Django does not check them one by one (as it
    checks a list's elements against a foreign key's model: a drill-down's hundreds of units
    on every query)."""
    unit = Unit.objects.create(organisation=people[0].organisation, name="Enhed")
    for person in people[2:5]:
        Employment.objects.create(person=person, unit=unit, start="2026-01-01", weekly_hours=37)
    wanted = [people[1].pk, people[3].pk, people[4].pk, 10**9]
    checked: list[object] = []
    check = Query.check_query_object_type

    def counted(self: Query, value: object, *args: object) -> None:
        checked.append(value)
        check(self, value, *args)

    monkeypatch.setattr(Query, "check_query_object_type", counted)
    as_list = Employment.objects.filter(person_id__in_ids=wanted)
    assert len(checked) == len(wanted)  # a list: each id looked at
    checked.clear()
    as_ids = Employment.objects.filter(person_id__in_ids=Ids(wanted))
    assert checked == []
    found = sorted(as_ids.values_list("person_id", flat=True))
    assert (
        found
        == sorted(as_list.values_list("person_id", flat=True))
        == [
            people[3].pk,
            people[4].pk,
        ]
    )
    assert not Employment.objects.filter(person_id__in_ids=Ids([])).exists()
