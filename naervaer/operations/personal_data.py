"""Everything Nærvær holds about one person, for the person themselves (GDPR art. 15 and 20)."""

from __future__ import annotations

from typing import Any

from naervaer.absence.models import AbsenceSpell
from naervaer.audit.models import AuditEvent
from naervaer.followup.models import Case, Conversation, PossibilityStatement, RetentionPlan
from naervaer.people.models import Person


def _day(value: Any) -> str | None:
    return value.isoformat() if value else None


def personal_data(person: Person) -> dict[str, Any]:
    spells = AbsenceSpell.objects.filter(person=person).prefetch_related("degrees")
    cases = Case.objects.filter(person=person).prefetch_related("obligations")
    return {
        "person": {
            "name": person.name,
            "employee_id": person.employee_id,
            "organisation": person.organisation.name,
        },
        "employments": [
            {
                "unit": e.unit.path,
                "weekly_hours": str(e.weekly_hours),
                "start": _day(e.start),
                "end": _day(e.end),
            }
            for e in person.employments.select_related("unit").order_by("start")
        ],
        "absence": [
            {
                "first_day": _day(s.first_day),
                "last_day": _day(s.last_day),
                "kind": s.kind,
                "section56": s.section56,
                "work_environment_related": s.work_environment_related,
                "reported_via": s.reported_via,
                "degrees": [
                    {"from": _day(d.from_day), "percent": d.percent}
                    for d in sorted(s.degrees.all(), key=lambda d: d.from_day)
                ],
            }
            for s in spells.order_by("first_day")
        ],
        "follow_up": [
            {
                "first_day": _day(c.first_day),
                "expected_over_8_weeks": c.expected_over_8_weeks,
                "steps": [
                    {"code": o.code, "due": _day(o.due), "state": o.state, "reason": o.reason}
                    for o in c.obligations.all()
                ],
            }
            for c in cases.order_by("first_day")
        ],
        "conversations": [
            {
                "kind": c.kind,
                "held_on": _day(c.held_on),
                "form": c.form,
                "participants": c.participants,
                "expected_duration": c.expected_duration,
                "functions": c.functions,
                "workplace_factors": c.workplace_factors,
                "support": c.support,
            }
            for c in Conversation.objects.filter(person=person).order_by("held_on")
        ],
        "retention_plans": [
            {
                "measures": p.measures,
                "responsible": p.responsible,
                "employee_view": p.employee_view,
                "steps": [
                    {"from": _day(s.from_day), "hours_per_week": str(s.hours_per_week)}
                    for s in p.steps.all()
                ],
            }
            for p in RetentionPlan.objects.filter(case__person=person)
        ],
        "possibility_statements": [
            {
                "filled_on": _day(s.filled_on),
                "normal_tasks": s.normal_tasks,
                "limitations": s.limitations,
                "agreed_adjustments": s.agreed_adjustments,
                "part2_received_on": _day(s.part2_received_on),
                "conclusion": s.conclusion,
            }
            for s in PossibilityStatement.objects.filter(case__person=person)
        ],
        "who_has_looked": [
            {"at": e.at.isoformat(), "who": e.actor_label, "what": e.action, "detail": e.detail}
            for e in AuditEvent.objects.filter(subject=person).order_by("at")
        ],
    }
