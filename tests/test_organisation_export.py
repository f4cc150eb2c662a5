"""An administrator exports the whole organisation; the file loads into an empty installation
and gives back the same records, without secrets and without other organisations' data."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from naervaer.absence.models import AbsenceSpell
from naervaer.absence.services import register_sick
from naervaer.audit.models import Action, AuditEvent
from naervaer.followup.models import Case, Conversation, Obligation
from naervaer.mail.models import SentMail
from naervaer.mail.services import send_minutes
from naervaer.people.models import Organisation, Person, Unit, User
from tests.conftest import World, client_for, streamed

pytestmark = pytest.mark.django_db


def _snapshot(org_slug: str) -> dict[str, object]:
    org = Organisation.objects.get(slug=org_slug)
    return {
        "units": sorted(Unit.objects.filter(organisation=org).values_list("path", flat=True)),
        "people": sorted(Person.objects.filter(organisation=org).values_list("name", flat=True)),
        "spells": sorted(
            AbsenceSpell.objects.filter(person__organisation=org).values_list(
                "person__name", "first_day", "last_day"
            )
        ),
        "obligations": sorted(
            Obligation.objects.filter(case__person__organisation=org).values_list(
                "case__person__name", "code", "due", "state"
            )
        ),
        "users": sorted(User.objects.filter(organisation=org).values_list("username", flat=True)),
    }


@pytest.mark.django_db(transaction=True)
def test_export_loads_back_into_an_empty_installation(world: World, tmp_path: Path) -> None:
    register_sick(world.person(world.bob), dt.date(2026, 11, 2), by=world.alice)
    register_sick(world.person(world.carol), dt.date(2026, 10, 1), by=world.hanne)
    world.bob.email = "bob@example.dk"
    world.bob.save(update_fields=["email"])
    case = Case.objects.get(person__user=world.bob)
    conversation = Conversation.objects.create(
        person=case.person, case=case, kind="absence", held_on=dt.date(2026, 11, 10), form="phone"
    )
    send_minutes(conversation, by=world.alice)
    before = _snapshot(world.acme.slug)
    assert before["spells"] and before["obligations"]

    path = tmp_path / "export.json"
    call_command("export_organisation", world.acme.slug, "-o", str(path), stdout=io.StringIO())
    records = json.loads(path.read_text(encoding="utf-8"))
    models = {r["model"] for r in records}
    assert {"people.organisation", "absence.absencespell", "followup.obligation"} <= models
    assert not {"api.apitoken", "followup.calendarfeed", "otp_totp.totpdevice"} & models
    for user in (r for r in records if r["model"] == "people.user"):
        assert user["fields"]["password"].startswith("!")  # unusable: no hash leaves

    call_command("flush", "--noinput")
    assert not Organisation.objects.exists()
    call_command("loaddata", str(path), verbosity=0)
    assert _snapshot(world.acme.slug) == before
    assert Case.objects.count() == 2
    assert SentMail.objects.get().subject == "Referat af sygefraværssamtale den 10.11.2026"


def test_only_the_administrator_exports_and_it_is_audited(world: World) -> None:
    assert client_for(world.hanne).post("/users/export/").status_code == 403
    assert client_for(world.adam).get("/users/export/").status_code == 405

    response = client_for(world.adam).post("/users/export/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    body = streamed(response).decode()
    records = json.loads(body)
    names = {r["fields"].get("name") for r in records if r["model"] == "people.person"}
    assert "Bob Bendtsen" in names and "Oscar Olsen" not in names
    assert AuditEvent.objects.filter(action=Action.EXPORT, detail="organisation").exists()
