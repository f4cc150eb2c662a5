"""The AMO's documents as PDF (Typst) and XLSX (openpyxl): the action plans with the
information plan, and the annual work-environment discussion, which the law requires in
writing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.utils import formats, translation
from django.utils.translation import gettext as _

from naervaer.amo.content import PLATFORMS
from naervaer.amo.models import AnnualDiscussion, Process
from naervaer.exports import Sheet, xlsx_bytes
from naervaer.pdf import day, render

TEMPLATES = Path(__file__).resolve().parent / "pdf"
PLATFORM_NAMES = dict(PLATFORMS)


def _person(user: Any) -> str:
    return (user.get_full_name() or user.username) if user else ""


def _plan_rows(process: Process) -> list[list[str]]:
    return [
        [
            a.theme.title if a.theme else "",
            a.challenge,
            a.solution,
            ", ".join(x for x in (_person(a.responsible), a.responsible_text) if x),
            " / ".join(
                x
                for x in (
                    day(a.deadline) if a.deadline else "",
                    day(a.follow_up_on) if a.follow_up_on else "",
                )
                if x
            ),
            a.information,
            a.get_decision_display() if a.decision else "",
        ]
        for a in process.actions.select_related("theme", "responsible")
    ]


def _plan_header() -> list[str]:
    return [
        _("Theme"),
        _("What is the challenge?"),
        _("How will it be solved?"),
        _("Responsible"),
        _("Deadline / follow-up"),
        _("Who is informed, and when?"),
        _("Evaluation"),
    ]


def _info_header() -> list[str]:
    return [
        _("What to inform about"),
        _("Purpose"),
        _("Main recipients"),
        _("Platform"),
        _("How often"),
        _("Responsible"),
        _("Others to involve"),
    ]


def _info_rows(process: Process) -> list[list[str]]:
    return [
        [
            i.what,
            i.purpose,
            i.recipients,
            str(PLATFORM_NAMES.get(i.platform, i.platform)),
            i.frequency,
            i.responsible,
            i.involve,
        ]
        for i in process.information.all()
    ]


def process_pdf(process: Process) -> bytes:
    data = {
        "lang": translation.get_language() or "da",
        "title": process.title,
        "subtitle": f"{process.organisation.name} · {process.year}",
        "labels": {
            "plans": _("Action plans"),
            "info": _("Information plan"),
            "page": _("Page"),
            "none": _("Nothing yet."),
        },
        "plans": {"header": _plan_header(), "rows": _plan_rows(process)},
        "info": {"header": _info_header(), "rows": _info_rows(process)},
    }
    return render(TEMPLATES / "handleplaner.typ", data)


def _workbook(sheets: list[tuple[str, list[str], list[list[str]]]]) -> bytes:
    """Free text in wide, wrapped columns; strings as string cells, never formulas."""
    return xlsx_bytes(
        [Sheet(title, header, rows, width=32, wrap=True) for title, header, rows in sheets]
    )


def process_xlsx(process: Process) -> bytes:
    return _workbook(
        [
            (_("Action plans"), _plan_header(), _plan_rows(process)),
            (_("Information plan"), _info_header(), _info_rows(process)),
        ]
    )


def _annual_sections(discussion: AnnualDiscussion) -> list[tuple[str, str]]:
    return [
        (_("Participants"), discussion.participants),
        (_("Focus for the coming year, including sickness absence"), discussion.focus),
        (_("How the cooperation will work"), discussion.cooperation),
        (_("Were last year's goals met?"), discussion.goals_met),
        (_("Goals for the coming year"), discussion.next_goals),
        (_("Does the AMO have the right competences?"), discussion.competences),
    ]


def _rate(value: Any) -> str:
    return f"{formats.number_format(value, 1)} %" if value is not None else "–"


def annual_pdf(discussion: AnnualDiscussion) -> bytes:
    basis = discussion.basis or {}
    stats = basis.get("statistics") or {}
    total = stats.get("total") or {}
    data = {
        "lang": translation.get_language() or "da",
        "title": _("The annual work-environment discussion %(year)s") % {"year": discussion.year},
        "subtitle": " · ".join(
            x
            for x in (
                discussion.organisation.name,
                day(discussion.held_on) if discussion.held_on else "",
            )
            if x
        ),
        "labels": {
            "basis": _("What the year's work showed"),
            "stats": _("Sickness absence (groups of at least five people)"),
            "rate": _("Absence rate"),
            "unit": _("Unit"),
            "actions": _("The actions and their evaluation"),
            "apv": _("Open problems in the APV"),
            "reports": _("Problem reports"),
            "notices": _("Arbejdstilsynet's notices"),
            "accidents": _("Work accidents"),
            "page": _("Page"),
            "none": _("None."),
        },
        "sections": [{"title": t, "text": x} for t, x in _annual_sections(discussion)],
        "rate": _rate(total.get("absence_rate")),
        "units": [[u["label"], _rate(u.get("absence_rate"))] for u in stats.get("units", [])],
        "actions": [
            [a["challenge"], a["progress"], a["results"], a["decision"]]
            for a in basis.get("actions", [])
        ],
        "actions_header": [_("Challenge"), _("Going as planned?"), _("Results"), _("What now")],
        "apv": [[p["title"], p["place"], p["priority"]] for p in basis.get("apv_open", [])],
        "apv_header": [_("Problem"), _("Where"), _("Priority")],
        "reports": _("%(total)s received, %(closed)s solved, %(apv)s moved into the APV.")
        % (basis.get("reports") or {"total": 0, "closed": 0, "apv": 0}),
        "notices": [
            [n["kind"], n["about"], _iso_day(n["done_on"]) or _iso_day(n["deadline"])]
            for n in basis.get("notices", [])
        ],
        "notices_header": [_("Decision"), _("About"), _("Deadline or complied with")],
        "accidents": _("%(accidents)s work accidents, %(near_misses)s near misses.")
        % (basis.get("accidents") or {"accidents": 0, "near_misses": 0}),
    }
    return render(TEMPLATES / "arbejdsmiljoedroeftelse.typ", data)


def annual_xlsx(discussion: AnnualDiscussion) -> bytes:
    basis = discussion.basis or {}
    return _workbook(
        [
            (
                _("Annual discussion"),
                [_("Question"), _("Answer")],
                [[t, x] for t, x in _annual_sections(discussion)],
            ),
            (
                _("Actions"),
                [_("Challenge"), _("Going as planned?"), _("Results"), _("What now")],
                [
                    [a["challenge"], a["progress"], a["results"], a["decision"]]
                    for a in basis.get("actions", [])
                ],
            ),
            (
                _("Notices"),
                [_("Decision"), _("About"), _("Deadline"), _("Complied with on")],
                [
                    [n["kind"], n["about"], _iso_day(n["deadline"]), _iso_day(n["done_on"])]
                    for n in basis.get("notices", [])
                ],
            ),
        ]
    )


def _iso_day(value: str) -> str:
    return day(dt.date.fromisoformat(value)) if value else ""
