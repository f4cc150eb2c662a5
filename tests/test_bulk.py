"""``naervaer.importexport.bulk.insert`` writes what it is given, value for value: on PostgreSQL
as ``COPY`` text it formats itself (escapes, NULL, booleans, decimals, dates), on SQLite in
``INSERT`` statements of as many rows as the connection's limit of bound values allows."""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal

import pytest
from django.db import connection

from naervaer.absence.models import AbsenceSpell, Kind, ReportedVia
from naervaer.importexport.bulk import insert, insert_columns, reserve_ids
from naervaer.people.models import Employment, Person
from tests.conftest import World

pytestmark = pytest.mark.django_db

AWKWARD_TEXT = ["back\\slash", "tab\there", "line\nfeed", "carriage\rreturn", r"\N", "", "Åse"]


def test_text_with_copy_escapes_and_null_like_text_is_written_as_it_is(world: World) -> None:
    written = insert(
        Person,
        ("organisation_id", "employee_id", "name", "birth_date"),
        [
            (world.acme.pk, f"b{i}", text, None if i % 2 else dt.date(1960, 2, 29))
            for i, text in enumerate(AWKWARD_TEXT)
        ],
    )
    assert written == len(AWKWARD_TEXT)
    stored = dict(
        Person.objects.filter(employee_id__startswith="b").values_list("employee_id", "name")
    )
    assert stored == {f"b{i}": text for i, text in enumerate(AWKWARD_TEXT)}
    births = set(Person.objects.filter(employee_id__startswith="b").values_list("birth_date"))
    assert births == {(None,), (dt.date(1960, 2, 29),)}


def test_decimals_dates_and_booleans_are_written_as_given(world: World) -> None:
    person = Person.objects.get(organisation=world.acme, employee_id="1002")
    insert(
        Employment,
        ("person_id", "unit_id", "weekly_hours", "start", "end", "pays_salary", "job_group"),
        [
            (person.pk, world.syd.pk, Decimal("37.5"), dt.date(2030, 1, 1), None, False, "a\tb"),
            (person.pk, world.syd.pk, Decimal("8.25"), dt.date(2031, 1, 1), dt.date(2031, 12, 31), True, ""),
        ],
    )  # fmt: skip
    rows = list(
        Employment.objects.filter(unit=world.syd, person=person)
        .order_by("start")
        .values_list("weekly_hours", "start", "end", "pays_salary", "job_group")
    )
    assert rows == [
        (Decimal("37.5"), dt.date(2030, 1, 1), None, False, "a\tb"),
        (Decimal("8.25"), dt.date(2031, 1, 1), dt.date(2031, 12, 31), True, ""),
    ]


def test_reserved_ids_are_the_ids_written_and_defaults_are_filled_in(world: World) -> None:
    person = Person.objects.get(organisation=world.acme, employee_id="1003")
    ids = reserve_ids(AbsenceSpell, 3)
    insert(
        AbsenceSpell,
        ("id", "person_id", "first_day", "last_day", "kind", "section56"),
        [(pk, person.pk, dt.date(2026, 1, 5 + 7 * i), None, "sickness", i == 1)
         for i, pk in enumerate(ids)],
    )  # fmt: skip
    spells = AbsenceSpell.objects.filter(pk__in=ids).order_by("first_day")
    assert [s.pk for s in spells] == ids
    assert [s.section56 for s in spells] == [False, True, False]
    assert all(s.created_at is not None and s.updated_at is not None for s in spells)


def test_choice_members_and_booleans_are_stored_as_their_plain_values(world: World) -> None:
    """The SQLite path hands the driver plain ``str``/``int`` for enum members and booleans
    (cheaper to bind); what is stored must be exactly what Django itself stores."""
    person = Person.objects.get(organisation=world.acme, employee_id="1003")
    ids = reserve_ids(AbsenceSpell, 2)
    insert(
        AbsenceSpell,
        ("id", "person_id", "first_day", "last_day", "kind", "section56", "reported_via"),
        [(ids[0], person.pk, dt.date(2027, 3, 1), dt.date(2027, 3, 2), Kind.WORK_ACCIDENT, True,
          ReportedVia.IMPORT),
         (ids[1], person.pk, dt.date(2027, 4, 1), None, "sickness", False, ReportedVia.IMPORT)],
    )  # fmt: skip
    django_made = AbsenceSpell.objects.create(
        person=person, first_day=dt.date(2027, 5, 3), kind=Kind.WORK_ACCIDENT, section56=True
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, kind, section56, reported_via, first_day FROM absence_absencespell "
            "WHERE id IN (%s, %s, %s) ORDER BY id",
            [*ids, django_made.pk],
        )
        stored = cursor.fetchall()
    assert [row[1:4] for row in stored[:2]] == [
        ("work_accident", True, "import"),
        ("sickness", False, "import"),
    ]
    # The same representation as Django's own insert, type for type.
    assert [type(v) for v in stored[0]] == [type(v) for v in stored[2]]
    assert stored[0][4] == dt.date(2027, 3, 1)


def test_columns_write_what_rows_write_and_must_be_of_one_length(world: World) -> None:
    person = Person.objects.get(organisation=world.acme, employee_id="1003")
    days = [dt.date(2028, 1, 3) + dt.timedelta(days=7 * i) for i in range(3)]
    ids = reserve_ids(AbsenceSpell, 3)
    written = insert_columns(
        AbsenceSpell,
        {
            "id": ids,
            "person_id": [person.pk] * 3,
            "first_day": days,
            "last_day": [days[0], None, days[2] + dt.timedelta(days=2)],
            "kind": [Kind.SICKNESS, "work_accident", Kind.PREGNANCY],
            "section56": [False, True, False],
        },
    )
    assert written == 3
    assert list(
        AbsenceSpell.objects.filter(pk__in=ids)
        .order_by("pk")
        .values_list("pk", "first_day", "last_day", "kind", "section56")
    ) == [
        (ids[0], days[0], days[0], "sickness", False),
        (ids[1], days[1], None, "work_accident", True),
        (ids[2], days[2], days[2] + dt.timedelta(days=2), "pregnancy", False),
    ]
    with pytest.raises(ValueError, match="different lengths"):
        insert_columns(AbsenceSpell, {"person_id": [person.pk], "first_day": days})


def test_rows_beyond_one_statement_are_all_written_in_order(world: World) -> None:
    """SQLite: with room for 20 bound values, 7 rows of 6 values go as statements of 3, 3 and
    1 rows; with room for fewer values than a row has, one row a statement; and a statement
    no longer than the connection allows (here about three rows of text). Every row is written
    once, with its own values (on PostgreSQL, COPY: the same rows)."""
    person = Person.objects.get(organisation=world.acme, employee_id="1003")
    columns = ("id", "person_id", "first_day", "last_day", "kind", "section56")
    cases = (
        (sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 20, 2040),
        (sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 4, 2041),
        (sqlite3.SQLITE_LIMIT_SQL_LENGTH, 400, 2042),
    )
    for limit, room, year in cases:
        ids = reserve_ids(AbsenceSpell, 7)
        days = [dt.date(year, 1, 1) + dt.timedelta(days=10 * i) for i in range(7)]
        rows = [
            (pk, person.pk, day, day + dt.timedelta(days=i), "sickness", i % 2 == 0)
            for i, (pk, day) in enumerate(zip(ids, days, strict=True))
        ]
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            before = connection.connection.setlimit(limit, room)
        try:
            assert insert(AbsenceSpell, columns, rows) == 7
        finally:
            if connection.vendor == "sqlite":
                connection.connection.setlimit(limit, before)
        stored = AbsenceSpell.objects.filter(pk__in=ids).order_by("pk")
        assert list(stored.values_list(*columns)) == rows
