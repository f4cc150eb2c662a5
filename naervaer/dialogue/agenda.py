"""The follow-up scheme's actions, in the responsible user's reminders and calendar feed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from naervaer.dialogue.content import GOAL_BY_CODE
from naervaer.dialogue.models import FollowUp
from naervaer.followup.agenda import AgendaItem, provider


@provider
def dialogue_actions(user: Any, until: dt.date | None) -> Iterator[AgendaItem]:
    rows = FollowUp.objects.filter(responsible=user, done=False, due__isnull=False)
    if until is not None:
        rows = rows.filter(due__lte=until)
    for row in rows.select_related("meeting"):
        assert row.due is not None  # the query asks for a date
        goal = GOAL_BY_CODE[row.goal].name
        yield AgendaItem(
            uid=f"dialogue-followup-{row.pk}",
            title=_("Dialogue follow-up: %(goal)s (%(meeting)s)")
            % {"goal": goal, "meeting": row.meeting.title},
            due=row.due,
            path=reverse("dialogue_followup", args=[row.meeting_id]),
        )
