""" "After absence changes": the one place the consequences of a change to absence start from.

The order of consequences is absence → follow-up → statistics: the absence app records what
changed and knows nothing of who listens. Every writer of absence (``naervaer.absence.services``,
``naervaer.absence.time_off``, the import in ``naervaer.importexport.importers``) calls
``absence_changed`` inside its transaction, after writing. The receivers are connected in
``AppConfig.ready`` of the apps that depend on absence:

- ``naervaer.followup.apps``: the people's cases and follow-up steps (at once, or as a task
  queued in the same transaction for a bulk change such as an import);
- ``naervaer.statistics.apps``: the monthly figures, in the same transaction, so no page ever
  reads figures that disagree with the absence stored.

A receiver's error rolls the change back with it (``Signal.send``, not ``send_robust``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.dispatch import Signal


@dataclass(frozen=True)
class AbsenceChange:
    """Whose absence changed, and the days of *ended* absence (or time off) it may have changed:
    ``ended_days`` is (first, last), last None for no limit, or None when only ongoing absence
    changed. ``ongoing_from``: the earliest first day of an *ongoing* spell before or after the
    change (it reaches every day from there to today), None when no ongoing spell changed.
    ``spells``: False when only time off (holiday, leave, a child's sickness) changed.
    ``bulk``: many people at once (an import), so work that can wait is queued instead."""

    organisation_id: int
    person_ids: tuple[int, ...]
    ended_days: tuple[dt.date, dt.date | None] | None = None
    ongoing_from: dt.date | None = None
    spells: bool = True
    bulk: bool = False


# Sent with ``change=AbsenceChange(...)``; ``sender`` is the module that wrote the absence.
changed = Signal()


def absence_changed(
    sender: object,
    organisation_id: int,
    person_ids: Iterable[int],
    ended_days: Iterable[dt.date | None] = (),
    *,
    ongoing_from: Iterable[dt.date | None] = (),
    open_ended: bool = False,
    spells: bool = True,
    bulk: bool = False,
) -> None:
    """Tell the listeners that these people's absence changed. ``ended_days``: the first and
    last days of the ended spells or time off before and after the change (None is skipped).
    ``ongoing_from``: the first days of the ongoing spells before and after the change.
    ``open_ended``: the change may reach beyond them to the end of time (an updated row whose
    old last day is not known)."""
    known = [d for d in ended_days if d is not None]
    ongoing = [d for d in ongoing_from if d is not None]
    changed.send(
        sender=sender,
        change=AbsenceChange(
            organisation_id=organisation_id,
            person_ids=tuple(sorted(set(person_ids))),
            ended_days=(min(known), None if open_ended else max(known)) if known else None,
            ongoing_from=min(ongoing, default=None),
            spells=spells,
            bulk=bulk,
        ),
    )
