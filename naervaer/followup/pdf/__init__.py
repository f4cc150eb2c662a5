"""The follow-up's PDF documents (see naervaer.pdf)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from naervaer.access import nearest_managers
from naervaer.followup.models import Case, PossibilityStatement, RetentionPlan
from naervaer.followup.services import expected_full_return
from naervaer.pdf import day as _day
from naervaer.pdf import render
from naervaer.people.models import Employment

TEMPLATES = Path(__file__).resolve().parent


def _employment(case: Case) -> Employment | None:
    person = case.person
    return (
        person.employment_on(case.first_day)
        or person.employments.select_related("unit").order_by("-start").first()
    )


def _managers(case: Case) -> str:
    return ", ".join(m.name for m in nearest_managers(case.person, case.first_day)) or "—"


def _number(value: Decimal) -> str:
    """Hours as Danes write them: decimal comma, no trailing zeros."""
    return f"{value.normalize():f}".replace(".", ",")


def possibility_statement_pdf(statement: PossibilityStatement) -> bytes:
    case = statement.case
    person = case.person
    employment = _employment(case)
    data = {
        "person": person.name,
        "employee_id": person.employee_id,
        "organisation": person.organisation.name,
        "cvr": person.organisation.cvr,
        "unit": employment.unit.path if employment else "—",
        "contact_name": statement.contact_name or "—",
        "contact_phone": statement.contact_phone or "—",
        "managers": _managers(case),
        "first_day": _day(case.first_day),
        "filled_on": _day(statement.filled_on),
        "reply_by": _day(statement.reply_by),
        "normal_tasks": statement.normal_tasks,
        "limitations": statement.limitations,
        "agreed_adjustments": statement.agreed_adjustments,
    }
    return render(TEMPLATES / "mulighedserklaering.typ", data)


def retention_plan_pdf(plan: RetentionPlan) -> bytes:
    """The fastholdelsesplan (SDPL § 7 b) for the employee to take to the municipality."""
    case = plan.case
    person = case.person
    employment = _employment(case)
    weekly = Decimal(employment.weekly_hours) if employment else None
    steps = [
        {
            "from_day": _day(s.from_day),
            "hours": _number(s.hours_per_week),
            "absent": f"{max(0, round(100 * (1 - s.hours_per_week / weekly)))} %"
            if weekly
            else "—",
        }
        for s in plan.steps.all()
    ]
    full_return = expected_full_return(case, plan) if steps else None
    over = case.expected_over_8_weeks
    data = {
        "person": person.name,
        "employee_id": person.employee_id,
        "organisation": person.organisation.name,
        "cvr": person.organisation.cvr,
        "unit": employment.unit.path if employment else "—",
        "weekly_hours": _number(weekly) if weekly else "—",
        "contact_name": plan.contact_name or "—",
        "contact_phone": plan.contact_phone or "—",
        "managers": _managers(case),
        "first_day": _day(case.first_day),
        "over_8_weeks": "Ikke besvaret" if over is None else ("Ja" if over else "Nej"),
        "requested_on": _day(case.retention_plan_requested_on),
        "updated_on": _day(plan.updated_at.date()),
        "gradual_return": plan.gradual_return,
        "changed_tasks": plan.changed_tasks,
        "aids": plan.aids,
        "adjustments": plan.adjustments,
        "measures": plan.measures,
        "steps": steps,
        "full_return": (
            f"Forventet tilbage på fuld tid fra {_day(full_return)}."
            if full_return
            else ("Optrapningen når endnu ikke fuld tid." if steps else "")
        ),
        "responsible": plan.responsible or "—",
        "next_follow_up": _day(plan.next_follow_up),
        "employee_view": plan.employee_view,
    }
    return render(TEMPLATES / "fastholdelsesplan.typ", data)
