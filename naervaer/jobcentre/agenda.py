"""A caseworker's due follow-ups, follow-up plans and information forms, in their reminders
and calendar feed (initials only, as for the employers' follow-up)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from naervaer.followup.agenda import AgendaItem, provider
from naervaer.followup.calendar_feed import initials
from naervaer.jobcentre.models import Case
from naervaer.rules.jobcentre import Kind


def _follow_up_due(case: Case) -> dt.date | None:
    """The next follow-up's date when it is one to hold (a deadline or a planned date)."""
    deadline = case.next_follow_up()
    if deadline is None or deadline.kind not in (Kind.DEADLINE, Kind.PLANNED):
        return None
    return deadline.due


@provider
def caseworker_deadlines(user: Any, until: dt.date | None) -> Iterator[AgendaItem]:
    cases = Case.objects.filter(caseworker=user, closed_on__isnull=True).prefetch_related(
        "conversations"
    )
    for case in cases:
        path = reverse("jobcentre_case", args=[case.pk])
        who = initials(case.citizen)
        for kind, day, title in (
            ("follow-up", _follow_up_due(case), _("Follow-up conversation")),
            ("plan", case.plan_due(), _("Follow-up plan")),
            ("info-form", case.info_form_due(), _("Information form back")),
            ("meeting", case.meeting_due(), _("Round-table or tripartite meeting")),
            # Not the § 13 f check on the return: a milestone, not a step to remind of.
        ):
            if day is not None and (until is None or day <= until):
                yield AgendaItem(
                    uid=f"jobcentre-{case.pk}-{kind}",
                    title=f"{title} – {who}",
                    due=day,
                    path=path,
                )
