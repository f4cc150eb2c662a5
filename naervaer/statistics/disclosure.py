"""The facts disclosure control needs, read from the database; the decisions are made by
``naervaer.rules.disclosure`` (see its docstring for the rule and its sources).

Always the whole organisation, whatever the page asks about: a unit's figures are safe only
against everything else the viewer can ask for, so the decision must not depend on the request.

A month's decision rests on the employments, the spells (their days and kinds), the unit tree
and the dates of birth of that month, and is kept with the month's built figures
(``BuiltMonth.decision``) until one of them changes. What changes them says so in its own
transaction (``changed``): an absence change for its months, an employee import, a unit moved,
a month built again. A decision also ends by the calendar alone: an ongoing spell moves into a
longer band as days pass, and the running month grows a day at a time, so each kept decision
says the last day it holds (``valid_until``), and the rules it was made under.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import F, Q

from naervaer.absence.models import AbsenceSpell
from naervaer.people.models import Employment, Unit
from naervaer.rules import age, disclosure
from naervaer.rules import statistics as core
from naervaer.statistics.models import BuiltMonth


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


Month = tuple[dt.date, dt.date]
FOREVER = dt.date.max


def changed(
    organisation_id: int, first: dt.date | None = None, last: dt.date | None = None
) -> None:
    """The facts of the months from ``first`` to ``last`` (None: without limit) may have
    changed: their kept decisions no longer hold. Call it in the change's transaction; once it
    commits, a worker makes them again (``tasks.decide_again``), so the AMO's next page need
    not."""
    months = BuiltMonth.objects.filter(organisation_id=organisation_id)
    if first is not None:
        months = months.filter(month__gte=first.replace(day=1))
    if last is not None:
        months = months.filter(month__lte=last)
    if months.update(generation=F("generation") + 1):
        from naervaer.statistics.tasks import decide_again  # the task module imports this one

        transaction.on_commit(partial(decide_again.enqueue, organisation_id))


WINDOW = 12  # months decided at once by ``decide_again`` (memory: the facts of each month)


def decide_again(organisation_id: int, today: dt.date) -> int:
    """Make and keep the decision of every built month whose kept one no longer holds;
    returns how many months that was."""
    rules = _rules(today)
    stale = sorted(
        month
        for month, generation, kept in BuiltMonth.objects.filter(
            organisation_id=organisation_id
        ).values_list("month", "generation", "decision")
        if kept is None or not _holds(kept, generation, rules, today)
    )
    for run in _runs([core.months(m, m)[0] for m in stale]):
        for i in range(0, len(run), WINDOW):
            window = run[i : i + WINDOW]
            decide(organisation_id, window[0][0], window[-1][1], today)
    return len(stale)


def decide(
    organisation_id: int, start: dt.date, end: dt.date, today: dt.date
) -> disclosure.Decision:
    """The decisions for every calendar month touching ``start``–``end``: those kept where they
    still hold, the others made now (and kept, for a built month)."""
    months = core.months(start, end)
    min_size = min_group_size(today)
    if not months:  # an empty period: nothing to decide, nothing publishable
        return disclosure.decide({}, {}, min_size)
    rules = _rules(today)
    # The generations first, then every fact (the tree too): a change that commits in between
    # counts a generation up, so what is made from the newer facts is not kept under the older
    # generation (and a decision kept from an older tree does not know a unit made since).
    built = {
        month: (pk, generation, kept)
        for pk, month, generation, kept in BuiltMonth.objects.filter(
            organisation_id=organisation_id, month__in=[first for first, _last in months]
        ).values_list("pk", "month", "generation", "decision")
    }
    parents: dict[int, int | None] = dict(
        Unit.objects.filter(organisation_id=organisation_id).values_list("pk", "parent_id")
    )
    decided: dict[dt.date, disclosure.MonthDecision] = {}
    missing: list[Month] = []
    for month in months:
        _pk, generation, kept = built.get(month[0], (None, None, None))
        if kept is not None and _holds(kept, generation, rules, today):
            decided[month[0]] = disclosure.MonthDecision.load(kept)
        else:
            missing.append(month)
    made: dict[dt.date, dict[str, Any]] = {}
    for run in _runs(missing):
        facts, valid_until = _facts(organisation_id, run, today)
        for first, month_facts in facts.items():
            decided[first] = disclosure.decide_month(parents, month_facts, min_size)
            if first in built and decided[first].complete:
                made[first] = {
                    **decided[first].dump(),
                    "generation": built[first][1],
                    "rules": rules,
                    "made_on": today.isoformat(),
                    "valid_until": valid_until[first].isoformat(),
                }
    _keep(made, {first: built[first][:2] for first in made})
    return disclosure.combine(parents, dict(sorted(decided.items())))


def _keep(made: dict[dt.date, dict[str, Any]], rows: dict[dt.date, tuple[int, int]]) -> None:
    """Keep the decisions ``made``, each in its month's row (pk, generation read before the
    facts) if that row is still the one read at that generation: not if a change came in
    meanwhile, nor if the month was built again since (a new row, counted from 0 again).
    Rows a change holds locked until it commits are skipped (PostgreSQL), rather than making
    the page wait for an import: their generation is about to change anyway."""
    if not made:
        return
    with transaction.atomic():
        free = set(
            BuiltMonth.objects.select_for_update(skip_locked=True)
            .filter(pk__in=[pk for pk, _generation in rows.values()])
            .values_list("pk", "generation")
        )
        for first, decision in made.items():
            if rows[first] in free:
                BuiltMonth.objects.filter(pk=rows[first][0], generation=rows[first][1]).update(
                    decision=decision
                )


def _rules(today: dt.date) -> str:
    """The rules a decision is made under, and the form it is kept in, as kept with it."""
    return (
        f"{disclosure.MonthDecision.FORM} {min_group_size(today)} {core.BAND_LIMITS!r} "
        f"{age.AGE_BANDS.at(today)!r}"
    )


def _holds(kept: dict[str, Any], generation: int | None, rules: str, today: dt.date) -> bool:
    return (
        kept.get("generation") == generation
        and kept.get("rules") == rules
        and kept["made_on"] <= today.isoformat() <= kept["valid_until"]
    )


def _runs(months: Sequence[Month]) -> Iterator[list[Month]]:
    """Consecutive months together: the facts are read for a range at once."""
    run: list[Month] = []
    for month in months:
        if run and month[0] - run[-1][1] != dt.timedelta(days=1):
            yield run
            run = []
        run.append(month)
    if run:
        yield run


def _facts(
    organisation_id: int, months: Sequence[Month], today: dt.date
) -> tuple[dict[dt.date, disclosure.MonthFacts], dict[dt.date, dt.date]]:
    """The facts of these consecutive months, and the last day each month's facts hold as
    they are if nothing is changed: today for a month not over; for a month over, until an
    ongoing spell in it moves into a longer band."""
    first, last = months[0][0], months[-1][1]
    valid_until = {m_first: today if m_last >= today else FOREVER for m_first, m_last in months}
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
            if s_last is None and m_last < today:
                until = core.band_kept_until(s_first, today) or FOREVER
                valid_until[m_first] = min(valid_until[m_first], until)
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
    return facts, valid_until
