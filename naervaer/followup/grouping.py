"""Where each person sits, for the follow-up list: their unit and their nearest managers.

One pass over the organisation's leaderships serves any number of people (the list can hold
hundreds of steps for HR); ``naervaer.access.nearest_managers`` answers the same question for
one person.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from naervaer.people.models import UNIT_SEPARATOR, Employment, UnitLeadership


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
    leaders: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for path, pk, name in (
        UnitLeadership.objects.filter(unit__organisation_id=organisation_id)
        .order_by("person__name")
        .values_list("unit__path", "person_id", "person__name")
    ):
        leaders[path].append((pk, name))
    places = {}
    for pk in ids:
        if pk not in units:
            places[pk] = NOWHERE
            continue
        unit_id, path = units[pk]
        parts = path.split(UNIT_SEPARATOR)
        nearest: tuple[tuple[int, str], ...] = ()
        for i in range(len(parts), 0, -1):
            found = [m for m in leaders.get(UNIT_SEPARATOR.join(parts[:i]), []) if m[0] != pk]
            if found:
                nearest = tuple(found)
                break
        places[pk] = Place(unit_id, path, nearest)
    return places
