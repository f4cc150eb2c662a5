"""A differencing attacker, by linear algebra (used by ``test_disclosure_attack.py``).

The attacker knows the unit tree and who works where (an organisation chart is no secret) and
collects figures. Each figure is a sum of unknowns — one per atom (a unit's direct members) ×
month (× kind, for absence) — so the attacker knows a system of linear equations. A group's
value can be worked out exactly when its indicator vector lies in the row space of that system
(the Gaussian-elimination check statistical offices use for secondary suppression, e.g.
Statistics Norway's GaussSuppression). The attack succeeds if any group of fewer than
``MIN_GROUP`` people can be worked out, alone or added to other such groups.

This module does not use ``naervaer.rules.disclosure``: it counts people and builds equations
from what the code under test publishes, nothing else.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Hashable, Iterable
from dataclasses import dataclass, field

import numpy as np

MIN_GROUP = 5
Column = Hashable


@dataclass
class Leak:
    columns: frozenset[Column]
    people: frozenset[int]

    def __str__(self) -> str:
        cells = sorted(map(str, self.columns))
        return f"{len(self.people)} people: {', '.join(cells[:4])}{' …' if len(cells) > 4 else ''}"


@dataclass
class Attacker:
    """Figures as equations over named unknowns. ``unknowns``: the unknowns that are not zero
    by construction (somebody contributes to them); ``people_of``: the people a group of
    unknowns is about."""

    unknowns: Collection[Column]
    people_of: Callable[[frozenset[Column]], frozenset[int]]
    rows: list[frozenset[Column]] = field(default_factory=list)

    def learn(self, columns: Iterable[Column]) -> None:
        """One published figure: the sum of these unknowns."""
        row = frozenset(c for c in columns if c in self.unknowns)
        if row:
            self.rows.append(row)

    def small_figures(self) -> list[Leak]:
        """Published figures that are themselves about fewer than ``MIN_GROUP`` people."""
        found = {}
        for row in self.rows:
            people = self.people_of(row)
            if 0 < len(people) < MIN_GROUP:
                found[row] = Leak(row, people)
        return list(found.values())

    def _classes(self) -> list[frozenset[Column]]:
        """Unknowns that every figure takes together (identical columns): whatever can be
        derived treats them as one, so they are one group."""
        signature: dict[Column, list[int]] = defaultdict(list)
        for i, row in enumerate(self.rows):
            for c in row:
                signature[c].append(i)
        classes: dict[tuple[int, ...], set[Column]] = defaultdict(set)
        for c, rows in signature.items():
            classes[tuple(rows)].add(c)
        return [frozenset(cs) for cs in classes.values()]

    def attack(self) -> tuple[list[Leak], bool]:
        """(the small groups that can be worked out one by one, whether some sum of small
        groups can be worked out at all)."""
        classes = self._classes()
        if not classes:
            return [], False
        index = {cls: i for i, cls in enumerate(classes)}
        of_column = {c: index[cls] for cls in classes for c in cls}
        matrix = np.zeros((len(self.rows), len(classes)))
        for i, row in enumerate(self.rows):
            for c in row:
                matrix[i, of_column[c]] = 1.0
        # An orthonormal basis of the row space.
        _u, s, vt = np.linalg.svd(matrix, full_matrices=False)
        rank = int((s > 1e-9 * s.max()).sum())
        basis = vt[:rank]
        small = [cls for cls in classes if 0 < len(self.people_of(cls)) < MIN_GROUP]
        leaks = []
        for cls in small:
            v = np.zeros(len(classes))
            v[index[cls]] = 1.0
            if np.linalg.norm(v - basis.T @ (basis @ v)) < 1e-6:
                leaks.append(Leak(cls, self.people_of(cls)))
        # Any non-zero combination of small groups in the row space at all?
        combined = False
        if small:
            indicators = np.zeros((len(small), len(classes)))
            for i, cls in enumerate(small):
                indicators[i, index[cls]] = 1.0
            stacked = np.vstack([basis, indicators])
            s2 = np.linalg.svd(stacked, compute_uv=False)
            combined = int((s2 > 1e-9 * s2.max()).sum()) < rank + len(small)
        return leaks, combined
