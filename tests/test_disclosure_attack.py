"""The differencing attacker against the demo organisation, through the paths the AMO has.

For the demo (deterministic) the attacker collects, as the AMO, every figure of the last 12
full months: the dashboard of the organisation and of every unit (total, drill-down, kinds,
months — the same figures the page, the CSV/XLSX export, the API, the AMO's snapshot, APV
evidence and annual discussion are made from), the heat map of every unit (through the page),
and ``naervaer stats --as-role amo``. Unknowns are atoms (a unit's direct members) × month
× kind for absent hours and atoms × month for agreed hours; a day of the heat map is counted as
its month's equation over the same people (the decision is per month).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Q
from pytest_django import DjangoDbBlocker

from naervaer.absence.models import AbsenceSpell
from naervaer.absence.services import register_sick
from naervaer.demo.generator import DemoSummary, build_demo
from naervaer.people.models import Employment, Organisation, Person, Role, Unit, User
from naervaer.rules.calendar import is_working_day
from naervaer.rules.disclosure import OTHER
from naervaer.rules.statistics import months as months_between
from naervaer.statistics.age import AgeScope, by_age_band
from naervaer.statistics.disclosure import decide
from naervaer.statistics.selectors import Scope, dashboard
from tests.conftest import client_for, make_person, make_user
from tests.disclosure_attack import Attacker, Leak

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 18)
START, END = dt.date(2025, 11, 1), dt.date(2026, 10, 31)
KINDS = ("sickness", "work_accident", "pregnancy")
D = dt.date


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[DemoSummary]:
    with django_db_blocker.unblock():
        summary = build_demo("demo", employees=1500, years=3, today=TODAY)
        yield summary
        from naervaer.demo.generator import delete_demo

        # Every organisation the demo builds (a test may also have rebuilt it in its own,
        # rolled-back transaction).
        delete_demo("demo")


class Org:
    """The attacker's knowledge of the organisation: the tree, and who contributes to what."""

    def __init__(self, org: Organisation) -> None:
        self.org = org
        units = list(Unit.objects.filter(organisation=org))
        self.by_path = {u.path: u for u in units}
        self.children: dict[int, list[int]] = defaultdict(list)
        for u in units:
            if u.parent_id is not None:
                self.children[u.parent_id].append(u.pk)
        self.all = frozenset(u.pk for u in units)
        self.months = [first for first, _ in months_between(START, END)]
        month_spans = months_between(START, END)
        people: dict[tuple[object, ...], set[int]] = defaultdict(set)
        employed: dict[int, list[tuple[int, dt.date, dt.date | None]]] = defaultdict(list)
        for person, unit, start, end in Employment.objects.filter(
            Q(end__isnull=True) | Q(end__gte=START), start__lte=END, person__organisation=org
        ).values_list("person_id", "unit_id", "start", "end"):
            employed[person].append((unit, start, end))
            for first, last in month_spans:
                if start <= last and (end is None or end >= first):
                    people[("hours", unit, first)].add(person)
        for person, first_day, last_day, kind in AbsenceSpell.objects.filter(
            Q(last_day__isnull=True) | Q(last_day__gte=START),
            first_day__lte=END,
            person__organisation=org,
        ).values_list("person_id", "first_day", "last_day", "kind"):
            for first, last in month_spans:
                for unit, start, end in employed[person]:
                    lo = max(first_day, first, start)
                    hi = min(last_day or TODAY, last, end or last)
                    costs = any(
                        is_working_day(lo + dt.timedelta(days=i)) for i in range((hi - lo).days + 1)
                    )
                    begins = first <= first_day <= last and start <= first_day
                    if costs or begins:
                        people[("absence", unit, first, kind)].add(person)
        self.people = people

    def unknowns(self) -> set[object]:
        """Agreed hours and absent hours of each kind of every unit-month with people in it.
        Whether anyone was absent is itself the secret, so a kind nobody had is an unknown too
        (its value happens to be 0)."""
        found: set[object] = set()
        for c, people in list(self.people.items()):
            if c[0] == "hours" and people:
                found.add(c)
                found.update(("absence", c[1], c[2], k) for k in KINDS)
        return found

    def people_of(self, columns: frozenset[object]) -> frozenset[int]:
        """Whom a group of unknowns is about: a unit-month's absence of every kind and its agreed
        hours are about everyone employed there; a kind's absence about those who had it."""
        found: set[int] = set()
        for c in columns:
            assert isinstance(c, tuple)
            if c[0] == "hours":
                found |= self.people[c]
                continue
            _absence, unit, month, _kind = c
            every_kind = all(("absence", unit, month, k) in columns for k in KINDS)
            found |= self.people[("hours", unit, month)] if every_kind else self.people[c]
        return frozenset(found)

    def subtree(self, unit: int) -> frozenset[int]:
        found = {unit}
        for child in self.children.get(unit, []):
            found |= self.subtree(child)
        return frozenset(found)

    def group(
        self, units: frozenset[int], months: list[dt.date], kinds: tuple[str, ...] = KINDS
    ) -> list[list[object]]:
        """The equations of one published group: absent hours (of ``kinds``) and agreed hours."""
        absence: list[object] = [("absence", u, m, k) for u in units for m in months for k in kinds]
        hours: list[object] = [("hours", u, m) for u in units for m in months]
        return [absence, hours] if kinds == KINDS else [absence]


def collect(org: Org, amo: str = "amo") -> Attacker:
    attacker = Attacker(org.unknowns(), org.people_of)

    def learn(units: frozenset[int], months: list[dt.date], kinds: tuple[str, ...] = KINDS) -> None:
        for row in org.group(units, months, kinds):
            attacker.learn(row)

    scopes: list[Unit | None] = [None, *org.by_path.values()]
    for scope in scopes:
        whole = org.all if scope is None else org.subtree(scope.pk)
        board = dashboard(Scope(org.org.pk, None, scope), START, END, TODAY, for_amo=True)
        if not board.total.suppressed:
            learn(whole, org.months)
        for g in board.units:
            if not g.suppressed:
                # The scope's own people (not its subtree) when the group is the scope itself.
                direct = scope if scope is not None and g.key == scope.path else None
                learn(
                    frozenset({direct.pk}) if direct else org.subtree(org.by_path[g.key].pk),
                    org.months,
                )
        named = {g.key for g in board.kinds}
        for g in board.kinds:
            if g.suppressed:
                continue
            kinds = (g.key,) if g.key in KINDS else tuple(k for k in KINDS if k not in named)
            learn(whole, org.months, kinds)
        for g, month in zip(board.months, org.months, strict=True):
            if not g.suppressed:
                learn(whole, [month])
    # The heat map, through the page, for the organisation and every unit.
    client = client_for(User.objects.get(username=amo))
    with time_machine.travel(dt.datetime(2026, 11, 18, 12, 0), tick=False):
        for scope in scopes:
            whole = org.all if scope is None else org.subtree(scope.pk)
            query = f"?from={START}&to={END}" + ("" if scope is None else f"&unit={scope.pk}")
            html = client.get("/statistics/calendar/" + query).content.decode()
            shown = {
                dt.date(int(y), int(m), 1)
                for _d, m, y in re.findall(r'title="(\d\d)\.(\d\d)\.(\d{4}):', html)
            }
            for month in sorted(shown):
                learn(whole, [month])
    # The command line, as the AMO.
    out = StringIO()
    call_command(
        "stats",
        "--org",
        org.org.slug,
        "--from",
        str(START),
        "--to",
        str(END),
        "--as-role",
        "amo",
        "--by",
        "unit",
        "--json",
        stdout=out,
    )
    for g in json.loads(out.getvalue())["groups"]:
        if not g.get("suppressed"):
            learn(org.subtree(org.by_path[g["key"]].pk), org.months)
    return attacker


def describe(org: Org, leak: Leak) -> str:
    paths = {u.pk: u.path for u in org.by_path.values()}
    cells: dict[str, set[str]] = defaultdict(set)
    for c in leak.columns:
        assert isinstance(c, tuple)
        what = c[0] if c[0] == "hours" else f"absence/{c[3]}"
        cells[f"{paths[c[1]]} ({what})"].add(c[2].strftime("%Y-%m"))
    where = "; ".join(f"{k} {','.join(sorted(v))}" for k, v in sorted(cells.items())[:3])
    return f"{len(leak.people)} people: {where}{' …' if len(cells) > 3 else ''}"


def test_no_small_group_of_the_demo_can_be_worked_out(demo: DemoSummary) -> None:
    org = Org(demo.organisation)
    attacker = collect(org)
    small = attacker.small_figures()
    leaks, combined = attacker.attack()
    problems = []
    if small:
        problems.append(
            f"{len(small)} published figures are about fewer than five people, e.g. "
            + " | ".join(describe(org, s) for s in small[:4])
        )
    if leaks:
        problems.append(
            f"{len(leaks)} groups under five people can be worked out, e.g. "
            + " | ".join(describe(org, s) for s in leaks[:6])
        )
    if combined:
        problems.append("a sum of groups under five people can be worked out")
    assert not problems, "\n".join(problems)


# --- Age bands ---------------------------------------------------------------------------------
# The attacker also knows everyone's age (a date of birth is no secret among colleagues), so the
# unknowns are split by age band: a unit-month's agreed hours and absence of each kind *of the
# people of each band*. Every figure above is the sum over all bands; the age table of each
# scope adds the sum over one band (or the merged bands of its "other" row).

AGE_FLOORS = (("-29", 0), ("30-39", 30), ("40-49", 40), ("50-59", 50), ("60+", 60))
NO_BIRTH = "unknown"


def band_on(birth: dt.date | None, day: dt.date) -> str:
    """Worked out here, not by ``naervaer.rules.age``: whole years, then the highest floor."""
    if birth is None:
        return NO_BIRTH
    age = day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
    return [name for name, floor in AGE_FLOORS if age >= floor][-1]


def bands_between(birth: dt.date | None, first: dt.date, last: dt.date) -> dict[str, list[dt.date]]:
    """Each band the person is in on some day ``first``–``last``, with those days."""
    days: dict[str, list[dt.date]] = defaultdict(list)
    for i in range((last - first).days + 1):
        day = first + dt.timedelta(days=i)
        days[band_on(birth, day)].append(day)
    return days


class AgedOrg(Org):
    def __init__(self, org: Organisation) -> None:
        super().__init__(org)
        births = dict(Person.objects.filter(organisation=org).values_list("pk", "birth_date"))
        month_spans = months_between(START, END)
        employed: dict[int, list[tuple[int, dt.date, dt.date | None]]] = defaultdict(list)
        aged: dict[tuple[object, ...], set[int]] = defaultdict(set)
        for person, unit, start, end in Employment.objects.filter(
            Q(end__isnull=True) | Q(end__gte=START), start__lte=END, person__organisation=org
        ).values_list("person_id", "unit_id", "start", "end"):
            employed[person].append((unit, start, end))
            for first, last in month_spans:
                lo, hi = max(start, first), min(end or last, last)
                if lo <= hi:
                    for band in bands_between(births[person], lo, hi):
                        aged[("hours", unit, first, band)].add(person)
        for person, first_day, last_day, kind in AbsenceSpell.objects.filter(
            Q(last_day__isnull=True) | Q(last_day__gte=START),
            first_day__lte=END,
            person__organisation=org,
        ).values_list("person_id", "first_day", "last_day", "kind"):
            for first, last in month_spans:
                for unit, start, end in employed[person]:
                    lo = max(first_day, first, start)
                    hi = min(last_day or TODAY, last, end or last)
                    if lo > hi:
                        continue
                    for band, days in bands_between(births[person], lo, hi).items():
                        # The days it cost, or the day it began or ended, in this band.
                        if any(is_working_day(d) for d in days) or {first_day, last_day} & set(
                            days
                        ):
                            aged[("absence", unit, first, kind, band)].add(person)
        self.aged = aged
        self.bands = (*(name for name, _floor in AGE_FLOORS), NO_BIRTH)

    def unknowns(self) -> set[object]:
        found: set[object] = set()
        for c, people in list(self.aged.items()):
            if c[0] == "hours" and people:
                _hours, unit, month, band = c
                found.add(c)
                found.update(("absence", unit, month, k, band) for k in KINDS)
        return found

    def people_of(self, columns: frozenset[object]) -> frozenset[int]:
        found: set[int] = set()
        for c in columns:
            assert isinstance(c, tuple)
            if c[0] == "hours":
                found |= self.aged[c]
                continue
            _absence, unit, month, _kind, band = c
            every_kind = all(("absence", unit, month, k, band) in columns for k in KINDS)
            found |= self.aged[("hours", unit, month, band)] if every_kind else self.aged[c]
        return frozenset(found)

    def group(
        self,
        units: frozenset[int],
        months: list[dt.date],
        kinds: tuple[str, ...] = KINDS,
        bands: tuple[str, ...] | None = None,
    ) -> list[list[object]]:
        bands = bands or self.bands
        absence: list[object] = [
            ("absence", u, m, k, b) for u in units for m in months for k in kinds for b in bands
        ]
        hours: list[object] = [("hours", u, m, b) for u in units for m in months for b in bands]
        return [absence, hours] if kinds == KINDS else [absence]


@pytest.fixture
def aged_org(db: None) -> Organisation:
    """An organisation whose age bands can be shown to the AMO, with one person changing band.

    Units A and B under a root with nobody directly in it. A: five born 1990 (35–36: 30–39),
    five born 1960 (60+) and one born 14 March 1966, who is 59 until 13 March 2026 and 60 from
    then (50–59 in November–March, 60+ from March). B: five born 1990, five born 1960.
    Each unit is a cluster of its own (10 and 11 people). In November–March 50–59 holds one
    person in A, so it cannot be shown, nor merged alone; the smaller of the two other bands
    (30–39: 10 against 60+: 11) joins it, and 60+ is shown on its own. Sickness in every band,
    the mover's while he is 59."""
    org = Organisation.objects.create(slug="aged", name="Aldersprøven", cvr="12345674")
    root = Unit.objects.create(organisation=org, name="Ældre")
    units = {name: Unit.objects.create(organisation=org, parent=root, name=name) for name in "AB"}
    make_user("aged-amo", org, None, Role.Kind.AMO)
    births = {
        "A": [D(1990, 6, 1)] * 5 + [D(1960, 6, 1)] * 5 + [D(1966, 3, 14)],
        "B": [D(1990, 6, 1)] * 5 + [D(1960, 6, 1)] * 5,
    }
    n = 0
    for name, dates in births.items():
        for i, birth in enumerate(dates):
            n += 1
            person = make_person(org, f"{n:03}", f"{name} {i}", units[name])
            person.birth_date = birth
            person.save(update_fields=["birth_date"])
            first = D(2025, 11, 3) + dt.timedelta(days=23 * i + 7 * (name == "B"))
            register_sick(person, first, last_day=first + dt.timedelta(days=2), by="test")
    return org


def test_no_small_group_can_be_worked_out_with_the_age_bands(aged_org: Organisation) -> None:
    """Every figure the AMO can obtain (the first test's paths) and its age table of the
    organisation and of every unit: no group under five, in one band or across bands, kinds,
    units and months."""
    org = AgedOrg(aged_org)
    attacker = collect(org, amo="aged-amo")
    decision = decide(org.org.pk, START, END, TODAY)
    shown = []
    for scope in [None, *org.by_path.values()]:
        whole = org.all if scope is None else org.subtree(scope.pk)
        table = by_age_band(
            AgeScope(org.org.pk, None, scope), START, END, TODAY, for_amo=True, decision=decision
        )
        for row in table.rows:
            shown.append((scope.path if scope else "", row.key, row.merged))
            bands = row.merged if row.key == OTHER else (row.key,)
            for equation in org.group(whole, org.months, KINDS, bands):
                attacker.learn(equation)
    small = attacker.small_figures()
    leaks, combined = attacker.attack()
    assert not small, f"{len(small)} published figures are about fewer than five people"
    assert not leaks, f"{len(leaks)} groups under five people can be worked out"
    assert not combined, "a sum of groups under five people can be worked out"
    # Worked out by hand above: 60+ alone, the rest together (unit B has nobody of 50–59).
    rest = (OTHER, ("30-39", "50-59"))
    assert sorted(shown) == sorted(
        [
            *(("", *row) for row in [rest, ("60+", ())]),
            *(("Ældre", *row) for row in [rest, ("60+", ())]),
            *(("Ældre/A", *row) for row in [rest, ("60+", ())]),
            ("Ældre/B", OTHER, ("30-39",)),
            ("Ældre/B", "60+", ()),
        ]
    )


def test_the_age_attacker_finds_a_band_under_five(aged_org: Organisation) -> None:
    """The attacker can fail: the mover's 50–59 band of unit A, published on its own, is one
    person's absence."""
    org = AgedOrg(aged_org)
    attacker = Attacker(org.unknowns(), org.people_of)
    a = org.by_path["Ældre/A"].pk
    for equation in org.group(frozenset({a}), org.months, KINDS, ("50-59",)):
        attacker.learn(equation)
    assert [len(leak.people) for leak in attacker.small_figures()] == [1, 1]
    leaks, _combined = attacker.attack()
    assert leaks
