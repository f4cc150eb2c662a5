"""The AMO's disclosure decisions are kept per month (``BuiltMonth.decision``) and made again
exactly when the facts of a month change: by a change to absence, employments, dates of birth
or the unit tree in the change's own transaction, by the calendar (an ongoing spell moving into
a longer band, the running month growing), or by the rules. A kept decision always equals one
made from scratch (TODAY is 18 November 2026)."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from naervaer.absence.models import AbsenceSpell
from naervaer.absence.services import correct_spell, delete_spell, register_return, register_sick
from naervaer.demo.generator import build_demo
from naervaer.importexport.importers import import_absences, import_employees
from naervaer.importexport.tabular import read_table
from naervaer.operations.retention import apply_retention
from naervaer.people.models import Employment, Organisation, Person, Unit
from naervaer.people.unit_admin import change_unit
from naervaer.rules import disclosure as rules
from naervaer.rules import statistics as core
from naervaer.statistics import aggregates, disclosure
from naervaer.statistics.models import BuiltMonth

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
TODAY = dt.date(2026, 11, 18)
START, END = dt.date(2025, 12, 1), TODAY  # twelve months, the running one last
NOV, OCT = dt.date(2026, 11, 1), dt.date(2026, 10, 1)
Dumped = dict[dt.date, dict[str, Any]]


@pytest.fixture
def org() -> Organisation:
    org = build_demo(
        "kept", employees=60, years=2, today=TODAY, with_logins=False, with_follow_up=False
    ).organisation
    aggregates.ensure_built(org.pk, core.months(START, END))
    return org


class Asked:
    """The months whose facts ``disclosure.decide`` read (not kept, or no longer holding)."""

    def __init__(self) -> None:
        self.months: list[dt.date] = []


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> Asked:
    found = Asked()
    facts = disclosure._facts

    def spy(organisation_id: int, months: Any, today: dt.date) -> Any:
        found.months.extend(first for first, _last in months)
        return facts(organisation_id, months, today)

    monkeypatch.setattr(disclosure, "_facts", spy)
    return found


def dumped(decision: rules.Decision) -> Dumped:
    return {
        m: rules.MonthDecision(p, decision.categories[m]).dump() for m, p in decision.months.items()
    }


def kept(org: Organisation, today: dt.date = TODAY) -> Dumped:
    return dumped(disclosure.decide(org.pk, START, END, today))


def fresh(org: Organisation, today: dt.date = TODAY) -> Dumped:
    """The decisions made from scratch (nothing kept; rolled back afterwards)."""
    with transaction.atomic():
        BuiltMonth.objects.filter(organisation=org).update(decision=None)
        result = kept(org, today)
        transaction.set_rollback(True)
    return result


def decided_again(org: Organisation, asked: Asked, today: dt.date = TODAY) -> set[dt.date]:
    """Decide the year; returns the months whose facts had to be read again, after checking the
    whole decision against one made from scratch."""
    asked.months.clear()
    result = kept(org, today)
    again = set(asked.months)
    assert result == fresh(org, today)
    return again


def months_of(first: dt.date, last: dt.date) -> set[dt.date]:
    return {m for m, _last in core.months(first, last)}


def someone(org: Organisation) -> Person:
    """Someone employed throughout the year, with no absence from 1 September on."""
    for person in Person.objects.filter(organisation=org).order_by("pk"):
        jobs = list(person.employments.all())
        if (
            len(jobs) == 1
            and jobs[0].start < START
            and not jobs[0].end
            and not person.spells.filter(first_day__gte=dt.date(2026, 8, 1)).exists()
            and not person.spells.filter(last_day__isnull=True).exists()
        ):
            return person
    raise AssertionError("the demo has nobody free")


def test_a_kept_decision_is_used_as_it_is(org: Organisation, asked: Asked) -> None:
    first = kept(org)
    assert set(asked.months) == months_of(START, END)  # all made, and kept
    assert BuiltMonth.objects.filter(organisation=org, decision__isnull=False).count() == 12
    asked.months.clear()
    assert kept(org) == first
    assert asked.months == []
    # Months never built are decided on the spot each time, and not kept.
    earlier = (dt.date(2023, 1, 1), dt.date(2023, 1, 31))
    disclosure.decide(org.pk, *earlier, TODAY)
    disclosure.decide(org.pk, *earlier, TODAY)
    assert asked.months == [dt.date(2023, 1, 1)] * 2


def test_each_change_decides_again_only_the_months_it_touches(
    org: Organisation, asked: Asked
) -> None:
    person = someone(org)
    kept(org)
    # An ended spell across two months: those two.
    spell = register_sick(person, dt.date(2026, 1, 28), last_day=dt.date(2026, 2, 3), by=None)
    assert decided_again(org, asked) == {dt.date(2026, 1, 1), dt.date(2026, 2, 1)}
    # Its kind corrected: the same two.
    correct_spell(
        spell, by=None, first_day=spell.first_day, last_day=spell.last_day, kind="work_accident",
        section56=False, work_environment_related=False,
    )  # fmt: skip
    assert decided_again(org, asked) == {dt.date(2026, 1, 1), dt.date(2026, 2, 1)}
    # Sick from today, ongoing: the running month.
    ongoing = register_sick(person, TODAY, by=None)
    assert decided_again(org, asked) == {NOV}
    # The ongoing spell moved back into September: every month from then.
    ongoing = correct_spell(
        ongoing, by=None, first_day=dt.date(2026, 9, 14), last_day=None, kind="sickness",
        section56=False, work_environment_related=False,
    )  # fmt: skip
    assert decided_again(org, asked) == months_of(dt.date(2026, 9, 1), END)
    # Moved forward to October: September too, where it no longer is.
    ongoing = correct_spell(
        ongoing, by=None, first_day=dt.date(2026, 10, 5), last_day=None, kind="sickness",
        section56=False, work_environment_related=False,
    )  # fmt: skip
    assert decided_again(org, asked) == months_of(dt.date(2026, 9, 1), END)
    # Back at work: the months it was ongoing in.
    register_return(ongoing, dt.date(2026, 10, 20), by=None)
    assert decided_again(org, asked) == months_of(dt.date(2026, 10, 1), END)
    # A spell registered by mistake, ongoing since October, deleted.
    mistake = register_sick(person, dt.date(2026, 10, 26), by=None)
    decided_again(org, asked)
    delete_spell(mistake, by=None)
    assert decided_again(org, asked) == {OCT, NOV}
    # An ended spell ended earlier: the months it no longer reaches too.
    ended = register_sick(person, dt.date(2026, 8, 3), last_day=dt.date(2026, 9, 25), by=None)
    decided_again(org, asked)
    register_return(ended, dt.date(2026, 8, 20), by=None)
    assert decided_again(org, asked) == {dt.date(2026, 8, 1), dt.date(2026, 9, 1)}
    # Nothing changed: nothing made again.
    assert decided_again(org, asked) == set()


def test_imports_unit_moves_and_retention_decide_again(org: Organisation, asked: Asked) -> None:
    person = someone(org)
    kept(org)
    absences = (
        "employee_id,first_day,last_day,percent,kind\n"
        f"{person.employee_id},2026-03-02,2026-03-06,100,sickness\n"
    )
    assert import_absences(org, read_table(absences.encode(), "absences.csv")).ok
    assert decided_again(org, asked) == months_of(dt.date(2026, 3, 1), END)
    # Only a date of birth changed (the age bands): every month.
    job = person.employments.get()
    employees = (
        "employee_id,name,unit,manager_id,weekly_hours,employment_start,employment_end,"
        "birth_date\n"
        f"{person.employee_id},{person.name},{job.unit.path},,{job.weekly_hours},{job.start},,"
        "1990-05-17\n"
    )
    assert import_employees(org, read_table(employees.encode(), "employees.csv")).ok
    assert Person.objects.get(pk=person.pk).birth_date == dt.date(1990, 5, 17)
    assert decided_again(org, asked) == months_of(START, END)
    # A unit moved under another: every month (the clusters follow the tree).
    leaf = Unit.objects.filter(organisation=org, parent__isnull=False).order_by("pk").last()
    top = Unit.objects.filter(organisation=org, parent__isnull=True).order_by("pk").first()
    assert leaf is not None and top is not None and leaf.parent_id != top.pk
    change_unit(leaf, leaf.name, top, by="test")
    assert decided_again(org, asked) == months_of(START, END)
    # The retention rules delete old absence: every built month is built and decided again.
    assert apply_retention(org, dt.date(2030, 3, 1)).spells_deleted  # five years kept
    assert decided_again(org, asked) == months_of(START, END)


def test_the_calendar_ends_a_decision(org: Organisation, asked: Asked) -> None:
    """An ongoing spell begun on 31 October is 1–3 days long up to 2 November, 4–14 from
    3 November: October's decision holds up to 2 November. The running month's holds a day."""
    assert core.band_kept_until(dt.date(2026, 10, 31), dt.date(2026, 11, 2)) == dt.date(2026, 11, 2)
    person = someone(org)
    register_sick(person, dt.date(2026, 10, 31), by=None)
    november_2, november_3 = dt.date(2026, 11, 2), dt.date(2026, 11, 3)
    kept(org, november_2)
    assert decided_again(org, asked, november_2) == set()
    assert decided_again(org, asked, november_3) == {OCT, NOV}
    assert decided_again(org, asked, november_3) == set()
    # Asked as of an earlier day than it was made on, a decision is made again.
    assert decided_again(org, asked, november_2) == {OCT, NOV}
    # From its 57th day (26 December) the spell is 57+ for good: October then holds for good
    # (November has the demo's own ongoing spells, younger, which still change band).
    assert decided_again(org, asked, dt.date(2026, 12, 27)) == {OCT, NOV}
    assert OCT not in decided_again(org, asked, dt.date(2027, 6, 1))


def test_other_rules_decide_again(
    org: Organisation, asked: Asked, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept(org)
    monkeypatch.setattr(disclosure, "min_group_size", lambda today: 6)
    assert decided_again(org, asked) == months_of(START, END)


def test_a_change_while_deciding_is_not_overwritten(
    org: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A change that lands between reading a month's facts and keeping its decision wins: the
    decision made from the older facts is not kept (the generation read first is compared)."""
    person = someone(org)
    facts = disclosure._facts

    def meanwhile(organisation_id: int, months: Any, today: dt.date) -> Any:
        result = facts(organisation_id, months, today)
        monkeypatch.setattr(disclosure, "_facts", facts)
        register_sick(person, dt.date(2026, 11, 16), by=None)  # after the facts were read
        return result

    monkeypatch.setattr(disclosure, "_facts", meanwhile)
    kept(org)
    assert not BuiltMonth.objects.get(organisation=org, month=NOV).decision
    assert BuiltMonth.objects.get(organisation=org, month=OCT).decision
    assert kept(org) == fresh(org)


def test_a_unit_made_while_deciding_is_not_shown(
    org: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An employee import that lands after the tree was read, with a new unit of two people:
    the facts then hold people the tree has no unit for, so nothing of those months is shown
    (the new unit's people are in the organisation's figures, in no cluster), and nothing of
    it is kept."""
    facts = disclosure._facts
    new_unit: list[Unit] = []

    def meanwhile(organisation_id: int, months: Any, today: dt.date) -> Any:
        monkeypatch.setattr(disclosure, "_facts", facts)
        employees = (
            "employee_id,name,unit,manager_id,weekly_hours,employment_start,employment_end\n"
        )
        employees += "".join(f"ny-{i},Ny {i},Nyt sted,,37,2025-01-01,\n" for i in range(2))
        assert import_employees(org, read_table(employees.encode(), "e.csv")).ok
        new_unit.append(Unit.objects.get(organisation=org, path="Nyt sted"))
        return facts(organisation_id, months, today)

    monkeypatch.setattr(disclosure, "_facts", meanwhile)
    decision = disclosure.decide(org.pk, START, END, TODAY)
    months = [m for m, _last in core.months(START, END)]
    assert not decision.publishable([new_unit[0].pk], months[:1])
    assert not decision.publishable(decision.everyone(), months[:1])
    assert not BuiltMonth.objects.filter(organisation=org, decision__isnull=False).exists()
    assert kept(org) == fresh(org)


def test_a_month_built_again_while_deciding_is_not_kept(
    org: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A change, then a full rebuild, land while a decision is made: the rebuilt month's row
    counts generations from the start again, so the generation alone would match; the row
    read first no longer exists, and nothing is kept in the new one."""
    person = someone(org)
    facts = disclosure._facts

    def meanwhile(organisation_id: int, months: Any, today: dt.date) -> Any:
        result = facts(organisation_id, months, today)
        monkeypatch.setattr(disclosure, "_facts", facts)
        register_sick(person, dt.date(2026, 3, 2), last_day=dt.date(2026, 3, 4), by=None)
        aggregates.rebuild(org.pk, TODAY)
        return result

    monkeypatch.setattr(disclosure, "_facts", meanwhile)
    kept(org)
    assert not BuiltMonth.objects.filter(organisation=org, decision__isnull=False).exists()
    assert kept(org) == fresh(org)


@st.composite
def changes(draw: st.DrawFn) -> list[tuple[str, int, int, int]]:
    """A few changes: (what, whom, day offset in the year, length or unit)."""
    return draw(
        st.lists(
            st.tuples(
                st.sampled_from(
                    [
                        "sick",
                        "ongoing",
                        "soon",
                        "return",
                        "cut",
                        "correct",
                        "delete",
                        "move",
                        "regroup",
                        "born",
                    ]
                ),
                st.integers(0, 59),
                st.integers(0, 350),
                st.integers(1, 45),
            ),
            min_size=1,
            max_size=4,
        )
    )


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=changes())
def test_after_any_changes_the_kept_decisions_equal_fresh_ones(
    org: Organisation, steps: list[tuple[str, int, int, int]]
) -> None:
    people = list(Person.objects.filter(organisation=org).order_by("pk"))
    units = list(Unit.objects.filter(organisation=org).order_by("pk"))
    with transaction.atomic():
        kept(org)
        for what, whom, offset, length in steps:
            person = people[whom % len(people)]
            day = START + dt.timedelta(days=offset)
            spells = person.spells.order_by("first_day")
            ongoing = person.spells.filter(last_day__isnull=True).first()
            for change in _change(what, person, day, length, offset, spells, ongoing, units, org):
                with contextlib.suppress(ValidationError):  # a refused change changes nothing
                    change()
            assert kept(org) == fresh(org)
        transaction.set_rollback(True)


def _change(
    what: str,
    person: Person,
    day: dt.date,
    length: int,
    offset: int,
    spells: Any,
    ongoing: AbsenceSpell | None,
    units: list[Unit],
    org: Organisation,
) -> Iterator[Any]:
    if what == "sick" and day + dt.timedelta(days=length) < TODAY:
        yield lambda: register_sick(person, day, last_day=day + dt.timedelta(days=length), by=None)
    elif what == "ongoing" and day <= TODAY:
        yield lambda: register_sick(person, day, by=None)
    elif what == "soon":  # sick from a day soon: ongoing, not begun yet
        yield lambda: register_sick(person, TODAY + dt.timedelta(days=1 + offset % 10), by=None)
    elif what == "return" and ongoing is not None:
        yield lambda: register_return(
            ongoing, ongoing.first_day + dt.timedelta(days=length), by=None
        )
    elif what == "cut" and spells.filter(last_day__isnull=False).exists():
        ended = spells.filter(last_day__isnull=False)
        spell = ended[offset % ended.count()]
        yield lambda: register_return(spell, spell.first_day + dt.timedelta(days=1), by=None)
    elif what == "correct" and spells.exists():
        spell = spells[offset % spells.count()]
        last = None if length % 2 else spell.first_day + dt.timedelta(days=length % 7)
        yield lambda: correct_spell(
            spell, by=None, first_day=spell.first_day - dt.timedelta(days=length % 20),
            last_day=last, kind="pregnancy", section56=False, work_environment_related=False,
        )  # fmt: skip
    elif what == "delete" and spells.exists():
        yield lambda: delete_spell(spells[offset % spells.count()], by=None)
    elif what == "move":
        job = person.employments.order_by("-start").first()
        if job is not None and job.start < day and (job.end is None or job.end > day):

            def move(job: Employment = job) -> None:
                job.end = day
                job.save()
                Employment.objects.create(
                    person=person,
                    unit=units[length % len(units)],
                    weekly_hours=Decimal("20"),
                    start=day + dt.timedelta(days=1),
                )
                aggregates.employments_changed(org.pk)

            yield move
    elif what == "regroup":
        unit = Unit.objects.get(pk=units[length % len(units)].pk)
        parent = Unit.objects.get(pk=units[offset % len(units)].pk) if offset % 3 else None
        yield lambda: change_unit(unit, unit.name, parent, by="test")
    elif what == "born":
        job = person.employments.order_by("-start").first()
        if job is not None:
            born = dt.date(1960, 1, 1) + dt.timedelta(days=offset * 50)
            employees = (
                "employee_id,name,unit,manager_id,weekly_hours,employment_start,"
                "employment_end,birth_date\n"
                f"{person.employee_id},{person.name},{job.unit.path},,{job.weekly_hours},"
                f"{job.start},{job.end or ''},{born}\n"
            )
            yield lambda: import_employees(org, read_table(employees.encode(), "e.csv"))


def test_a_worker_decides_again_what_a_change_ended(
    org: Organisation, asked: Asked, django_capture_on_commit_callbacks: Any
) -> None:
    """Once a change commits, a task makes the months it touched again, so the AMO's next page
    reads them kept (the tests' queue runs a task at once)."""
    person = someone(org)
    kept(org)
    asked.months.clear()
    with django_capture_on_commit_callbacks(execute=True) as queued:
        register_sick(person, dt.date(2026, 4, 6), last_day=dt.date(2026, 4, 10), by=None)
    assert len(queued) == 1  # one task for the change
    assert asked.months == [dt.date(2026, 4, 1)]  # by the task
    assert decided_again(org, asked) == set()  # the page has nothing left to do
    # The task decides in windows of at most twelve months, and only what no longer holds.
    disclosure.changed(org.pk)
    asked.months.clear()
    assert (
        disclosure.decide_again(org.pk, TODAY)
        == BuiltMonth.objects.filter(organisation=org).count()
    )
    assert disclosure.decide_again(org.pk, TODAY) == 0
    assert decided_again(org, asked) == set()


def test_a_save_through_the_orm_decides_again(org: Organisation, asked: Asked) -> None:
    """The safety net under the writers: an employment or a date of birth saved one at a time
    (not by the import, which says so itself) ends every month's decision."""
    person = someone(org)
    kept(org)
    unit = Unit.objects.filter(organisation=org).order_by("pk").last()
    assert unit is not None
    newcomer = Person.objects.create(organisation=org, employee_id="ny-1", name="Ny")
    assert decided_again(org, asked) == set()  # nobody employed yet
    Employment.objects.create(
        person=newcomer, unit=unit, weekly_hours=Decimal("37"), start=dt.date(2026, 2, 1)
    )
    assert decided_again(org, asked) == months_of(START, END)
    person.name = "Omdøbt"
    person.save()
    assert decided_again(org, asked) == set()  # a name is not a fact of the decision
    person.birth_date = dt.date(1966, 3, 3)
    person.save()
    assert decided_again(org, asked) == months_of(START, END)
