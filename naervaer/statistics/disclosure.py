"""The facts disclosure control needs, read from the database; the decisions are made by
``naervaer.rules.disclosure`` (see its docstring for the rule and its sources).

Always the whole organisation, whatever the page asks about: a unit's figures are safe only
against everything else the viewer can ask for, so the decision must not depend on the request.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Q

from naervaer.absence.models import AbsenceSpell
from naervaer.people.models import Employment, Unit
from naervaer.rules import age, disclosure
from naervaer.rules import statistics as core


def min_group_size(today: dt.date) -> int:
    return disclosure.MIN_GROUP_SIZE.at(today)


def shows_group_of(people: int, today: dt.date) -> bool:
    """Whether a figure resting on ``people`` people may be shown to someone who sees groups
    only: the threshold alone, for a group that is not a unit (a job group, the top of a
    ranking); units pass the whole decision (``decide``)."""
    return people >= min_group_size(today)


def month_firsts(start: dt.date, end: dt.date) -> list[dt.date]:
    return [first for first, _last in core.months(start, end)]


def _index(first: dt.date, day: dt.date) -> int:
    """The month of ``day`` counted from the month of ``first`` (0), never below 0."""
    return max(0, (day.year - first.year) * 12 + day.month - first.month)


def decide(
    organisation_id: int, start: dt.date, end: dt.date, today: dt.date
) -> disclosure.Decision:
    """The decisions for every calendar month touching ``start``–``end``."""
    months = core.months(start, end)
    if not months:  # an empty period: nothing to decide, nothing publishable
        return disclosure.decide({}, {}, min_group_size(today))
    first, last = months[0][0], months[-1][1]
    parents = dict(
        Unit.objects.filter(organisation_id=organisation_id).values_list("pk", "parent_id")
    )
    present: dict[dt.date, dict[int, set[int]]] = {m: defaultdict(set) for m, _ in months}
    stable: dict[dt.date, dict[int, set[int]]] = {m: defaultdict(set) for m, _ in months}
    # The age band is a category like the kind (``naervaer.statistics.age``): held in a month by
    # everyone employed in the unit on a day of it at that age.
    age_holders: dict[dt.date, dict[int, dict[str, set[int]]]] = {
        m: defaultdict(lambda: defaultdict(set)) for m, _ in months
    }
    bands = age.AGE_BANDS.at(today)
    employed: dict[int, list[tuple[int, dt.date, dt.date | None]]] = defaultdict(list)
    for person_id, unit_id, e_start, e_end, birth_date in Employment.objects.filter(
        Q(end__isnull=True) | Q(end__gte=first),
        start__lte=last,
        person__organisation_id=organisation_id,
    ).values_list("person_id", "unit_id", "start", "end", "person__birth_date"):
        employed[person_id].append((unit_id, e_start, e_end))
        in_months = months[_index(first, e_start) : _index(first, e_end or last) + 1]
        for m_first, m_last in in_months:
            present[m_first][unit_id].add(person_id)
            if e_start <= m_first and (e_end is None or e_end >= m_last):
                stable[m_first][unit_id].add(person_id)
        # The bands of the whole employment in the period, each in the months it overlaps
        # (the bands of each month apart cost 25 s at 50,000 employees).
        spans = age.band_spans(birth_date, max(e_start, first), min(e_end or last, last), bands)
        for band, band_first, band_last in spans:
            for m_first, m_last in in_months:
                if band_first <= m_last and band_last >= m_first:
                    age_holders[m_first][unit_id][band].add(person_id)

    days = core.WorkingDays(first, last)
    holders: dict[dt.date, dict[str, dict[int, dict[str, set[int]]]]] = {
        m: {
            "kind": defaultdict(lambda: defaultdict(set)),
            "band": defaultdict(lambda: defaultdict(set)),
        }
        for m, _ in months
    }
    for person_id, s_first, s_last, kind in AbsenceSpell.objects.filter(
        Q(last_day__isnull=True) | Q(last_day__gte=first),
        first_day__lte=last,
        person__organisation_id=organisation_id,
    ).values_list("person_id", "first_day", "last_day", "kind"):
        band = core.band_of(((s_last or today) - s_first).days + 1).value
        spell_last = s_last or today
        for m_first, m_last in months[_index(first, s_first) : _index(first, spell_last) + 1]:
            for unit_id, e_start, e_end in employed.get(person_id, ()):
                # A person holds a category in a month if the spell costs working time there
                # or begins there (it is then counted among the month's spells).
                span_first = max(s_first, m_first, e_start)
                span_last = min(spell_last, m_last, e_end or m_last)
                begins = m_first <= s_first <= m_last and e_start <= s_first
                if begins or (span_first <= span_last and days.count(span_first, span_last)):
                    holders[m_first]["kind"][unit_id][kind].add(person_id)
                    holders[m_first]["band"][unit_id][band].add(person_id)

    facts = {
        m: disclosure.MonthFacts(present[m], stable[m], {**holders[m], "age": age_holders[m]})
        for m, _ in months
    }
    return disclosure.decide(parents, facts, min_group_size(today))
