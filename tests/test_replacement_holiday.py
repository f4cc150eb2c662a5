"""Time off and replacement holiday through the web: HR sees the days each employee is owed, with
the source; nobody else does; every read and change is audited (TODAY is 1 December 2026)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from naervaer.absence.models import HolidaySickness, TimeOff
from naervaer.absence.services import register_sick
from naervaer.absence.time_off import register_time_off, replacement_holiday_owed
from naervaer.audit.models import Action, AuditEvent, AuditSubject
from naervaer.people.models import Person
from naervaer.statistics.models import BuiltMonth, PersonMonth
from naervaer.statistics.selectors import Scope, dashboard
from tests.conftest import World, client_for

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("frozen_today"),
    pytest.mark.frozen_at(dt.datetime(2026, 12, 1, 9, 0)),
]
D = dt.date


@pytest.fixture
def holiday(world: World) -> World:
    """Bob: three weeks' holiday 6–24 July 2026, sick 9–24 July (12 holiday working days)."""
    bob = world.person(world.bob)
    register_time_off(bob, "holiday", D(2026, 7, 6), D(2026, 7, 24), by=world.hanne)
    register_sick(bob, D(2026, 7, 9), last_day=D(2026, 7, 24), by=world.hanne)
    return world


def test_time_off_is_validated_audited_and_updates_the_statistics(world: World) -> None:
    bob = world.person(world.bob)
    dashboard(Scope(world.acme.pk), D(2026, 11, 1), D(2026, 11, 30), D(2026, 12, 1))
    assert BuiltMonth.objects.filter(organisation=world.acme, month=D(2026, 11, 1)).exists()
    register_time_off(
        bob, "extra_holiday", D(2026, 11, 20), D(2026, 11, 20), percent=50, by=world.hanne
    )
    # Kept, not forgotten: Bob's half day (30 hours a week: 3 hours) is in his month's row.
    assert BuiltMonth.objects.filter(organisation=world.acme, month=D(2026, 11, 1)).exists()
    row = PersonMonth.objects.get(person=bob, month=D(2026, 11, 1))
    assert row.leave_hours == pytest.approx(3)
    assert AuditEvent.objects.filter(action=Action.REGISTER_TIME_OFF).count() == 1
    with pytest.raises(ValidationError):
        register_time_off(bob, "holiday", D(2026, 11, 16), D(2026, 11, 20), by=world.hanne)
    with pytest.raises(ValidationError):
        register_time_off(bob, "holiday", D(2026, 12, 5), D(2026, 12, 4), by=world.hanne)
    assert TimeOff.objects.count() == 1


def test_recorded_leave_replaces_the_estimate(world: World) -> None:
    bob = world.person(world.bob)
    nov = (D(2026, 11, 1), D(2026, 11, 30))
    before = dashboard(Scope(world.acme.pk), *nov, D(2026, 12, 1))
    assert before.leave_estimated and before.total.figures.leave_estimated
    register_time_off(bob, "holiday", D(2026, 11, 9), D(2026, 11, 13), by=world.hanne)
    after = dashboard(Scope(world.acme.pk), *nov, D(2026, 12, 1))
    assert not after.leave_estimated
    # Bob (30 hours a week) is on holiday 5 days: 30 hours less possible.
    assert after.total.figures.leave_hours == pytest.approx(30)
    assert after.total.figures.possible_hours == pytest.approx(
        after.total.figures.agreed_hours - 30
    )


def test_hr_sees_the_replacement_days_owed_with_the_source(holiday: World) -> None:
    page = client_for(holiday.hanne).get("/replacement-holiday/").content.decode()
    assert holiday.person(holiday.bob).name in page
    assert "§ 12" in page
    (row,) = replacement_holiday_owed(
        Person.objects.filter(organisation=holiday.acme), D(2026, 12, 1)
    )
    # 12 sick holiday days, 5 without replacement, 7 awaiting documentation, none owed yet.
    assert (
        len(row.result.sick_holiday_days),
        row.result.owed_days,
        row.result.undocumented_days,
    ) == (12, Decimal(0), 7)
    assert AuditEvent.objects.filter(
        action=Action.VIEW_PEOPLE_LIST, detail="replacement holiday"
    ).exists()


def test_hr_records_notice_and_documentation(holiday: World) -> None:
    spell = holiday.person(holiday.bob).spells.get()
    client = client_for(holiday.hanne)
    response = client.post(
        f"/spells/{spell.pk}/holiday-sickness/", {"notified_on": "2026-07-13", "documented": "on"}
    )
    assert response.status_code == 302
    claim = HolidaySickness.objects.get(spell=spell)
    assert (claim.notified_on, claim.documented) == (D(2026, 7, 13), True)
    (row,) = replacement_holiday_owed(
        Person.objects.filter(organisation=holiday.acme), D(2026, 12, 1)
    )
    # Notified on Monday 13 July: 9 and 10 July do not count; 10 count, 5 owed.
    assert row.result.owed_days == 5
    assert AuditEvent.objects.filter(action=Action.HOLIDAY_SICKNESS).count() == 1
    # A notice before the sickness is refused and changes nothing.
    client.post(f"/spells/{spell.pk}/holiday-sickness/", {"notified_on": "2026-07-01"})
    assert HolidaySickness.objects.get(spell=spell).notified_on == D(2026, 7, 13)


@pytest.mark.parametrize("persona", ["alice", "dave", "bob", "amy", "adam"])
def test_only_hr_sees_or_changes_replacement_holiday(holiday: World, persona: str) -> None:
    client = client_for(getattr(holiday, persona))
    assert client.get("/replacement-holiday/").status_code == 403
    spell = holiday.person(holiday.bob).spells.get()
    response = client.post(
        f"/spells/{spell.pk}/holiday-sickness/", {"notified_on": "2026-07-09", "documented": "on"}
    )
    assert response.status_code in (403, 404)
    assert not HolidaySickness.objects.exists()


def test_hr_of_another_organisation_cannot_see_or_touch_the_claim(holiday: World) -> None:
    page = client_for(holiday.olga).get("/replacement-holiday/").content.decode()
    assert holiday.person(holiday.bob).name not in page
    spell = holiday.person(holiday.bob).spells.get()
    response = client_for(holiday.olga).post(
        f"/spells/{spell.pk}/holiday-sickness/", {"notified_on": "2026-07-09", "documented": "on"}
    )
    assert response.status_code in (403, 404)
    assert not HolidaySickness.objects.exists()


def test_the_list_comes_a_page_at_a_time_and_only_the_page_is_audited(
    holiday: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Carol too was sick on holiday: with one row a page, each page names one person, and
    the reading audited is that page's."""
    carol = holiday.person(holiday.carol)
    register_time_off(carol, "holiday", D(2026, 8, 3), D(2026, 8, 14), by=holiday.hanne)
    register_sick(carol, D(2026, 8, 5), last_day=D(2026, 8, 7), by=holiday.hanne)
    monkeypatch.setattr("naervaer.absence.holiday_views.OWED_PER_PAGE", 1)
    client = client_for(holiday.hanne)
    bob, carol_name = holiday.person(holiday.bob).name, carol.name
    pages = [client.get("/replacement-holiday/", {"page": n}).content.decode() for n in (1, 2)]
    assert [(bob in p, carol_name in p) for p in pages] == [(True, False), (False, True)]
    assert "Side 1 af 2" in pages[0] and "Side 2 af 2" in pages[1]
    events = AuditEvent.objects.filter(detail="replacement holiday").order_by("pk")
    assert [
        list(AuditSubject.objects.filter(event=e).values_list("person__name", flat=True))
        for e in events
    ] == [[bob], [carol_name]]
