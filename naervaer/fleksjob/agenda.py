"""The fleksjob bonus's claim date in HR's reminders, while the bonus existed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from naervaer.access import fleksjob_for, viewer_for
from naervaer.followup.agenda import AgendaItem, provider


@provider
def bonus_claims(user: Any, until: dt.date | None) -> Iterator[AgendaItem]:
    today = timezone.localdate()
    for job in fleksjob_for(viewer_for(user)).filter(bonus_claimed_on__isnull=True):
        due = job.bonus_due(today)
        if due is None or (until is not None and due > until):
            continue
        yield AgendaItem(
            uid=f"fleksjob-bonus-{job.pk}",
            title=_("Claim the fleksjob bonus (%(unit)s)") % {"unit": job.employment.unit.name},
            due=due,
            path=reverse("fleksjob_edit", args=[job.pk]),
        )
