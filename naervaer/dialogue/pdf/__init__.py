"""The meeting's results and follow-up scheme as PDF: what the tool asks the workplace to keep
("take a photo of the board, collect the rating sheets and the follow-up scheme")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from naervaer.dialogue import services
from naervaer.dialogue.models import Meeting
from naervaer.dialogue.services import format_rating
from naervaer.pdf import day, render

TEMPLATE = Path(__file__).resolve().parent / "resultater.typ"


def _avg(value: float | None) -> str:
    return format_rating(value)


def results_pdf(meeting: Meeting) -> bytes:
    result = services.results(meeting)
    previous = services.previous_meeting(meeting)
    comparison = services.compare(result, services.results(previous)) if previous else []
    data: dict[str, Any] = {
        "lang": translation.get_language() or "da",
        "title": meeting.title,
        "subtitle": " · ".join(
            x for x in (meeting.workplace, day(meeting.held_on), meeting.get_scope_display()) if x
        ),
        "groups": str(result.groups_rating),
        "labels": {
            "board": _("The goal overview with average ratings"),
            "scale": _(
                "Each group rated each measure from 1 (low effort) to 5 (works well). A card's "
                "figure is the average of the groups' ratings; a goal's is the average of its "
                "cards."
            ),
            "groups": _("groups rated"),
            "own": _("own card"),
            "followup": _("Follow-up scheme"),
            "goal": _("Goal"),
            "priority": _("What we will prioritise"),
            "aim": _("What we want to achieve"),
            "actions": _("What we can do"),
            "when": _("When, and by whom"),
            "comparison": _("Compared with the previous meeting"),
            "before": _("Before"),
            "now": _("Now"),
            "change": _("Change"),
            "summary": _("Summing up"),
            "page": _("Page"),
        },
        "areas": [
            {
                "name": a.name,
                "colour": a.code,
                "average": _avg(a.average),
                "goals": [
                    {
                        "name": g.name,
                        "average": _avg(g.average),
                        "cards": [
                            {
                                "name": c.card.name,
                                "average": _avg(c.average),
                                "n": str(len(c.scores)),
                                "own": c.card.own,
                            }
                            for c in g.cards
                        ],
                    }
                    for g in a.goals
                ],
            }
            for a in result.areas
        ],
        "followup": [
            {
                "goal": f.goal_name,
                "priority": f.priority,
                "aim": f.aim,
                "actions": f.actions,
                "when": " · ".join(
                    x
                    for x in (
                        day(f.due) if f.due else "",
                        (f.responsible.get_full_name() or f.responsible.username)
                        if f.responsible
                        else "",
                    )
                    if x
                ),
            }
            for f in meeting.follow_ups.select_related("responsible")
        ],
        "previous": (f"{previous.title}, {day(previous.held_on)}" if previous is not None else ""),
        "comparison": [
            {
                "goal": c.name,
                "before": _avg(c.before),
                "now": _avg(c.now),
                "change": format_rating(c.change, signed=True),
            }
            for c in comparison
        ],
        "summary": meeting.summary,
    }
    return render(TEMPLATE, data)
