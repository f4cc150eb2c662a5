"""What is due, for whom: the lists behind the front page, the reminders and calendar feeds."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from naervaer.access import Viewer, obligation_actors, of_managed
from naervaer.followup.models import Obligation
from naervaer.rules.obligations import Code

# Dates to know rather than tasks: shown on the case page, never in to-do lists and reminders.
MILESTONES = (
    Code.EMPLOYER_PERIOD_END.value,
    Code.JOBCENTRE_FIRST_FOLLOWUP.value,
    Code.EARLY_FOLLOWUP.value,
    Code.SICKNESS_BENEFIT_REASSESSMENT.value,
)


def obligations_for(viewer: Viewer) -> QuerySet[Obligation]:
    """Open, required obligations that fall to ``viewer``: a manager's for the people they lead,
    HR's (reports and refund) for the whole organisation."""
    actors = [actor.value for actor in obligation_actors(viewer)]
    return (
        Obligation.objects.filter(
            actor__in=actors, state=Obligation.State.OPEN, optional=False, due__isnull=False
        )
        .filter(of_managed(viewer, "case__person"))
        .exclude(code__in=MILESTONES)
        .select_related("case__person")
        .order_by("due", "pk")
    )


def due_soon(viewer: Viewer, today: dt.date, within_days: int = 14) -> list[Obligation]:
    return list(obligations_for(viewer).filter(due__lte=today + dt.timedelta(days=within_days)))


def care_triggers_for(viewer: Viewer) -> QuerySet[Obligation]:
    """People whose absence meets the policy's trigger for a care conversation not yet held:
    an early warning for their managers and for HR (whoever holds the conversation)."""
    return (
        Obligation.objects.filter(
            of_managed(viewer, "case__person"),
            code=Code.CARE_CONVERSATION.value,
            state=Obligation.State.OPEN,
        )
        .select_related("case__person")
        .order_by("due", "pk")
    )
