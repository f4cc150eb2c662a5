"""Backup and restore: a round trip brings back exactly what was backed up."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from naervaer.absence.models import AbsenceSpell
from naervaer.absence.services import register_sick
from naervaer.people.models import Person
from tests.conftest import World


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip(world: World, tmp_path: Path) -> None:
    if connection.vendor == "postgresql":
        pytest.skip("the PostgreSQL round trip restores into a copy: test_postgres_round_trip")
    register_sick(world.person(world.bob), dt.date(2026, 11, 2), by=world.alice)
    target = tmp_path / "backup.sqlite3"
    out = StringIO()
    call_command("backup", str(target), stdout=out)
    assert target.exists() and "Backed up" in out.getvalue()

    # Things change after the backup…
    Person.objects.filter(name="Carol Christensen").delete()
    AbsenceSpell.objects.all().delete()
    register_sick(world.person(world.alice), dt.date(2026, 11, 3), by=world.hanne)

    call_command("restore", str(target), "--yes", stdout=StringIO())
    assert Person.objects.filter(name="Carol Christensen").exists()
    assert list(AbsenceSpell.objects.values_list("person__name", "first_day")) == [
        ("Bob Bendtsen", dt.date(2026, 11, 2))
    ]


@pytest.mark.django_db(transaction=True)
def test_postgres_round_trip(world: World, tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (CI's second run)")
    import psycopg

    from naervaer.operations.backup import _run

    settings = connection.settings_dict
    target = tmp_path / "backup.dump"
    call_command("backup", str(target), stdout=StringIO())
    copy = settings["NAME"] + "_restored"
    params = {
        k.lower(): settings[k] for k in ("HOST", "PORT", "USER", "PASSWORD") if settings.get(k)
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{copy}"')
        admin.execute(f'CREATE DATABASE "{copy}"')
    try:
        _run(["pg_restore", "--no-owner", f"--dbname={copy}", str(target)], settings)
        with psycopg.connect(dbname=copy, **params) as restored:
            names = {r[0] for r in restored.execute("select name from people_person")}
        assert ("Carol Christensen" in names and len(names) == Person.objects.count() - 1) or names
        assert names == set(Person.objects.values_list("name", flat=True))
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{copy}"')


def test_restore_needs_confirmation_and_an_existing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path / "x.sqlite3"))
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore", str(tmp_path / "x.sqlite3"), "--yes")
