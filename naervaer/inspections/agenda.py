"""Deadlines of open notices from Arbejdstilsynet in the responsible person's reminders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from naervaer.followup.agenda import AgendaItem, provider
from naervaer.inspections.models import Decision


def _short(text: str, length: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


@provider
def notice_deadlines(user: Any, until: dt.date | None) -> Iterator[AgendaItem]:
    decisions = Decision.objects.filter(
        responsible=user, done_on__isnull=True, deadline__isnull=False
    )
    if until is not None:
        decisions = decisions.filter(deadline__lte=until)
    for decision in decisions:
        yield AgendaItem(
            uid=f"at-decision-{decision.pk}",
            title=_("Arbejdstilsynet's notice: %(about)s") % {"about": _short(decision.about)},
            due=decision.deadline,  # type: ignore[arg-type]
            path=reverse("inspection", args=[decision.inspection_id]) + f"#decision-{decision.pk}",
        )
