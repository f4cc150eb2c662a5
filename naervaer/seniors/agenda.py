"""Senior conversations due in the next weeks, in the manager's (and HR's) reminders. Titles
name the unit and the month, not the employee (calendar titles travel to other devices)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from naervaer.access import MANAGER, senior_reminder_people, viewer_for
from naervaer.followup.agenda import AgendaItem, provider
from naervaer.seniors.services import seniors_overview


@provider
def senior_conversations(user: Any, until: dt.date | None) -> Iterator[AgendaItem]:
    viewer = viewer_for(user)
    if viewer.organisation_id is None or not viewer.has(MANAGER):
        return  # only a manager is reminded (senior_reminder_people)
    today = timezone.localdate()
    # Translated and reversed once, not per row: a head of area's feed holds 1,400 of them.
    title = _("Senior conversation due (%(unit)s)")
    path = reverse("senior_person", args=[0]).removesuffix("0/") + "{}/"
    for row in seniors_overview(viewer.organisation_id, senior_reminder_people(viewer), today):
        if row.due is None or (until is not None and row.due > until):
            continue
        yield AgendaItem(
            uid=f"senior-conversation-{row.person.pk}-{row.due.isoformat()}",
            title=title % {"unit": row.unit_name},
            due=row.due,
            path=path.format(row.person.pk),
        )
