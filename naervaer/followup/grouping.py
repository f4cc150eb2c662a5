"""Where each person sits, for the follow-up list: their unit and their nearest managers.

One query reads the leaderships of the people's units and the units above them (not the whole
organisation's) and serves any number of people (the list can hold hundreds of steps for HR);
the rule for who is someone's nearest manager is
``naervaer.access.nearest_leaders``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from naervaer.access import nearest_leaders
from naervaer.people.models import UNIT_SEPARATOR, Employment, Person, UnitLeadership


@dataclass(frozen=True)
class Place:
    unit_id: int | None
    unit_path: str
    managers: tuple[tuple[int, str], ...]  # (person id, name) of the nearest leaders

    @property
    def manager_names(self) -> str:
        return ", ".join(name for _pk, name in self.managers)


NOWHERE = Place(None, "", ())


def places_of(person_ids: Iterable[int], organisation_id: int, today: dt.date) -> dict[int, Place]:
    ids = set(person_ids)
    units: dict[int, tuple[int, str]] = {}
    for e in (
        Employment.objects.filter(person_id__in=ids)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .select_related("unit")
        .order_by("start")
    ):
        if e.start <= today or e.person_id not in units:
            units[e.person_id] = (e.unit_id, e.unit.path)
    leaders: dict[str, list[Person]] = defaultdict(list)
    for leadership in (
        UnitLeadership.objects.filter(
            unit__organisation_id=organisation_id, unit__path__in=_with_ancestors(units.values())
        )
        .select_related("person", "unit")
        .order_by("person__name")
    ):
        leaders[leadership.unit.path].append(leadership.person)
    places = {}
    for pk in ids:
        if pk not in units:
            places[pk] = NOWHERE
            continue
        unit_id, path = units[pk]
        nearest = tuple((m.pk, m.name) for m in nearest_leaders(path, leaders, pk))
        places[pk] = Place(unit_id, path, nearest)
    return places


def _with_ancestors(units: Iterable[tuple[int, str]]) -> set[str]:
    """The paths of the units and of every unit above them: where a nearest leader can be."""
    paths: set[str] = set()
    for _unit_id, path in units:
        parts = path.split(UNIT_SEPARATOR)
        paths.update(UNIT_SEPARATOR.join(parts[:i]) for i in range(1, len(parts) + 1))
    return paths
