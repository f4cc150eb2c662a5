"""Retention: absence past the organisation's period is deleted, leavers are anonymised."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from naervaer.absence.models import AbsenceSpell
from naervaer.absence.services import register_sick
from naervaer.followup.models import AbsencePolicy, Case
from naervaer.mail.models import SentMail
from naervaer.people.models import Employment, Person
from tests.conftest import World, make_person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
D = dt.date


def test_retention_deletes_old_absence_and_anonymises_leavers(world: World) -> None:
    AbsencePolicy.objects.create(organisation=world.acme, retention_years=3)  # cut-off 18.11.2023
    bob = world.person(world.bob)
    register_sick(bob, D(2023, 3, 1), last_day=D(2023, 3, 3), by=world.hanne)  # too old
    register_sick(bob, D(2023, 11, 20), last_day=D(2023, 11, 21), by=world.hanne)  # kept
    leaver = make_person(world.acme, "9001", "Lise Leaver", world.nord, end=D(2022, 12, 31))
    stayer = make_person(world.acme, "9002", "Sam Stayer", world.nord, end=D(2024, 1, 31))

    out = StringIO()
    call_command("retention", "--org", "acme", "--dry-run", stdout=out)
    assert "would delete 1 absence spell(s), anonymised 1 person(s) (dry run)" in out.getvalue()
    assert AbsenceSpell.objects.filter(person=bob).count() == 2

    out = StringIO()
    call_command("retention", "--org", "acme", stdout=out)
    assert (
        "kept data from 18.11.2023; deleted 1 absence spell(s), anonymised 1 person(s)"
        in out.getvalue()
    )
    assert list(AbsenceSpell.objects.filter(person=bob).values_list("first_day", flat=True)) == [
        D(2023, 11, 20)
    ]
    leaver.refresh_from_db()
    assert (leaver.name, leaver.employee_id) == ("Tidligere medarbejder", f"anonym-{leaver.pk}")
    assert Person.objects.get(pk=stayer.pk).name == "Sam Stayer"
    assert Employment.objects.filter(person=leaver).exists()  # the head count history stays

    out = StringIO()
    call_command("retention", "--org", "acme", stdout=out)  # nothing more to do
    assert "deleted 0 absence spell(s), anonymised 0 person(s)" in out.getvalue()


def test_retention_deletes_the_mails_about_old_absence_and_leavers(world: World) -> None:
    """A sent e-mail holds absence data and names the person in its text: it goes with the old
    absence's case, and with a leaver who is anonymised (even a mail with no case)."""
    AbsencePolicy.objects.create(organisation=world.acme, retention_years=3)  # cut-off 18.11.2023
    bob = world.person(world.bob)
    old = register_sick(bob, D(2023, 3, 1), last_day=D(2023, 3, 3), by=world.hanne)
    kept = register_sick(bob, D(2023, 11, 20), last_day=D(2023, 11, 21), by=world.hanne)
    leaver = make_person(world.acme, "9001", "Lise Leaver", world.nord, end=D(2022, 12, 31))

    def mail(person: Person, case: Case | None) -> SentMail:
        return SentMail.objects.create(
            organisation=world.acme,
            person=person,
            case=case,
            kind="minutes",
            to="x@example.dk",
            subject=f"Referat, {person.name}",
            body=person.name,
            status="sent",
        )

    # Their cases were made back then (today's follow-up leaves absence this old alone).
    def case(spell: AbsenceSpell) -> Case:
        return Case.objects.get_or_create(
            spell=spell,
            defaults={"person": bob, "first_day": spell.first_day, "last_day": spell.last_day},
        )[0]

    mail(bob, case(old))
    kept_mail = mail(bob, case(kept))
    mail(leaver, None)
    call_command("retention", "--org", "acme", stdout=StringIO())
    assert set(SentMail.objects.values_list("pk", flat=True)) == {kept_mail.pk}
