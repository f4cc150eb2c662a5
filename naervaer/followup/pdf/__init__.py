"""PDF documents, rendered with Typst (a Python wheel with its own fonts: no system packages)."""

from __future__ import annotations

import json
from pathlib import Path

import typst

from naervaer.followup.models import PossibilityStatement

TEMPLATES = Path(__file__).resolve().parent


def _day(value: object) -> str:
    return value.strftime("%d.%m.%Y") if value else "—"  # type: ignore[attr-defined]


def possibility_statement_pdf(statement: PossibilityStatement) -> bytes:
    case = statement.case
    person = case.person
    employment = person.employments.select_related("unit").order_by("-start").first()
    data = {
        "person": person.name,
        "employee_id": person.employee_id,
        "organisation": person.organisation.name,
        "cvr": person.organisation.cvr,
        "unit": employment.unit.path if employment else "—",
        "first_day": _day(case.first_day),
        "filled_on": _day(statement.filled_on),
        "reply_by": _day(statement.reply_by),
        "normal_tasks": statement.normal_tasks,
        "limitations": statement.limitations,
        "agreed_adjustments": statement.agreed_adjustments,
    }
    pdf = typst.compile(
        str(TEMPLATES / "mulighedserklaering.typ"),
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
        ignore_system_fonts=True,
    )
    assert isinstance(pdf, bytes)
    return pdf
