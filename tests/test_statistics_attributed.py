"""The job-group and age-band figures summed from the stored monthly rows
(``naervaer.statistics.attributed``) equal the live computation they replace, on a generated
organisation with the cases that make a person-month live: a birthday across a band's boundary
inside a month, a change of job group inside a month in one unit, two employments overlapping,
ongoing spells over the month that runs; for a unit, a manager's people and the AMO, and for a
period that cuts months (TODAY is 18 November 2026)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Count

from naervaer.absence.models import AbsenceSpell, TimeOff
from naervaer.demo.generator import build_demo
from naervaer.people.models import Employment, Organisation, Person, Unit
from naervaer.rules import statistics as core
from naervaer.statistics import age as age_module
from naervaer.statistics import aggregates
from naervaer.statistics.age import AgeScope, AgeTable, by_age_band
from naervaer.statistics.selectors import JobGroups, Scope, _job_groups_live, job_group_figures
from tests.conftest import World, make_person
from tests.test_age_statistics import aged, born

__all__ = ["aged"]  # the fixture, used by name

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
D = dt.date
TODAY = D(2026, 11, 18)
PERIODS = [
    (D(2025, 12, 1), D(2026, 11, 30)),  # a year up to the month that runs
    (D(2025, 11, 1), D(2026, 10, 31)),  # a year of months that are over
    (D(2026, 3, 1), D(2026, 6, 30)),
    (D(2025, 11, 19), D(2026, 11, 18)),  # cuts months: live
]


def _sick(person: Person, first: dt.date, last: dt.date | None, kind: str = "sickness") -> None:
    """A spell of ``person``, replacing the ones it would overlap."""
    AbsenceSpell.objects.filter(person=person, first_day__lte=last or TODAY).exclude(
        last_day__lt=first
    ).delete()
    AbsenceSpell.objects.create(person=person, first_day=first, last_day=last, kind=kind)


def _employment(person: Person) -> Employment:
    return person.employments.order_by("start").first()  # type: ignore[return-value]


@pytest.fixture
def org() -> Organisation:
    org = build_demo(
        "attr", employees=80, years=2, today=TODAY, with_logins=False, with_follow_up=False
    ).organisation
    people = list(Person.objects.filter(organisation=org).order_by("pk"))
    # Birthdays across a band's boundary inside a month (turning 50 on 14 March, 60 on 10
    # November, the month that runs, 30 on 1 March for a 29 February birthday: a boundary on a
    # month's first day), a spell ending on each side of the birthday; one without a birthday.
    for i, person in enumerate(people):  # two large bands (the AMO sees them), a few others
        person.birth_date = D(1980 if i % 8 else 1958 + i % 40, 1 + i % 12, 1 + (i * 5) % 28)
    Person.objects.bulk_update(people, ["birth_date"])
    born = {
        0: D(1976, 3, 14),
        1: D(1966, 11, 10),
        2: D(1996, 2, 29),
        3: D(1986, 7, 31),
        4: None,
    }
    for index, day in born.items():
        people[index].birth_date = day
        people[index].save(update_fields=["birth_date"])
    _sick(people[0], D(2026, 3, 2), D(2026, 3, 4))
    _sick(people[0], D(2026, 3, 20), D(2026, 3, 23))
    _sick(people[1], D(2026, 11, 3), None)  # ongoing over the birthday and the month that runs
    _sick(people[3], D(2026, 7, 27), D(2026, 8, 12))
    # A change of job group inside May in the same unit, absent on both sides of it.
    changed = _employment(people[5])
    changed.start = min(changed.start, D(2025, 1, 1))
    changed.end = D(2026, 5, 15)
    changed.job_group = "Pædagogisk personale"
    changed.save()
    Employment.objects.create(
        person=people[5],
        unit=changed.unit,
        start=D(2026, 5, 16),
        weekly_hours=Decimal("30"),
        job_group="Administrativt personale",
    )
    _sick(people[5], D(2026, 5, 11), D(2026, 5, 19))
    # A second job overlapping the first in the same unit, with another job group, a spell
    # ending while both run (counted once live, once per employment in the stored rows).
    first = _employment(people[6])
    Employment.objects.create(
        person=people[6],
        unit=first.unit,
        start=D(2026, 6, 10),
        end=D(2026, 8, 20),
        weekly_hours=Decimal("7.5"),
        job_group="Rengøring",
    )
    _sick(people[6], D(2026, 6, 15), D(2026, 6, 17))
    # The same job group twice at once, in another unit; and a job without a job group.
    other_unit = Unit.objects.filter(organisation=org).exclude(pk=first.unit_id).first()
    assert other_unit is not None
    Employment.objects.create(
        person=people[7],
        unit=other_unit,
        start=D(2026, 2, 1),
        end=D(2026, 4, 15),
        weekly_hours=Decimal("10"),
        job_group=_employment(people[7]).job_group,
    )
    _sick(people[7], D(2026, 4, 1), D(2026, 4, 2))
    no_group = _employment(people[8])
    no_group.end = D(2026, 9, 9)
    no_group.save()
    Employment.objects.create(
        person=people[8], unit=no_group.unit, start=D(2026, 9, 10), weekly_hours=Decimal("37")
    )
    _sick(people[8], D(2026, 9, 7), D(2026, 9, 15))
    for person in people[9:12]:  # ongoing since months that are over
        _sick(person, D(2026, 8, 3) + dt.timedelta(days=person.pk % 20), None)
    TimeOff.objects.create(
        person=people[5], kind="child_sickness", first_day=D(2026, 5, 14), last_day=D(2026, 5, 18)
    )
    TimeOff.objects.create(
        person=people[0], kind="holiday", first_day=D(2026, 3, 16), last_day=D(2026, 3, 20)
    )
    aggregates.rebuild(org.pk, TODAY)
    return org


def _scopes(org: Organisation) -> list[tuple[Scope, AgeScope]]:
    unit = (
        Unit.objects.filter(organisation=org, path__contains="/")
        .annotate(n=Count("employments"))
        .order_by("-n", "path")
        .first()
    )
    top = Unit.objects.filter(organisation=org).exclude(path__contains="/").order_by("path").first()
    assert unit is not None and top is not None
    team = set(
        Employment.objects.filter(unit__path__startswith=top.path).values_list(
            "person_id", flat=True
        )
    )
    return [
        (Scope(org.pk), AgeScope(org.pk)),
        (Scope(org.pk, None, top), AgeScope(org.pk, None, top)),
        (Scope(org.pk, None, unit), AgeScope(org.pk, None, unit)),
        (Scope(org.pk, team), AgeScope(org.pk, frozenset(team))),
    ]


def _figures(f: core.Figures) -> dict[str, object]:
    return {
        "possible": pytest.approx(f.possible_hours, abs=1e-6),
        "agreed": pytest.approx(f.agreed_hours, abs=1e-6),
        "leave": pytest.approx(f.leave_hours, abs=1e-6),
        "absent": pytest.approx(f.absent_hours, abs=1e-6),
        "years": pytest.approx(f.employee_years, abs=1e-9),
        "by_band": {
            band: pytest.approx(hours, abs=1e-6)
            for band, hours in f.absent_hours_by_band.items()
            if abs(hours) > 1e-9
        },
        "counts": (f.people, f.spells, f.short_spells, f.spell_days, f.leave_estimated),
    }


def _groups(found: JobGroups) -> list[tuple[str, dict[str, object], dict[str, object]]]:
    return [
        (
            group,
            _figures(f),
            {k: pytest.approx(h, abs=1e-6) for k, h in sorted(by_kind.items()) if abs(h) > 1e-9},
        )
        for group, f, by_kind in found
    ]


def _table(table: AgeTable) -> list[tuple[object, ...]]:
    return [(r.key, r.merged, r.people, _figures(r.figures)) for r in table.rows] + [
        ("suppressed", table.suppressed, table.leave_days_estimate)
    ]


@pytest.mark.parametrize("period", PERIODS)
def test_job_groups_from_the_stored_rows_equal_the_live_computation(
    org: Organisation, period: tuple[dt.date, dt.date]
) -> None:
    for scope, _age_scope in _scopes(org):
        for for_amo in (False, True):
            live = _job_groups_live(scope, *period, TODAY, for_amo=for_amo)
            if scope.under_unit is None and scope.person_ids is None:
                assert len(live) > 1, "the organisation has job groups"
            found = job_group_figures(scope, *period, TODAY, for_amo=for_amo)
            assert _groups(found) == _groups(live), (scope, for_amo)


@pytest.mark.parametrize("period", PERIODS)
def test_age_bands_from_the_stored_rows_equal_the_live_computation(
    org: Organisation, period: tuple[dt.date, dt.date], monkeypatch: pytest.MonkeyPatch
) -> None:
    for _scope, scope in _scopes(org):
        for for_amo in (False, True):
            found = by_age_band(scope, *period, TODAY, for_amo=for_amo)
            with monkeypatch.context() as live_only:
                live_only.setattr(age_module, "whole_months", lambda start, end: False)
                live = by_age_band(scope, *period, TODAY, for_amo=for_amo)
            if scope.under_unit is None and scope.person_ids is None and not for_amo:
                assert len(live.rows) > 1
            assert _table(found) == _table(live), (scope, for_amo)


def test_the_cases_that_are_computed_live_are_there(org: Organisation) -> None:
    """The organisation holds what the comparisons must cover: a band change inside a month,
    a change of job group inside a month in one unit, and ongoing absence in the month that
    runs and in months over."""
    table = by_age_band(AgeScope(org.pk), *PERIODS[0], TODAY)
    in_two = [p for r in table.rows for p in r.people if sum(p in q.people for q in table.rows) > 1]
    assert in_two
    groups = {
        group
        for group in Employment.objects.filter(
            person__organisation=org, start=D(2026, 5, 16)
        ).values_list("job_group", flat=True)
    }
    assert groups == {"Administrativt personale"}
    assert AbsenceSpell.objects.filter(person__organisation=org, last_day__isnull=True).count() >= 4


def _age_live(
    monkeypatch: pytest.MonkeyPatch, scope: AgeScope, period: tuple[dt.date, dt.date]
) -> AgeTable:
    with monkeypatch.context() as live_only:
        live_only.setattr(age_module, "whole_months", lambda start, end: False)
        return by_age_band(scope, *period, D(2026, 12, 1), for_amo=True)


@pytest.mark.frozen_at(dt.datetime(2026, 12, 1, 9, 0))
def test_the_amos_age_bands_from_the_stored_rows_equal_the_live_computation(
    aged: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The AMO's merged bands (``test_age_statistics``: 30–39 alone, the rest together), with
    Bob turning 60 inside November, whole months and months that are over."""
    for i in range(5):
        born(make_person(aged.acme, f"30{i}", f"Young {i}", aged.admin_unit), D(1990, 1, 1))
        born(make_person(aged.acme, f"60{i}", f"Old {i}", aged.admin_unit), D(1960, 1, 1))
    scope = AgeScope(aged.acme.pk)
    today = D(2026, 12, 1)
    for period in [(D(2026, 11, 1), D(2026, 11, 30)), (D(2026, 10, 1), D(2026, 12, 31))]:
        found = by_age_band(scope, *period, today, for_amo=True)
        live = _age_live(monkeypatch, scope, period)
        assert not live.suppressed and any(r.merged for r in live.rows)
        assert _table(found) == _table(live)
