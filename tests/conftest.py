"""Personas shared by the tests (as in healthchecks: built once, named for their role).

Organisation "Acme Kommune" (acme):
    Pleje            led by dave (head of care: sees Nord and Syd)
    Pleje/Nord       led by alice; bob works here
    Pleje/Syd        carol works here
    Admin            hanne (HR) works here
plus amy (AMO), adam (administrator) and, in another organisation, oscar and olga (HR).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

import pytest
import time_machine
from django.core.cache import cache
from django.db import connections
from django.http import HttpResponseBase, StreamingHttpResponse
from django.test import Client
from pytest_django import Settings

from naervaer.people.models import (
    Employment,
    Organisation,
    Person,
    Role,
    Unit,
    UnitLeadership,
    User,
)

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

# What the test client returns: the view's response with the client's additions (context,
# templates, json()). django-stubs names that type for the checker only, hence the string.
ClientResponse: TypeAlias = "_MonkeyPatchedWSGIResponse"

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API in tests

PASSWORD = "correct-horse-battery"


def pytest_configure(config: pytest.Config) -> None:
    """CI asks for PostgreSQL by name; a DATABASE_URL that silently fell back to SQLite fails."""
    if os.environ.get("NAERVAER_REQUIRE_POSTGRES"):
        from django.conf import settings

        engine = settings.DATABASES["default"]["ENGINE"]
        if engine != "django.db.backends.postgresql":
            raise pytest.UsageError(
                f"NAERVAER_REQUIRE_POSTGRES is set but the database is {engine}"
            )


TODAY = dt.date(2026, 11, 18)  # a Wednesday


@pytest.fixture(scope="session", autouse=True)
def _no_persistent_connections() -> None:
    """Production keeps PostgreSQL connections for a minute; in tests a thread's kept
    connection (live server, background import) would stop the test database being dropped."""
    for alias in connections:
        connections.settings[alias]["CONN_MAX_AGE"] = 0
        connections[alias].settings_dict["CONN_MAX_AGE"] = 0


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Settings, tmp_path: Path) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"  # uploads stay out of var/
    # Two-factor login has its own tests (test_twofactor); elsewhere it would only get in the way.
    settings.REQUIRE_TWO_FACTOR = False


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """The cache holds rate-limit counts (problem reports); each test starts with none."""
    cache.clear()


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings: Settings) -> None:
    """Background tasks run inside the call that queues them; tests of the worker itself
    (test_tasks, test_crash) use the database backend and real worker processes."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


# The clock of the tests that need one: TODAY at 9 o'clock (time-machine reads a time without a
# zone as UTC). A module asks for it with ``pytestmark = pytest.mark.usefixtures("frozen_today")``,
# and names another moment with ``pytest.mark.frozen_at(datetime)`` beside it.
FROZEN_AT = dt.datetime.combine(TODAY, dt.time(9, 0))


@pytest.fixture
def frozen_today(request: pytest.FixtureRequest) -> Iterator[dt.datetime]:
    """The clock stopped (not ticking) at ``FROZEN_AT`` or the test's ``frozen_at`` moment."""
    marker = request.node.get_closest_marker("frozen_at")
    moment: dt.datetime = marker.args[0] if marker else FROZEN_AT
    with time_machine.travel(moment, tick=False):
        yield moment


def client_for(user: User, language: str = "da") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def streamed(response: HttpResponseBase) -> bytes:
    """The whole body of a streamed response (a download), as the browser receives it."""
    assert isinstance(response, StreamingHttpResponse), f"not streamed: {type(response).__name__}"
    return response.getvalue()


def make_user(username: str, org: Organisation, person: Person | None = None, *roles: str) -> User:
    user = User.objects.create_user(
        username, password=PASSWORD, organisation=org, first_name=username.capitalize()
    )
    for role in roles:
        Role.objects.create(user=user, kind=role)
    if person is not None:
        person.user = user
        person.save(update_fields=["user"])
    return user


def make_person(
    org: Organisation,
    employee_id: str,
    name: str,
    unit: Unit,
    start: dt.date = dt.date(2020, 1, 1),
    end: dt.date | None = None,
    hours: str = "37",
) -> Person:
    person = Person.objects.create(organisation=org, employee_id=employee_id, name=name)
    Employment.objects.create(
        person=person, unit=unit, weekly_hours=Decimal(hours), start=start, end=end
    )
    return person


@dataclass
class World:
    acme: Organisation
    other: Organisation
    pleje: Unit
    nord: Unit
    syd: Unit
    admin_unit: Unit
    alice: User  # manager of Pleje/Nord
    bob: User  # employee in Pleje/Nord
    carol: User  # employee in Pleje/Syd
    dave: User  # head of Pleje
    hanne: User  # HR
    amy: User  # AMO
    adam: User  # administrator
    oscar: User  # employee in another organisation
    olga: User  # HR in another organisation
    jobcentre: Organisation
    cate: User  # caseworker at the job centre

    def person(self, user: User) -> Person:
        return Person.objects.get(user=user)


@pytest.fixture
def world(db: None) -> World:
    acme = Organisation.objects.create(
        slug="acme", name="Acme Kommune", cvr="55133018", industry_code="841100"
    )
    other = Organisation.objects.create(slug="other", name="Anden Kommune", cvr="29189420")
    jobcentre = Organisation.objects.create(
        slug="jobcenter", name="Jobcenter Acme", cvr="29189846", kind=Organisation.Kind.JOBCENTRE
    )
    pleje = Unit.objects.create(organisation=acme, name="Pleje")
    nord = Unit.objects.create(organisation=acme, parent=pleje, name="Nord")
    syd = Unit.objects.create(organisation=acme, parent=pleje, name="Syd")
    admin_unit = Unit.objects.create(organisation=acme, name="Admin")
    other_unit = Unit.objects.create(organisation=other, name="Pleje")

    p_alice = make_person(acme, "1001", "Alice Andersen", nord)
    p_bob = make_person(acme, "1002", "Bob Bendtsen", nord, hours="30")
    p_carol = make_person(acme, "1003", "Carol Christensen", syd)
    p_dave = make_person(acme, "1004", "Dave Dalgaard", pleje)
    p_hanne = make_person(acme, "1005", "Hanne Holm", admin_unit)
    p_oscar = make_person(other, "1001", "Oscar Olsen", other_unit)
    p_olga = make_person(other, "1002", "Olga Ottesen", other_unit)
    UnitLeadership.objects.create(person=p_alice, unit=nord)
    UnitLeadership.objects.create(person=p_dave, unit=pleje)
    UnitLeadership.objects.create(person=p_olga, unit=other_unit)

    return World(
        acme=acme,
        other=other,
        pleje=pleje,
        nord=nord,
        syd=syd,
        admin_unit=admin_unit,
        alice=make_user("alice", acme, p_alice),
        bob=make_user("bob", acme, p_bob),
        carol=make_user("carol", acme, p_carol),
        dave=make_user("dave", acme, p_dave),
        hanne=make_user("hanne", acme, p_hanne, Role.Kind.HR),
        amy=make_user("amy", acme, None, Role.Kind.AMO),
        adam=make_user("adam", acme, None, Role.Kind.ADMIN),
        oscar=make_user("oscar", other, p_oscar),
        olga=make_user("olga", other, p_olga, Role.Kind.HR),
        jobcentre=jobcentre,
        cate=make_user("cate", jobcentre, None, Role.Kind.CASEWORKER),
    )
