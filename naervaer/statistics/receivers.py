"""What the statistics do after absence changes (``naervaer.absence.signals``) or units move
(``naervaer.people.signals``); connected in ``StatisticsConfig.ready``."""

from __future__ import annotations

from typing import Any

from naervaer.absence.signals import AbsenceChange
from naervaer.people.models import Employment, Person
from naervaer.statistics import aggregates, disclosure


def update_after_absence(sender: object, change: AbsenceChange, **kwargs: object) -> None:
    """The people's monthly figures again, in the change's transaction: for the months of
    ended absence the change touched, and their ongoing spells' hours in the months over.
    The months whose spells changed are decided again for the AMO (time off is not a fact
    disclosure control rests on)."""
    if change.ended_days is not None:
        first, last = change.ended_days
        aggregates.refresh(change.organisation_id, change.person_ids, first, last)
    aggregates.refresh_ongoing(change.organisation_id, change.person_ids)
    # Last, after the people and units are locked (every change locks in that order).
    if not change.spells:
        return
    ended, ongoing_from = change.ended_days, change.ongoing_from
    if ended is not None:
        disclosure.changed(change.organisation_id, *ended)
    # Unless the ended days already reach from there on (an import: both from its first day).
    if ongoing_from is not None and not (
        ended is not None and ended[1] is None and ended[0] <= ongoing_from
    ):
        disclosure.changed(change.organisation_id, ongoing_from)


def update_after_tree_change(
    sender: object, organisation_id: int, parents: tuple[int | None, int | None], **kwargs: object
) -> None:
    """The sub-tree sums of the units above the moved one, before and after, in the move's
    transaction; and every month decided again for the AMO (its clusters follow the tree)."""
    aggregates.tree_changed(organisation_id, [pk for pk in parents if pk is not None])
    disclosure.changed(organisation_id)


# A safety net under the writers' own calls, for the AMO's kept decisions: the employee import
# writes in bulk and calls ``aggregates.employments_changed``, but an employment or a date of
# birth saved one at a time through the ORM (a shell, a future form) must not leave a decision
# that rests on what it changed. Deletions are not watched: a receiver would make Django load
# every row of a bulk delete (an organisation, the retention rules), which say so themselves.


def employment_saved(sender: type[Employment], instance: Employment, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loaddata: nothing is decided from a fixture being loaded
        return
    organisation_id = Person.objects.values_list("organisation_id", flat=True).get(
        pk=instance.person_id
    )
    disclosure.changed(organisation_id)


def note_birth_date(sender: type[Person], instance: Person, **kwargs: Any) -> None:
    fields = kwargs.get("update_fields")
    if kwargs.get("raw"):
        return
    if instance.pk is not None and (fields is None or "birth_date" in fields):
        instance._stored_birth_date = (  # type: ignore[attr-defined]
            Person.objects.filter(pk=instance.pk).values_list("birth_date", flat=True).first()
        )


def person_saved(sender: type[Person], instance: Person, created: bool, **kwargs: Any) -> None:
    before = getattr(instance, "_stored_birth_date", instance.birth_date)
    if not created and before != instance.birth_date:
        disclosure.changed(instance.organisation_id)
