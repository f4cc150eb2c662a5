"""Disclosure control: which group figures a group-only viewer (the AMO) may be shown.

The promise is *groups of five or more, never a person*, and it must hold against someone who
combines every figure they can obtain, from every page, export and request. Suppressing each
table on its own does not keep it: a unit minus its sub-units leaves the people employed
directly in the unit, a total minus its shown rows leaves the hidden rows together, a month of
a unit minus the same month of its sub-units leaves whoever is left over that month.

So publishability is decided once, for the whole unit tree, per calendar month, and every path
asks the same decision (the method statistical offices call *secondary cell suppression* for
hierarchical and linked tables, done here by *table redesign*: small groups are merged into a
neighbour before anything is published, as census offices merge a confidential district into a
receiving one):

1. **Atoms.** The finest groups the system ever adds up are a unit's *direct* members (people
   employed in the unit itself, not in a sub-unit) in one calendar month. Every published figure
   — a unit's sub-tree, a unit's direct members, the whole organisation; a period, a month, a
   day; a kind, a band, a weekday — is a sum of atoms.
2. **Clusters (primary and secondary suppression).** Walking the tree from the leaves, a unit's
   atom and whatever its sub-units could not close are *pending*. Pending people employed the
   whole month number ``MIN_GROUP`` or more: they close a *cluster*. Fewer (but not none): they
   are merged into the smallest cluster closed at one of the unit's children (that child is then
   hidden, the unit shown), or, if there is none, passed up to the parent. Whatever still
   pends at the top becomes an unsafe cluster that is never published.
3. **The rule.** A group is published for a month only if it is a union of whole safe clusters
   of that month; for a period, only if it is so in every month the period touches.
4. **Categories (rare kinds and bands).** Inside a month, a category (a kind of absence, a
   length band, an age band) is shown on its own only if, in every safe cluster, the people who have it
   number 0 or at least ``MIN_GROUP``; the others are merged into one "other" row, which must
   pass the same test, else the smallest shown category joins it, until it passes or nothing is
   left to break down (then only the total is shown).

Why this is enough: every published figure is then, month by month, a sum of whole safe
clusters (or of whole safe cluster × category cells), and these cells do not overlap. Whatever
can be derived by adding and subtracting published figures is a combination of such cells, so
any group whose value can be derived contains a whole cell, i.e. at least ``MIN_GROUP``
people. ``tests/test_disclosure_attack.py`` checks this by linear algebra on the demo and on
random trees, independently of this module.

People counts are conservative: a cluster counts only people employed in it on every day of the
month (someone who arrives or leaves mid-month is not counted), so a month's day-by-day figures
(the heat map) always rest on at least ``MIN_GROUP`` people too.

Sources:
- Danmarks Statistik's discretion rules (diskretionering): figures resting on fewer than five
  units are not published, and published tables must not let a suppressed cell be worked out
  from the others.
- Hundepool et al., *Handbook on Statistical Disclosure Control* (sdcTools), ch. 4 "Magnitude
  tabular data": primary and secondary cell suppression, hierarchical and linked tables, table
  redesign as the alternative to suppression.
- τ-ARGUS and Statistics Norway's GaussSuppression: secondary suppression of linked tables
  ("global protection": all tables protected together), and the Gaussian-elimination check
  that no suppressed cell is a linear combination of published ones.
- Australian Bureau of Statistics, census collection districts: a confidential district's data
  are added to a receiving district, not dropped (the merge in step 2).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar

from naervaer.rules.series import Series, Source, Step

MIN_GROUP_SIZE: Series[int] = Series(
    key="disclosure.min_group",
    meaning="fewest people a published group figure may rest on",
    unit="people",
    steps=(
        Step(
            dt.date(2000, 1, 1),
            5,
            Source(
                "Danmarks Statistik, diskretioneringsregler (cells under 5 are not published)",
                url="https://www.dst.dk/da/OmDS/strategi-og-kvalitet/datasikkerhed-i-danmarks-statistik",
            ),
            verified=False,
            note="Nærvær's promise to the AMO (DOMAIN.md, 'Privacy is part of the domain').",
        ),
    ),
    looks_at="day the figures are shown",
)

OTHER = "other"  # the merged row of rare categories

Unit = int
Person = int
Month = dt.date  # the first day of a calendar month


@dataclass
class _Cluster:
    units: set[Unit]
    present: set[Person]
    stable: set[Person]
    safe: bool = True


@dataclass
class Partition:
    """One month's clusters: which units' direct members are published together.

    ``cluster_of``: each unit's cluster (units with nobody: absent); ``safe``: whether each
    cluster may be published; ``known``: the units of the tree it was made on (None: any). A
    unit it does not know (made since, or whose people it never saw) is never publishable: a
    kept decision is at worst too cautious until it is made again, never too open.
    ``clusters`` holds the clusters' people while they are formed (``partition``); a decision
    read back (``MonthDecision.load``) has not got them."""

    cluster_of: dict[Unit, int] = field(default_factory=dict)
    safe: list[bool] = field(default_factory=list)
    known: frozenset[Unit] | None = None
    clusters: list[_Cluster] = field(default_factory=list)

    @cached_property
    def sizes(self) -> Counter[int]:
        """How many units each cluster has."""
        return Counter(self.cluster_of.values())

    def publishable(self, units: Iterable[Unit]) -> bool:
        """Whether the group made of these units' direct members is a union of whole safe
        clusters (a group with nobody in it is trivially publishable)."""
        seen: dict[int, int] = defaultdict(int)
        for unit in units:
            if self.known is not None and unit not in self.known:
                return False
            index = self.cluster_of.get(unit)
            if index is not None:
                seen[index] += 1
        sizes = self.sizes
        return all(self.safe[i] and sizes[i] == n for i, n in seen.items())

    def safe_clusters(self) -> list[_Cluster]:
        return [c for c in self.clusters if c.safe]


def partition(
    parents: Mapping[Unit, Unit | None],
    present: Mapping[Unit, Collection[Person]],
    stable: Mapping[Unit, Collection[Person]],
    min_size: int,
) -> Partition:
    """Cluster one month's atoms bottom-up on the unit tree (steps 1–2 of the module doc).

    ``present``: the people employed directly in a unit on some day of the month; ``stable``:
    those employed in it every day of the month."""
    children: dict[Unit | None, list[Unit]] = defaultdict(list)
    for unit, parent in parents.items():
        children[parent if parent in parents else None].append(unit)
    for siblings in children.values():
        siblings.sort()
    result = Partition(known=frozenset(parents))

    def close(units: set[Unit], people: set[Person], steady: set[Person], safe: bool) -> int:
        result.clusters.append(_Cluster(units, people, steady, safe))
        index = len(result.clusters) - 1
        for unit in units:
            result.cluster_of[unit] = index
        return index

    def settle(
        units: set[Unit], people: set[Person], steady: set[Person], closed: list[int]
    ) -> tuple[set[Unit], set[Person], set[Person], int | None]:
        """Close what pends at a node, merge it into a child's cluster, or pass it up."""
        if not people:
            return set(), set(), set(), None
        if len(steady) >= min_size:
            return set(), set(), set(), close(units, people, steady, True)
        if closed:
            index = min(closed, key=lambda i: (len(result.clusters[i].stable), i))
            cluster = result.clusters[index]
            cluster.units |= units
            cluster.present |= people
            cluster.stable |= steady
            for unit in units:
                result.cluster_of[unit] = index
            return set(), set(), set(), index
        return units, people, steady, None

    def visit(unit: Unit) -> tuple[set[Unit], set[Person], set[Person], int | None]:
        units, people, steady = {unit}, set(present.get(unit, ())), set(stable.get(unit, ()))
        closed: list[int] = []
        for child in children.get(unit, []):
            c_units, c_people, c_steady, own = visit(child)
            if own is not None:
                closed.append(own)
            units |= c_units
            people |= c_people
            steady |= c_steady
        return settle(units, people, steady, closed)

    units: set[Unit] = set()
    people: set[Person] = set()
    steady: set[Person] = set()
    closed: list[int] = []
    for root in children.get(None, []):
        r_units, r_people, r_steady, own = visit(root)
        if own is not None:
            closed.append(own)
        units |= r_units
        people |= r_people
        steady |= r_steady
    units, people, steady, _own = settle(units, people, steady, closed)
    if people:
        close(units, people, steady, False)
    result.safe = [c.safe for c in result.clusters]
    return result


def shown_categories(
    clusters: Sequence[_Cluster],
    holders: Mapping[Unit, Mapping[str, Collection[Person]]],
    min_size: int,
) -> tuple[frozenset[str], frozenset[str]]:
    """(the categories one month may show on their own, the categories anyone has that month)
    (step 4). The rest form one merged row, which is safe too whenever some are shown."""
    per_cluster: list[dict[str, set[Person]]] = []
    everything: set[str] = set()
    for cluster in clusters:
        by_category: dict[str, set[Person]] = defaultdict(set)
        for unit in cluster.units:
            for category, people in holders.get(unit, {}).items():
                by_category[category].update(people)
        per_cluster.append(by_category)
        everything |= by_category.keys()

    def ok(count: int) -> bool:
        return count == 0 or count >= min_size

    shown = {c for c in everything if all(ok(len(cluster.get(c, ()))) for cluster in per_cluster)}
    total = {c: sum(len(cluster.get(c, ())) for cluster in per_cluster) for c in shown}
    while shown:
        merged = everything - shown
        if all(
            ok(len(set().union(*(cluster.get(c, set()) for c in merged))))
            for cluster in per_cluster
        ):
            break
        shown.remove(min(shown, key=lambda c: (total[c], c)))
    return frozenset(shown), frozenset(everything)


@dataclass(frozen=True)
class MonthFacts:
    """What disclosure control needs to know about one calendar month of an organisation."""

    present: Mapping[Unit, Collection[Person]]
    stable: Mapping[Unit, Collection[Person]]
    # dimension ("kind", "band", "age") -> unit -> category -> people of the unit with it that month
    holders: Mapping[str, Mapping[Unit, Mapping[str, Collection[Person]]]]


@dataclass(frozen=True)
class Categories:
    """How a period's figures by one dimension may be shown."""

    shown: frozenset[str]

    def bucket(self, category: str) -> str | None:
        """The row a category's figures go in: its own, ``OTHER``, or None (no breakdown)."""
        if not self.shown:
            return None
        return category if category in self.shown else OTHER


@dataclass
class Decision:
    """The decisions of an organisation for a range of months; every path asks this."""

    parents: Mapping[Unit, Unit | None]
    months: dict[Month, Partition]
    categories: dict[Month, dict[str, tuple[frozenset[str], frozenset[str]]]]
    _subtrees: dict[Unit, frozenset[Unit]] = field(default_factory=dict, repr=False)
    _root_of: dict[frozenset[Unit], Unit] = field(default_factory=dict, repr=False)
    _depth: dict[Unit, int] = field(default_factory=dict, repr=False)
    _order: list[Unit] = field(default_factory=list, repr=False)  # every unit after its sub-units
    _shown: dict[Month, frozenset[Unit]] = field(default_factory=dict, repr=False)
    _everyone: frozenset[Unit] | None = field(default=None, repr=False)

    def _walk(self) -> None:
        children: dict[Unit, list[Unit]] = defaultdict(list)
        for u, parent in self.parents.items():
            if parent is not None:
                children[parent].append(u)

        def walk(u: Unit, depth: int) -> frozenset[Unit]:
            self._depth[u] = depth
            found = frozenset({u}).union(*(walk(c, depth + 1) for c in children.get(u, [])))
            self._subtrees[u] = found
            self._root_of.setdefault(found, u)
            self._order.append(u)
            return found

        for u, parent in self.parents.items():
            if parent is None or parent not in self.parents:
                walk(u, 0)

    def subtree(self, unit: Unit) -> frozenset[Unit]:
        if not self._subtrees:
            self._walk()
        return self._subtrees[unit]

    def everyone(self) -> frozenset[Unit]:
        if self._everyone is None:
            self._everyone = frozenset(self.parents)
        return self._everyone

    def publishable(self, units: Iterable[Unit], months: Iterable[Month]) -> bool:
        """Whether the group made of ``units``' direct members may be shown for a period that
        touches ``months``. A month outside the decided range is never publishable, nor is a
        figure over no month at all."""
        months = list(months)
        if not months or any(m not in self.months for m in months):
            return False
        if isinstance(units, frozenset):
            root = self._root_of.get(units)
            if root is not None:  # a unit's sub-tree (``subtree``): answered for all at once
                return all(root in self._shown_subtrees(m) for m in months)
            if units == self.everyone():  # every cluster lies inside: all must be safe
                return all(self._all_safe(self.months[m]) for m in months)
        units = list(units)
        return all(self.months[m].publishable(units) for m in months)

    def _all_safe(self, p: Partition) -> bool:
        """Whether the whole organisation is a union of whole safe clusters of ``p``."""
        units = self.parents.keys()
        return (
            all(p.safe) and p.cluster_of.keys() <= units and (p.known is None or units <= p.known)
        )

    def _shown_subtrees(self, month: Month) -> frozenset[Unit]:
        """The units whose sub-tree ``month`` may show, in one pass up the tree. A sub-tree
        is a union of whole clusters when every cluster with a unit in it is safe and lies
        wholly inside it, that is when the lowest unit holding all of the cluster's units is
        in it: no higher than the sub-tree's own top."""
        if month in self._shown:
            return self._shown[month]
        if not self._subtrees:
            self._walk()
        p, depth = self.months[month], self._depth
        members: dict[int, list[Unit]] = defaultdict(list)
        for unit, index in p.cluster_of.items():
            members[index].append(unit)
        top = {
            # A unit no longer in the tree (a decision kept from before): no sub-tree holds it.
            index: -1
            if any(u not in depth for u in units)
            else depth[units[0]]
            if len(units) == 1
            else self._common_depth(units)
            for index, units in members.items()
        }
        # Per unit, over the clusters with a unit in its sub-tree: the highest of their tops,
        # and whether one is unsafe (sub-units come first in ``_order``).
        nowhere = len(depth)  # deeper than any unit
        highest: dict[Unit, int] = {}
        unsafe: set[Unit] = set()
        shown: list[Unit] = []
        cluster_of, safe, parents, known = p.cluster_of, p.safe, self.parents, p.known
        for u in self._order:
            h, bad = highest.get(u, nowhere), u in unsafe or (known is not None and u not in known)
            own = cluster_of.get(u)
            if own is not None:
                h, bad = min(h, top[own]), bad or not safe[own]
            if not bad and h >= depth[u]:
                shown.append(u)
            parent = parents[u]
            if parent is not None and parent in depth:
                if h < highest.get(parent, nowhere):
                    highest[parent] = h
                if bad:
                    unsafe.add(parent)
        self._shown[month] = frozenset(shown)
        return self._shown[month]

    def _common_depth(self, units: Sequence[Unit]) -> int:
        """The depth of the deepest unit with all of ``units`` in its sub-tree; -1 when they
        are under different top units (no sub-tree holds them all)."""

        def chain(u: Unit) -> list[Unit]:
            found = [u]
            while (parent := self.parents.get(found[-1])) is not None and parent in self.parents:
                found.append(parent)
            return found[::-1]  # from the top down

        common = chain(units[0])
        for u in units[1:]:
            other = chain(u)
            n = 0
            while n < min(len(common), len(other)) and common[n] == other[n]:
                n += 1
            common = common[:n]
            if not common:
                return -1
        return len(common) - 1

    def categories_for(self, dimension: str, months: Iterable[Month]) -> Categories:
        """The categories of ``dimension`` shown on their own over ``months``: a category is
        shown if every month shows it or nobody has it that month; if some month can show no
        breakdown at all, the period shows none."""
        decided = [self.categories.get(m, {}).get(dimension) for m in months]
        if any(d is None or (d[1] and not d[0]) for d in decided):
            return Categories(frozenset())
        seen = frozenset().union(*(d[1] for d in decided if d is not None))
        return Categories(
            frozenset(
                c for c in seen if all(c in d[0] or c not in d[1] for d in decided if d is not None)
            )
        )


@dataclass(frozen=True)
class MonthDecision:
    """One month's decision: its clusters and the categories it shows. Months are decided
    apart, so a decision can be kept and reused until that month's facts change."""

    partition: Partition
    categories: dict[str, tuple[frozenset[str], frozenset[str]]]
    # False when the facts hold people in a unit the tree they were decided on has not got
    # (read while a unit was being made): nothing of the month is shown, and it is not kept.
    complete: bool = True

    # Counted up whenever ``dump`` writes something else, or a decision of the same facts
    # would come out otherwise (this module's rule, the facts ``statistics.disclosure`` reads).
    FORM: ClassVar[int] = 3

    def dump(self) -> dict[str, Any]:
        """Plain JSON: each unit's cluster, whether each cluster is safe, and per dimension the
        categories (shown, everything)."""
        return {
            "units": list(self.partition.cluster_of),
            "clusters": list(self.partition.cluster_of.values()),
            "safe": self.partition.safe,
            "known": None if self.partition.known is None else sorted(self.partition.known),
            "categories": {
                dimension: [sorted(shown), sorted(everything)]
                for dimension, (shown, everything) in self.categories.items()
            },
        }

    @classmethod
    def load(cls, data: Mapping[str, Any]) -> MonthDecision:
        """The decision ``dump`` wrote (the clusters' people are not kept: once a month is
        decided, only the units of each cluster and whether it is safe are asked)."""
        return cls(
            Partition(
                dict(zip(data["units"], data["clusters"], strict=True)),
                data["safe"],
                None if data["known"] is None else frozenset(data["known"]),
            ),
            {
                dimension: (frozenset(shown), frozenset(everything))
                for dimension, (shown, everything) in data["categories"].items()
            },
        )


def decide_month(
    parents: Mapping[Unit, Unit | None], facts: MonthFacts, min_size: int
) -> MonthDecision:
    """Decide one month (steps 1–4 of the module doc)."""
    if any(unit not in parents for unit, people in facts.present.items() if people):
        nothing = Partition(known=frozenset())
        return MonthDecision(
            nothing, {d: (frozenset(), frozenset()) for d in facts.holders}, complete=False
        )
    p = partition(parents, facts.present, facts.stable, min_size)
    safe = p.safe_clusters()
    return MonthDecision(
        p,
        {
            dimension: shown_categories(safe, holders, min_size)
            for dimension, holders in facts.holders.items()
        },
    )


def combine(parents: Mapping[Unit, Unit | None], months: Mapping[Month, MonthDecision]) -> Decision:
    """The decision of a range of months decided one by one."""
    return Decision(
        parents,
        {month: d.partition for month, d in months.items()},
        {month: d.categories for month, d in months.items()},
    )


def decide(
    parents: Mapping[Unit, Unit | None],
    facts: Mapping[Month, MonthFacts],
    min_size: int,
) -> Decision:
    """Decide every month of ``facts`` (steps 1–4 of the module doc)."""
    return combine(parents, {m: decide_month(parents, f, min_size) for m, f in facts.items()})
