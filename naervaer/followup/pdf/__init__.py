"""The follow-up's PDF documents (see naervaer.pdf)."""

from __future__ import annotations

from pathlib import Path

from naervaer.followup.models import PossibilityStatement
from naervaer.pdf import day as _day
from naervaer.pdf import render

TEMPLATES = Path(__file__).resolve().parent


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
    return render(TEMPLATES / "mulighedserklaering.typ", data)
