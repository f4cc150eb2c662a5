"""What the follow-up does after absence changes (``naervaer.absence.signals``); connected in
``FollowupConfig.ready``."""

from __future__ import annotations

from naervaer.absence.signals import AbsenceChange
from naervaer.followup.services import refresh_people
from naervaer.followup.tasks import id_ranges, refresh_followup


def refresh_after_absence(sender: object, change: AbsenceChange, **kwargs: object) -> None:
    """The people's cases and steps again: at once, or for a bulk change (an import) as a task
    queued in the change's transaction, so it is queued exactly when the absence is written."""
    if not change.spells:  # time off does not change a case
        return
    if change.bulk:
        refresh_followup.enqueue(id_ranges(change.person_ids))
    else:
        refresh_people(change.person_ids)
