"""Disclosure control on the unit tree, worked by hand, and attacked on random trees."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from naervaer.rules.disclosure import (
    OTHER,
    Decision,
    MonthDecision,
    MonthFacts,
    Partition,
    combine,
    decide,
    decide_month,
    partition,
)
from tests.disclosure_attack import Attacker

JAN, FEB = dt.date(2026, 1, 1), dt.date(2026, 2, 1)
KINDS = ("sickness", "pregnancy")


def people(start: int, n: int) -> set[int]:
    return set(range(start, start + n))


def tree_of(sizes: dict[int, int], parents: dict[int, int | None]) -> dict[int, set[int]]:
    """Unit -> its direct members, numbered so that nobody is in two units."""
    found, next_id = {}, 0
    for unit in sorted(parents):
        found[unit] = people(next_id, sizes.get(unit, 0))
        next_id += sizes.get(unit, 0)
    return found


def publishable_units(
    parents: dict[int, int | None], members: dict[int, set[int]]
) -> tuple[set[int], set[int]]:
    """(units whose sub-tree may be shown, units whose direct members may be shown) when
    everybody is employed the whole month."""
    decision = decide(parents, {JAN: MonthFacts(members, members, {})}, 5)
    subtree = {u for u in parents if decision.publishable(decision.subtree(u), [JAN])}
    direct = {u for u in parents if members[u] and decision.publishable([u], [JAN])}
    return subtree, direct


# Worked by hand: unit 1 is the root; sizes are the people employed directly in each unit.
@pytest.mark.parametrize(
    ("parents", "sizes", "shown", "direct"),
    [
        # Ældreplejen: the head alone in the area unit, three units of 6, 7 and 8 under it.
        # Area minus units = the head, so the smallest unit (6) is hidden with her (7 people).
        ({1: None, 2: 1, 3: 1, 4: 1}, {1: 1, 2: 6, 3: 7, 4: 8}, {1, 3, 4}, {3, 4}),
        # A unit of 6: one person directly, five in its sub-unit. The sub-unit goes.
        ({1: None, 2: 1}, {1: 1, 2: 5}, {1}, set()),
        # Kultur og Fritid: two small siblings (2 and 1) beside one of 10, nobody directly.
        # The small ones together are 3, so they join the 10 and only the area is shown.
        ({1: None, 2: 1, 3: 1, 4: 1}, {2: 2, 3: 1, 4: 10}, {1}, set()),
        # Two small siblings that together make five: shown together, as the parent.
        ({1: None, 2: 1, 3: 1}, {2: 2, 3: 3}, {1}, set()),
        # Nothing to hide: every unit of five or more, nobody directly in the area.
        ({1: None, 2: 1, 3: 1}, {2: 5, 3: 6}, {1, 2, 3}, {2, 3}),
        # Fewer than five in the whole organisation: nothing at all.
        ({1: None, 2: 1}, {1: 2, 2: 2}, set(), set()),
        # Two areas: one of 3 people, one with its head (1) above a unit of 9. The head joins
        # the 9; the organisation (13) minus that area would be the other area's three, so
        # they join it too: only the organisation is shown (the unit of 9 would give away 4).
        ({1: None, 2: None, 3: 2}, {1: 3, 2: 1, 3: 9}, set(), set()),
    ],
)
def test_units_by_hand(
    parents: dict[int, int | None], sizes: dict[int, int], shown: set[int], direct: set[int]
) -> None:
    subtree, direct_shown = publishable_units(parents, tree_of(sizes, parents))
    assert subtree == shown
    assert direct_shown == direct


def test_the_whole_organisation_is_shown_in_the_two_area_case() -> None:
    parents: dict[int, int | None] = {1: None, 2: None, 3: 2}
    members = tree_of({1: 3, 2: 1, 3: 9}, parents)
    decision = decide(parents, {JAN: MonthFacts(members, members, {})}, 5)
    assert decision.publishable(decision.everyone(), [JAN])


def test_people_employed_only_part_of_the_month_do_not_count() -> None:
    # Six people work in the unit in January, but two of them only from the 15th.
    present = {1: people(0, 6)}
    assert not partition({1: None}, present, {1: people(0, 4)}, 5).publishable([1])
    assert partition({1: None}, present, {1: people(0, 5)}, 5).publishable([1])


def test_a_period_is_shown_only_if_every_month_is() -> None:
    parents: dict[int, int | None] = {1: None}
    decision = decide(
        parents,
        {
            JAN: MonthFacts({1: people(0, 5)}, {1: people(0, 5)}, {}),
            FEB: MonthFacts({1: people(0, 5)}, {1: people(0, 4)}, {}),
        },
        5,
    )
    assert decision.publishable([1], [JAN])
    assert not decision.publishable([1], [FEB])
    assert not decision.publishable([1], [JAN, FEB])
    assert not decision.publishable([1], [dt.date(2026, 3, 1)])  # not decided: not shown


def kind_decision(holders: dict[str, set[int]]) -> Decision:
    members = {1: people(0, 20)}
    return decide({1: None}, {JAN: MonthFacts(members, members, {"kind": {1: holders}})}, 5)


def test_a_rare_kind_goes_into_other() -> None:
    # 12 people off sick, 5 with a work accident, 1 pregnant: pregnancy alone would be hers.
    # "Other" would then be her alone too, so work accidents join it (6 people).
    decision = kind_decision(
        {"sickness": people(0, 12), "work_accident": people(12, 5), "pregnancy": {19}}
    )
    kinds = decision.categories_for("kind", [JAN])
    assert kinds.bucket("sickness") == "sickness"
    assert kinds.bucket("pregnancy") == OTHER
    assert kinds.bucket("work_accident") == OTHER


def test_no_breakdown_when_nothing_can_be_merged_safely() -> None:
    decision = kind_decision({"sickness": people(0, 3), "pregnancy": {19}})
    assert decision.categories_for("kind", [JAN]).bucket("sickness") is None


def test_a_kind_nobody_had_does_not_hide_the_others() -> None:
    decision = kind_decision({"sickness": people(0, 12), "pregnancy": people(12, 5)})
    kinds = decision.categories_for("kind", [JAN])
    assert kinds.bucket("pregnancy") == "pregnancy"
    assert kinds.bucket("sickness") == "sickness"


# --- The differencing attacker on random trees ----------------------------------------------


@st.composite
def organisations(draw: st.DrawFn) -> tuple[dict[int, int | None], dict[dt.date, MonthFacts]]:
    n = draw(st.integers(1, 9))
    parents: dict[int, int | None] = {0: None}
    for unit in range(1, n):
        parents[unit] = draw(st.one_of(st.none(), st.integers(0, unit - 1)))
    facts = {}
    person = 0
    units_people: dict[int, list[int]] = {}
    for unit in parents:
        size = draw(st.integers(0, 8))
        units_people[unit] = list(range(person, person + size))
        person += size
    for month in (JAN, FEB):
        present: dict[int, set[int]] = {}
        stable: dict[int, set[int]] = {}
        holders: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        for unit, members in units_people.items():
            here = {p for p in members if draw(st.booleans()) or draw(st.booleans())}
            present[unit] = here
            stable[unit] = {p for p in here if draw(st.integers(0, 5))}
            for p in here:
                for kind in KINDS:
                    if draw(st.integers(0, 3)) == 0:
                        holders[unit][kind].add(p)
        facts[month] = MonthFacts(present, stable, {"kind": holders})
    return parents, facts


def everything_published(
    parents: dict[int, int | None], facts: dict[dt.date, MonthFacts], decision: Decision
) -> Iterable[tuple[frozenset[int], list[dt.date], tuple[str, ...]]]:
    """Every group the AMO can ask for: each unit's sub-tree and its direct members, the whole
    organisation; each month and both together; all kinds and each published kind row."""
    groups = [decision.everyone()]
    groups += [decision.subtree(u) for u in parents] + [frozenset({u}) for u in parents]
    for months in ([JAN], [FEB], [JAN, FEB]):
        kinds = decision.categories_for("kind", months)
        for units in groups:
            if not decision.publishable(units, months):
                continue
            yield units, months, KINDS
            rows: dict[str, list[str]] = defaultdict(list)
            for kind in KINDS:
                bucket = kinds.bucket(kind)
                if bucket is not None:
                    rows[bucket].append(kind)
            for row in rows.values():
                yield units, months, tuple(row)


def attack(
    parents: dict[int, int | None],
    facts: dict[dt.date, MonthFacts],
    published: Iterable[tuple[frozenset[int], list[dt.date], tuple[str, ...]]],
) -> tuple[list[object], bool]:
    people_of_cell: dict[tuple[object, ...], frozenset[int]] = {}
    for month, f in facts.items():
        for unit in parents:
            people_of_cell[("hours", unit, month)] = frozenset(f.present.get(unit, ()))
            for kind in KINDS:
                kind_holders = f.holders["kind"].get(unit, {}).get(kind, ())
                people_of_cell[("absence", unit, month, kind)] = frozenset(kind_holders)

    def people_of(columns: frozenset[object]) -> frozenset[int]:
        found: set[int] = set()
        for c in columns:
            assert isinstance(c, tuple)
            if c[0] == "absence" and all(("absence", c[1], c[2], k) in columns for k in KINDS):
                found |= people_of_cell[("hours", c[1], c[2])]
            else:
                found |= people_of_cell[c]
        return frozenset(found)

    unknowns = {c for c in people_of_cell if people_of_cell[("hours", c[1], c[2])]}
    attacker = Attacker(unknowns, people_of)
    for units, months, kinds in published:
        attacker.learn(("absence", u, m, k) for u in units for m in months for k in kinds)
        if kinds == KINDS:
            attacker.learn(("hours", u, m) for u in units for m in months)
    leaks, combined = attacker.attack()
    return [*attacker.small_figures(), *leaks], combined


@settings(max_examples=150, deadline=None)
@given(organisations())
def test_no_small_group_of_a_random_tree_can_be_worked_out(
    organisation: tuple[dict[int, int | None], dict[dt.date, MonthFacts]],
) -> None:
    parents, facts = organisation
    decision = decide(parents, facts, 5)
    leaks, combined = attack(parents, facts, everything_published(parents, facts, decision))
    assert not leaks
    assert not combined


def test_the_attacker_finds_the_leaks_of_suppressing_page_by_page() -> None:
    """The rule before: any group of five or more is shown. Ældreplejen's head leaks."""
    parents: dict[int, int | None] = {0: None, 1: 0, 2: 0}
    members = tree_of({0: 1, 1: 6, 2: 7}, parents)
    facts = {JAN: MonthFacts(members, members, {"kind": {}})}
    decision = decide(parents, facts, 5)
    naive = [
        (units, [JAN], KINDS)
        for units in (frozenset({0, 1, 2}), frozenset({1}), frozenset({2}))
        if sum(len(members[u]) for u in units) >= 5
    ]
    leaks, _combined = attack(parents, facts, naive)
    assert leaks  # the head's figures: the area minus its two units
    leaks, combined = attack(parents, facts, everything_published(parents, facts, decision))
    assert not leaks and not combined


@settings(max_examples=60, deadline=None)
@given(organisations())
def test_a_kept_month_answers_as_the_month_decided(
    organisation: tuple[dict[int, int | None], dict[dt.date, MonthFacts]],
) -> None:
    """A month's decision written as JSON and read back (``BuiltMonth.decision``) gives the same
    answer to every group of units and every dimension as the decision it was written from."""
    parents, facts = organisation
    made = {m: decide_month(parents, f, 5) for m, f in facts.items()}
    read = {
        m: MonthDecision.load(json.loads(json.dumps(d.dump(), default=str)))
        for m, d in made.items()
    }
    before, after = combine(parents, made), combine(parents, read)
    months = sorted(facts)
    groups = [decision_units for u in parents for decision_units in ([u], before.subtree(u))]
    for units in [*groups, list(parents)]:
        for chosen in (months[:1], months):
            assert after.publishable(units, chosen) == before.publishable(units, chosen)
    for dimension in ("kind", "band"):
        assert after.categories_for(dimension, months) == before.categories_for(dimension, months)
    assert {m: d.dump() for m, d in read.items()} == {m: d.dump() for m, d in made.items()}


@settings(max_examples=300, deadline=None)
@given(organisations())
def test_a_sub_tree_is_answered_as_its_units_are(
    organisation: tuple[dict[int, int | None], dict[dt.date, MonthFacts]],
) -> None:
    """The whole tree's sub-trees are decided in one pass (``Decision._shown_subtrees``): the
    same answer as asking whether each sub-tree's units are a union of whole safe clusters."""
    parents, facts = organisation
    decision = decide(parents, facts, 5)
    for unit in parents:
        whole = decision.subtree(unit)
        for months in ([JAN], [FEB], [JAN, FEB]):
            by_units = all(decision.months[m].publishable(sorted(whole)) for m in months)
            assert decision.publishable(whole, months) == by_units
            assert decision.publishable(sorted(whole), months) == by_units
    for months in ([JAN], [FEB], [JAN, FEB]):
        by_units = all(decision.months[m].publishable(sorted(parents)) for m in months)
        assert decision.publishable(decision.everyone(), months) == by_units


def test_an_unsafe_cluster_below_hides_every_sub_tree_above_it() -> None:
    """Any partition, not only those ``partition`` makes: an unsafe cluster in a sub-unit hides
    the sub-trees holding it, though the unit's own cluster is safe and whole."""
    parents: dict[int, int | None] = {0: None, 1: 0, 2: 0}
    jan = Partition(cluster_of={1: 0, 2: 1, 0: 1}, safe=[False, True])
    decision = Decision(parents, {JAN: jan}, {JAN: {}})
    assert [u for u in parents if decision.publishable(decision.subtree(u), [JAN])] == []
    assert not jan.publishable([0, 1, 2])
    jan_safe = Partition(cluster_of={1: 0, 2: 1, 0: 1}, safe=[True, True])
    decision = Decision(parents, {JAN: jan_safe}, {JAN: {}})
    assert [u for u in parents if decision.publishable(decision.subtree(u), [JAN])] == [0, 1]
    # A cluster with a unit the tree no longer has: no sub-tree holds it whole.
    gone = Partition(cluster_of={1: 0, 2: 1, 9: 1}, safe=[True, True])
    decision = Decision(parents, {JAN: gone}, {JAN: {}})
    shown = [u for u in parents if decision.publishable(decision.subtree(u), [JAN])]
    assert shown == [u for u in parents if gone.publishable(decision.subtree(u))] == [1]


def test_a_unit_the_decision_does_not_know_is_never_shown() -> None:
    """A decision kept from a tree without unit 3 (made since, with people the decision never
    saw): neither 3 nor any group holding it is shown until the month is decided again."""
    parents: dict[int, int | None] = {0: None, 1: 0, 2: 0}
    members = tree_of({0: 0, 1: 6, 2: 7}, parents)
    made = decide(parents, {JAN: MonthFacts(members, members, {})}, 5)
    kept = MonthDecision(made.months[JAN], made.categories[JAN]).dump()
    now = {**parents, 3: 0}
    decision = combine(now, {JAN: MonthDecision.load(json.loads(json.dumps(kept)))})
    assert decision.publishable(decision.subtree(1), [JAN])
    assert decision.publishable(decision.subtree(2), [JAN])
    for group in (decision.subtree(3), decision.subtree(0), decision.everyone(), [3], [1, 3]):
        assert not decision.publishable(group, [JAN])
    # Made on the tree as it is now, unit 3 (with nobody in it) is shown with the rest.
    fresh = decide(now, {JAN: MonthFacts(members, members, {})}, 5)
    assert fresh.publishable(fresh.everyone(), [JAN])
    assert fresh.publishable(fresh.subtree(3), [JAN])


def test_the_whole_organisation_with_a_cluster_of_a_unit_gone() -> None:
    parents: dict[int, int | None] = {0: None, 1: 0, 2: 0}
    gone = Partition(cluster_of={1: 0, 2: 1, 9: 1}, safe=[True, True])
    decision = Decision(parents, {JAN: gone}, {JAN: {}})
    assert not decision.publishable(decision.everyone(), [JAN])
    assert not gone.publishable(sorted(parents))
