"""Deadlines of open notices from Arbejdstilsynet in the responsible person's reminders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from naervaer.followup.agenda import AgendaItem, provider, short_title
from naervaer.inspections.models import Decision


@provider
def notice_deadlines(user: Any, until: dt.date | None) -> Iterator[AgendaItem]:
    decisions = Decision.objects.filter(
        responsible=user, done_on__isnull=True, deadline__isnull=False
    )
    if until is not None:
        decisions = decisions.filter(deadline__lte=until)
    for decision in decisions:
        assert decision.deadline is not None  # the query asks for a date
        yield AgendaItem(
            uid=f"at-decision-{decision.pk}",
            title=_("Arbejdstilsynet's notice: %(about)s") % {"about": short_title(decision.about)},
            due=decision.deadline,
            path=reverse("inspection", args=[decision.inspection_id]) + f"#decision-{decision.pk}",
        )
