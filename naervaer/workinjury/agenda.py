"""Work-accident report deadlines and round-table follow-ups in the reminders and calendar feed
of those who act on them: the report for HR and the managers who may see who was hurt, the
follow-up of a round-table meeting for its responsible person. Titles name the date and the
unit, never the employee (calendar titles travel to other devices)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from naervaer.access import accidents_with_names_for, viewer_for
from naervaer.followup.agenda import AgendaItem, provider
from naervaer.workinjury.models import RoundTableMeeting, WorkAccident


@provider
def accident_deadlines(user: Any, until: dt.date | None) -> Iterator[AgendaItem]:
    today = timezone.localdate()
    accidents = (
        accidents_with_names_for(viewer_for(user))
        .filter(kind=WorkAccident.Kind.ACCIDENT, reported_on__isnull=True)
        .select_related("unit", "spell")
    )
    for accident in accidents:
        report = accident.report(today)
        if report is None or not report.required or report.due is None:
            continue
        if until is not None and report.due > until:
            continue
        yield AgendaItem(
            uid=f"work-accident-{accident.pk}-report",
            title=_("Report the work accident of %(day)s (%(unit)s) in EASY")
            % {
                "day": formats.date_format(accident.happened_on, "SHORT_DATE_FORMAT"),
                "unit": accident.unit.name if accident.unit else "–",
            },
            due=report.due,
            path=reverse("injury", args=[accident.pk]),
        )
    meetings = RoundTableMeeting.objects.filter(
        responsible=user, follow_up_on__isnull=False
    ).select_related("accident__unit")
    if until is not None:
        meetings = meetings.filter(follow_up_on__lte=until)
    for meeting in meetings:
        assert meeting.follow_up_on is not None  # the query asks for a date
        yield AgendaItem(
            uid=f"round-table-{meeting.pk}-follow-up",
            title=_("Follow up the round-table plan (%(unit)s)")
            % {"unit": meeting.accident.unit.name if meeting.accident.unit else "–"},
            due=meeting.follow_up_on,
            path=reverse("injury", args=[meeting.accident_id]) + f"#round-table-{meeting.pk}",
        )
