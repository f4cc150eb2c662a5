"""What the statistics do after absence changes (``naervaer.absence.signals``) or units move
(``naervaer.people.signals``); connected in ``StatisticsConfig.ready``."""

from __future__ import annotations

from naervaer.absence.signals import AbsenceChange
from naervaer.statistics import aggregates, disclosure


def update_after_absence(sender: object, change: AbsenceChange, **kwargs: object) -> None:
    """The people's monthly figures again, in the change's transaction: for the months of
    ended absence the change touched, and their ongoing spells' hours in the months over.
    The months whose spells changed are decided again for the AMO (time off is not a fact
    disclosure control rests on)."""
    if change.ended_days is not None:
        first, last = change.ended_days
        aggregates.refresh(change.organisation_id, change.person_ids, first, last)
        if change.spells:
            disclosure.changed(change.organisation_id, first, last)
    if change.ongoing_from is not None and change.spells:
        disclosure.changed(change.organisation_id, change.ongoing_from)
    aggregates.refresh_ongoing(change.organisation_id, change.person_ids)


def update_after_tree_change(
    sender: object, organisation_id: int, parents: tuple[int | None, int | None], **kwargs: object
) -> None:
    """The sub-tree sums of the units above the moved one, before and after, in the move's
    transaction; and every month decided again for the AMO (its clusters follow the tree)."""
    disclosure.changed(organisation_id)
    aggregates.tree_changed(organisation_id, [pk for pk in parents if pk is not None])
