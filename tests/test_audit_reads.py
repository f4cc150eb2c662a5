"""Every read of absence or case data leaves one audit event, however it is reached (issue 12,
point 6), and a bulk read is one event that still shows in each person's "who has seen my data".
TODAY is Wednesday 18 November 2026."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from naervaer.absence.services import register_sick
from naervaer.api.models import ApiToken
from naervaer.audit.models import Action, AuditEvent
from naervaer.followup.models import Case, PossibilityStatement
from naervaer.jobcentre.models import Case as CitizenCase
from tests.conftest import World, client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
D = dt.date


@pytest.fixture
def bobs_case(world: World) -> Case:
    register_sick(world.person(world.bob), D(2026, 11, 2), by=world.alice)
    AuditEvent.objects.all().delete()  # the registration itself is not what is tested
    return Case.objects.get(person=world.person(world.bob))


@pytest.fixture
def citizen_case(world: World) -> CitizenCase:
    return CitizenCase.objects.create(
        organisation=world.jobcentre,
        citizen="Mette Madsen",
        status=CitizenCase.Status.EMPLOYED,
        first_day=D(2026, 10, 5),
    )


def statement(case: Case, world: World) -> PossibilityStatement:
    return PossibilityStatement.objects.create(
        case=case, created_by=world.alice, filled_on=D(2026, 11, 10), normal_tasks="Pleje"
    )


NAMED_READS: dict[str, Callable[[Case, World], str]] = {
    "return form": lambda c, w: f"/spells/{c.spell_id}/return/",
    "partial return form": lambda c, w: f"/spells/{c.spell_id}/partial/",
    "correction form": lambda c, w: f"/spells/{c.spell_id}/correct/",
    "§ 56 page": lambda c, w: f"/people/{c.person_id}/section56/",
    "plan page": lambda c, w: f"/cases/{c.pk}/plan/",
    "possibility statement part 2": lambda c, w: f"/statements/{statement(c, w).pk}/part2/",
    "case page": lambda c, w: f"/cases/{c.pk}/",
}


@pytest.mark.parametrize("page", NAMED_READS)
def test_each_form_and_page_with_absence_data_is_audited_once(
    world: World, bobs_case: Case, page: str
) -> None:
    url = NAMED_READS[page](bobs_case, world)
    assert client_for(world.alice).get(url).status_code == 200
    [event] = AuditEvent.objects.all()
    assert list(event.subjects.all()) == [world.person(world.bob)]
    assert "alice" in event.actor_label.lower() and event.subject_count == 1
    # Bob sees it under "Hvem har set mine data".
    mine = client_for(world.bob).get("/me/access-log/").content.decode()
    assert "alice" in mine.lower()


@pytest.mark.parametrize("page", ["return form", "§ 56 page", "plan page"])
def test_a_refused_read_is_not_audited(world: World, bobs_case: Case, page: str) -> None:
    url = NAMED_READS[page](bobs_case, world)
    assert client_for(world.carol).get(url).status_code in (403, 404)
    assert not AuditEvent.objects.exists()


def test_the_obligations_api_audits_the_people_on_the_page(world: World, bobs_case: Case) -> None:
    token = ApiToken.issue(world.acme, "Lønsystem", "hr")[1]
    client = Client(headers={"authorization": f"Bearer {token}"})
    body = client.get("/api/v1/obligations").json()
    assert body["count"] > 0
    [event] = AuditEvent.objects.all()
    assert event.action == Action.API_READ and event.actor_label == "API: Lønsystem"
    assert list(event.subjects.all()) == [world.person(world.bob)]


def test_a_job_centre_case_read_is_logged_against_the_case(
    world: World, citizen_case: CitizenCase
) -> None:
    client = client_for(world.cate)
    assert client.get(f"/jobcentre/cases/{citizen_case.pk}/").status_code == 200
    assert client.get("/jobcentre/").status_code == 200  # on the screening list
    case_read, day_read = AuditEvent.objects.order_by("at", "pk")
    assert case_read.action == Action.VIEW_CITIZEN_CASE
    assert list(case_read.citizen_cases.all()) == [citizen_case]
    assert list(day_read.citizen_cases.all()) == [citizen_case]
    assert case_read.organisation == world.jobcentre
    # The job centre's audit log lists it.
    world.cate.roles.create(kind="admin")
    log = client_for(world.cate).get("/audit/").content.decode()
    assert "Mette Madsen" not in log and str(citizen_case.pk) in log


def test_an_export_is_one_event_that_each_person_still_sees(world: World) -> None:
    for user in (world.bob, world.carol, world.alice):
        register_sick(world.person(user), D(2026, 11, 2), last_day=D(2026, 11, 4), by=world.hanne)
    before = AuditEvent.objects.count()
    assert client_for(world.hanne).get("/export/absences.csv").status_code == 200
    [export] = AuditEvent.objects.all()[: AuditEvent.objects.count() - before]
    assert export.action == Action.EXPORT and export.subject_count == 3
    assert "absences" in export.detail
    assert AuditEvent.objects.count() == before + 1
    for user in (world.bob, world.carol):
        mine = client_for(user).get("/me/access-log/").content.decode()
        assert "Eksporteret" in mine or "Exported" in mine


def test_a_reminder_mail_naming_people_is_audited(world: World, bobs_case: Case) -> None:
    world.alice.email = "alice@acme.test"
    world.alice.save(update_fields=["email"])
    call_command("remind", "--date", "2026-11-30", stdout=StringIO())
    [event] = AuditEvent.objects.filter(detail="reminder e-mail")
    assert "alice" in event.actor_label.lower()
    assert list(event.subjects.all()) == [world.person(world.bob)]


# --- The rule for views not named above ---------------------------------------------------------

ID_PARAMETERS = {"person_id", "spell_id", "case_id", "statement_id"}


def _patterns(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            yield from _patterns(p, prefix + str(p.pattern))
        else:
            yield prefix + str(p.pattern), p


def test_every_page_that_takes_a_persons_id_audits_what_it_shows(
    world: World, bobs_case: Case, citizen_case: CitizenCase
) -> None:
    """Walks every URL: any page taking a person, absence, case or statement id that answers a
    GET with a success must leave an audit event naming whose data it was."""
    st = statement(bobs_case, world)
    ids = {
        "person_id": bobs_case.person_id,
        "spell_id": bobs_case.spell_id,
        "case_id": bobs_case.pk,
        "statement_id": st.pk,
    }
    checked = []
    for route, pattern in _patterns(get_resolver()):
        params = set(pattern.pattern.converters)
        if not params or not params <= ID_PARAMETERS:
            continue
        citizen = route.startswith("jobcentre/")
        url = "/" + route
        for name in params:
            value = citizen_case.pk if citizen else ids[name]
            url = url.replace(f"<int:{name}>", str(value))
        user = world.cate if citizen else world.alice
        AuditEvent.objects.all().delete()
        response = client_for(user).get(url)
        if response.status_code != 200:
            continue
        [event] = AuditEvent.objects.all()
        if citizen:
            assert list(event.citizen_cases.all()) == [citizen_case], url
        else:
            assert list(event.subjects.all()) == [world.person(world.bob)], url
        checked.append(url)
    assert len(checked) >= 12, checked  # the walk really reached the pages
