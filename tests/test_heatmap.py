"""The heat map summed by the database (``naervaer.statistics.daily``) against the reference
computation (``daily_absence_share`` and ``person_figures`` over every employment and spell of
the scope, as the page computed it before), on generated organisations: several units, part
time, partial absence, leave, child's sickness, employments starting and ending in the period,
people with two employments in two units, ongoing spells."""

from __future__ import annotations

import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal

import pytest

from naervaer.absence.models import AbsenceDegree, AbsenceSpell, Kind, TimeOff, TimeOffKind
from naervaer.people.models import Employment, Person
from naervaer.rules.statistics import months as core_months
from naervaer.statistics import daily
from naervaer.statistics.daily import heat_map
from naervaer.statistics.selectors import Scope
from tests.conftest import World, client_for

TODAY = dt.date(2026, 11, 27)
D = dt.date


def _reference(
    scope: Scope, start: dt.date, end: dt.date, today: dt.date
) -> tuple[dict[dt.date, float], tuple[int, float] | None]:
    """The heat map as ``calendar_view`` computed it from every row of the scope
    (``daily_absence_share`` and ``person_figures``)."""
    found = daily.from_rows(scope, start, end, today, concentration=True)
    return found.shares, found.concentration


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def _generate(world: World, seed: int, people: int = 40) -> None:
    """An organisation whose every case the heat map must get right, drawn at random."""
    rng = random.Random(seed)
    units = [world.pleje, world.nord, world.syd, world.admin_unit]
    for n in range(people):
        person = Person.objects.create(
            organisation=world.acme, employee_id=f"g{seed}-{n}", name=f"Person {n}"
        )
        start = _day(rng, D(2024, 1, 1), D(2026, 9, 30))
        end = rng.choice([None, None, _day(rng, start, D(2027, 3, 31))])
        hours = [Decimal("37"), Decimal("30"), Decimal("18.5"), Decimal("32.5")]
        Employment.objects.create(
            person=person,
            unit=rng.choice(units),
            weekly_hours=rng.choice(hours),
            start=start,
            end=end,
        )
        if rng.random() < 0.3:  # a second employment: after the first, or alongside it
            second = (
                end + dt.timedelta(days=rng.randint(1, 60))
                if end is not None and rng.random() < 0.5
                else _day(rng, start + dt.timedelta(days=1), D(2026, 10, 31))
            )
            Employment.objects.create(
                person=person,
                unit=rng.choice(units),
                weekly_hours=rng.choice(hours),
                start=second,
                end=rng.choice([None, second + dt.timedelta(days=90)]),
            )
        first = _day(rng, D(2025, 6, 1), D(2025, 9, 1))
        for _spell in range(rng.randint(0, 5)):
            if first > TODAY:
                break
            length = rng.choice([1, 2, 3, 5, 10, 20, 45, 90])
            last = first + dt.timedelta(days=length - 1)
            ongoing = last >= TODAY or rng.random() < 0.05
            spell = AbsenceSpell.objects.create(
                person=person,
                first_day=first,
                last_day=None if ongoing else last,
                kind=rng.choice([Kind.SICKNESS, Kind.SICKNESS, Kind.PREGNANCY, Kind.WORK_ACCIDENT]),
            )
            if rng.random() < 0.9:  # a few spells have no degree rows: 100 % throughout
                AbsenceDegree.objects.create(spell=spell, from_day=first, percent=100)
                step = first
                while rng.random() < 0.4:  # partial return, step by step
                    step += dt.timedelta(days=rng.randint(1, 15))
                    AbsenceDegree.objects.create(
                        spell=spell, from_day=step, percent=rng.choice([25, 40, 50, 75, 100])
                    )
            if ongoing:
                break
            first = last + dt.timedelta(days=rng.randint(1, 120))
        for kind in TimeOffKind:
            for _row in range(rng.randint(0, 2)):
                leave_first = _day(rng, D(2025, 6, 1), D(2026, 12, 31))
                TimeOff.objects.get_or_create(
                    person=person,
                    kind=kind,
                    first_day=leave_first,
                    defaults={
                        "last_day": leave_first + dt.timedelta(days=rng.randint(0, 20)),
                        "percent": rng.choice([100, 100, 50, 30]),
                    },
                )


def _scopes(world: World) -> list[Scope]:
    some = set(
        Person.objects.filter(organisation=world.acme)
        .order_by("pk")
        .values_list("pk", flat=True)[::3]
    )
    # A manager's people: those employed in Nord and Syd today, read through those units
    # (``Scope.home``), less the people who have left, plus the people's rows elsewhere.
    home = frozenset({world.nord.pk, world.syd.pk})
    led = set(
        Employment.objects.filter(unit__in=home, start__lte=TODAY)
        .exclude(end__lt=TODAY)
        .values_list("person_id", flat=True)
    )
    return [
        Scope(world.acme.pk),
        Scope(world.acme.pk, under_unit=world.pleje),
        Scope(world.acme.pk, under_unit=world.nord),
        Scope(world.acme.pk, under_unit=world.admin_unit),
        Scope(world.acme.pk, person_ids=some),
        Scope(world.acme.pk, person_ids=set()),
        Scope(world.acme.pk, person_ids=led, home=home),
        Scope(world.acme.pk, person_ids=led, under_unit=world.pleje, home=home),
    ]


PERIODS = [
    # Whole months: the stored days, and the month of today live.
    (D(2025, 12, 1), D(2026, 11, 30)),  # the last 12 months: ongoing spells run to today
    (D(2025, 1, 1), D(2025, 12, 31)),  # every month over; spells ongoing since run through it
    (D(2026, 11, 1), D(2027, 2, 28)),  # runs past today
    # Not whole months: from the rows, or by the query.
    (D(2025, 11, 13), D(2026, 10, 20)),  # ongoing spells run past the end
    (D(2026, 11, 2), D(2027, 1, 29)),  # runs past today
]


@pytest.fixture
def by_query(monkeypatch: pytest.MonkeyPatch) -> None:
    """The database's query, however small the scope (not the rows read into Python)."""
    monkeypatch.setattr(daily, "LIVE_UP_TO", -1)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.usefixtures("by_query")
def test_the_heat_map_equals_the_reference(world: World, seed: int) -> None:
    _generate(world, seed)
    compared = 0
    for scope in _scopes(world):
        for start, end in PERIODS:
            shares, top = _reference(scope, start, end, TODAY)
            found = heat_map(scope, start, end, TODAY)
            assert found.shares.keys() == shares.keys()
            for day, share in shares.items():
                assert found.shares[day] == pytest.approx(share, abs=1e-12), day
            if top is None:
                assert found.concentration is None
            else:
                assert found.concentration is not None
                assert found.concentration[0] == top[0]
                assert found.concentration[1] == pytest.approx(top[1], abs=1e-12)
            compared += len(shares)
    assert compared > 1000  # the generated data is not empty


@pytest.mark.usefixtures("by_query")
def test_without_concentration_no_per_person_sums(world: World) -> None:
    _generate(world, 4, people=10)
    found = heat_map(
        Scope(world.acme.pk), D(2025, 12, 1), D(2026, 11, 30), TODAY, concentration=False
    )
    assert found.concentration is None and found.shares


@pytest.mark.parametrize("live_up_to", [-1, 10_000], ids=["query", "rows"])
def test_a_drill_down_counts_only_its_own_employments(
    world: World, live_up_to: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bob leads a double life: 37 hours in Nord, 30 in Admin; absent from both on 2 November.
    Nord's heat map counts his Nord hours only: Alice's 7.4 and his 7.4, absent 7.4 of 14.8."""
    monkeypatch.setattr(daily, "LIVE_UP_TO", live_up_to)
    bob = world.person(world.bob)
    Employment.objects.filter(person=bob).update(weekly_hours=Decimal("37"))
    Employment.objects.create(
        person=bob, unit=world.admin_unit, weekly_hours=Decimal("30"), start=D(2026, 1, 1)
    )
    AbsenceSpell.objects.create(person=bob, first_day=D(2026, 11, 2), last_day=D(2026, 11, 2))
    nord = heat_map(
        Scope(world.acme.pk, under_unit=world.nord), D(2026, 11, 2), D(2026, 11, 3), TODAY
    )
    assert nord.shares == {D(2026, 11, 2): 0.5, D(2026, 11, 3): 0.0}
    assert nord.concentration == (1, 1.0)
    admin = heat_map(
        Scope(world.acme.pk, under_unit=world.admin_unit), D(2026, 11, 2), D(2026, 11, 2), TODAY
    )
    # Admin: Hanne 7.4 and Bob 6 hours; Bob's 6 lost.
    assert admin.shares == {D(2026, 11, 2): pytest.approx(6 / 13.4)}


def _floatformat(value: float, places: int) -> str:
    """Django's ``floatformat`` in Danish: half up, decimal comma."""
    exponent = Decimal(1).scaleb(-places)
    return str(Decimal(str(value)).quantize(exponent, ROUND_HALF_UP)).replace(".", ",")


@pytest.mark.frozen_at(dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC))
@pytest.mark.usefixtures("frozen_today")
@pytest.mark.parametrize("live_up_to", [-1, 10_000], ids=["query", "rows"])
def test_the_page_shows_the_reference_figures(
    world: World, live_up_to: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(daily, "LIVE_UP_TO", live_up_to)
    _generate(world, 5)
    period = {"from": "2025-12-01", "to": "2026-11-30"}
    shares, top = _reference(Scope(world.acme.pk), D(2025, 12, 1), D(2026, 11, 30), TODAY)
    page = client_for(world.hanne).get("/statistics/calendar/", period).content.decode()
    assert top is not None
    assert f"står for {_floatformat(100 * top[1], 0)} % af alt fravær" in page
    for day, share in shares.items():
        assert f'title="{day:%d.%m.%Y}: {_floatformat(100 * share, 1)} %"' in page
    assert page.count("title=") == len(shares)
    # A manager's page counts the people they lead only.
    alice = world.person(world.alice)
    led = set(Employment.objects.filter(unit=world.nord).values_list("person_id", flat=True))
    assert alice.pk in led
    shares, _top = _reference(
        Scope(world.acme.pk, person_ids=led - {alice.pk}), D(2025, 12, 1), D(2026, 11, 30), TODAY
    )
    page = client_for(world.alice).get("/statistics/calendar/", period).content.decode()
    assert page.count("title=") == len(shares)
    assert client_for(world.bob).get("/statistics/calendar/", period).status_code == 403


def test_months_built_before_the_days_are_computed_from_the_rows(world: World) -> None:
    """A month built before the heat map's days existed (migration 0010) has none stored: the
    heat map is computed from the rows until it is built again, then read from the days."""
    from naervaer.statistics import aggregates
    from naervaer.statistics.models import BuiltMonth, PersonDay, SubtreeDay, UnitDay

    _generate(world, 6, people=15)
    scope, period = Scope(world.acme.pk), (D(2025, 12, 1), D(2026, 11, 30))
    shares, top = _reference(scope, *period, TODAY)
    aggregates.ensure_built(world.acme.pk, core_months(*period))
    # What an upgraded database holds: months built, with no days.
    BuiltMonth.objects.update(days_counted=False)
    for model in (PersonDay, UnitDay, SubtreeDay):
        model.objects.all().delete()
    found = heat_map(scope, *period, TODAY)
    assert found.shares == pytest.approx(shares, abs=1e-12)
    assert found.concentration == pytest.approx(top)
    aggregates.rebuild_built(world.acme.pk)
    assert not BuiltMonth.objects.filter(days_counted=False).exists()
    assert SubtreeDay.objects.exists()
    found = heat_map(scope, *period, TODAY)
    assert found.shares == pytest.approx(shares, abs=1e-12)
    assert found.concentration == pytest.approx(top)
