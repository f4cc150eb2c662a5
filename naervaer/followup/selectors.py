"""What is due, for whom: the lists behind the front page, the reminders and calendar feeds."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import F, Func, QuerySet

from naervaer.access import Viewer, follows_many, obligation_actors, of_managed
from naervaer.followup.models import Obligation
from naervaer.rules.obligations import Code

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler

# Dates to know rather than tasks: shown on the case page, never in to-do lists and reminders.
MILESTONES = (
    Code.EMPLOYER_PERIOD_END.value,
    Code.JOBCENTRE_FIRST_FOLLOWUP.value,
    Code.EARLY_FOLLOWUP.value,
    Code.SICKNESS_BENEFIT_REASSESSMENT.value,
)


class _Unindexed(Func):
    """A column as it is, written ``+column`` for SQLite: no index of the column is used.

    Without table statistics, SQLite takes "state = 'open'" on the index of (state, due) for a
    handful of rows. A team's open steps are then found among every open step of the
    organisation (4,150 at 50,000 employees: 6 ms a query, two on a manager's front page),
    not through the team's cases (under 1 ms). PostgreSQL plans by its statistics."""

    template = "%(expressions)s"

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, tuple[str | int, ...]]:
        return self.as_sql(compiler, connection, template="+%(expressions)s", **extra_context)


def _state(viewer: Viewer) -> F | _Unindexed:
    """The steps' state, as SQLite should read it for ``viewer``: many people's steps are found
    through the index of open steps, a team's through its cases. PostgreSQL plans by its
    statistics, so it is not asked how many people the viewer follows (a query of its own)."""
    if connection.vendor != "sqlite" or follows_many(viewer):
        return F("state")
    return _Unindexed("state")


def obligations_for(viewer: Viewer) -> QuerySet[Obligation]:
    """Open, required obligations that fall to ``viewer``: a manager's for the people they lead,
    HR's (reports and refund) for the whole organisation."""
    actors = [actor.value for actor in obligation_actors(viewer)]
    return (
        Obligation.objects.alias(state_now=_state(viewer))
        .filter(actor__in=actors, state_now=Obligation.State.OPEN, optional=False)
        .filter(due__isnull=False)
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
