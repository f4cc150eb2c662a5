"""Action-plan deadlines and follow-ups, and problem reports' follow-up dates, in the
responsible user's reminders and calendar feed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from naervaer.amo.models import ActionPlan, ProblemReport
from naervaer.followup.agenda import AgendaItem, provider, short_title


@provider
def amo_deadlines(user: Any, until: dt.date | None) -> Iterator[AgendaItem]:
    actions = ActionPlan.objects.filter(responsible=user).exclude(
        decision=ActionPlan.Decision.CLOSE
    )
    for action in actions:
        path = (
            reverse("amo_step", args=[action.process_id, 2]) + f"#action-{action.pk}"
            if action.process_id
            else reverse("amo")
        )
        dates = (
            ("deadline", action.deadline, _("Deadline")),
            ("follow-up", action.follow_up_on, _("Follow-up")),
        )
        for kind, day, label in dates:
            if day is not None and (until is None or day <= until):
                yield AgendaItem(
                    uid=f"amo-action-{action.pk}-{kind}",
                    title=_("Action plan – %(what)s: %(challenge)s")
                    % {"what": label, "challenge": short_title(action.challenge)},
                    due=day,
                    path=path,
                )
    reports = ProblemReport.objects.filter(responsible=user, follow_up_on__isnull=False).exclude(
        state__in=[ProblemReport.State.CLOSED, ProblemReport.State.APV]
    )
    if until is not None:
        reports = reports.filter(follow_up_on__lte=until)
    for report in reports:
        assert report.follow_up_on is not None  # the query asks for a date
        yield AgendaItem(
            uid=f"amo-report-{report.pk}",
            # Never the receipt code: a calendar is shared and synced, and the code is the
            # reporter's key to the report.
            title=_("Problem report: %(what)s") % {"what": short_title(report.what)},
            due=report.follow_up_on,
            path=reverse("amo_report", args=[report.pk]),
        )
