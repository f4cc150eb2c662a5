"""Everything Nærvær holds about one person, for the person themselves (GDPR art. 15 and 20)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from naervaer.absence.models import AbsenceSpell
from naervaer.audit.models import AuditEvent
from naervaer.followup import labels
from naervaer.followup.models import Case, Conversation, PossibilityStatement, RetentionPlan
from naervaer.mail.models import SentMail
from naervaer.pdf import day as pdf_day
from naervaer.pdf import render
from naervaer.people.models import Person

TEMPLATE = Path(__file__).resolve().parent / "pdf" / "mine_data.typ"


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
                "salary_during_sickness": e.pays_salary,
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
                "expected_over_26_weeks": c.expected_over_26_weeks,
                "hours_worked_8_weeks": str(c.hours_worked_8_weeks)
                if c.hours_worked_8_weeks is not None
                else None,
                "retention_plan_requested_on": _day(c.retention_plan_requested_on),
                "retention_plan_decision": c.retention_plan_decision,
                "early_followup_requested_on": _day(c.early_followup_requested_on),
                "steps": [
                    {
                        "code": o.code,
                        "due": _day(o.due),
                        "state": o.state,
                        "reason": o.reason,
                        "reason_text": labels.reason_text(o.reason, o.params),
                    }
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
        "e_mails": [
            {
                "sent": m.sent_at.isoformat(),
                "kind": m.kind,
                "to": m.to,
                "subject": m.subject,
                "text": m.body,
            }
            for m in SentMail.objects.filter(person=person).order_by("sent_at", "pk")
        ],
        "who_has_looked": [
            {"at": e.at.isoformat(), "who": e.actor_label, "what": e.action, "detail": e.detail}
            for e in AuditEvent.objects.filter(subjects=person).order_by("at")
        ],
    }


def personal_data_pdf(person: Person) -> bytes:
    """The same content as :func:`personal_data`, laid out for reading and printing."""
    spells = AbsenceSpell.objects.filter(person=person).prefetch_related("degrees")
    cases = Case.objects.filter(person=person).prefetch_related("obligations")
    yes, no = str(_("yes")), str(_("no"))

    def table(header: list[Any], rows: list[list[Any]]) -> dict[str, Any]:
        return {"header": [str(h) for h in header], "rows": [[str(c) for c in r] for r in rows]}

    data = {
        "lang": translation.get_language() or "da",
        "made": formats.date_format(timezone.localdate(), "SHORT_DATE_FORMAT"),
        "person": {
            "name": person.name,
            "employee_id": person.employee_id,
            "organisation": person.organisation.name,
        },
        "labels": {
            key: str(value)
            for key, value in {
                "title": _("My data in Nærvær"),
                "page": _("Page"),
                "employee_id": _("employee no."),
                "made": _("Made on"),
                "none": _("Nothing registered."),
                "employments": _("Employments"),
                "absence": _("Absence"),
                "follow_up": _("Follow-up"),
                "conversations": _("Sickness absence conversations"),
                "retention_plans": _("Retention plans"),
                "possibility_statements": _("Possibility statements"),
                "who_has_looked": _("Who has looked at my data"),
                "footnote": _(
                    "Nærvær never records a diagnosis or an illness. The same data can be "
                    "downloaded as JSON for use in another system."
                ),
            }.items()
        },
        "employments": table(
            [_("Unit"), _("Hours per week"), _("From"), _("To")],
            [
                [
                    e.unit.path,
                    formats.number_format(e.weekly_hours),
                    pdf_day(e.start),
                    pdf_day(e.end),
                ]
                for e in person.employments.select_related("unit").order_by("start")
            ],
        ),
        "absence": table(
            [_("First day"), _("Last day"), _("Kind"), _("Degree"), _("§ 56"), _("Reported via")],
            [
                [
                    pdf_day(s.first_day),
                    pdf_day(s.last_day) if s.last_day else _("still absent"),
                    s.get_kind_display(),
                    ", ".join(
                        f"{d.percent} % {_('from')} {pdf_day(d.from_day)}"
                        for d in sorted(s.degrees.all(), key=lambda d: d.from_day)
                    )
                    or "100 %",
                    yes if s.section56 else no,
                    s.get_reported_via_display(),
                ]
                for s in spells.order_by("first_day")
            ],
        ),
        "follow_up": table(
            [_("Absence from"), _("Step"), _("Due"), _("State")],
            [
                [pdf_day(c.first_day), labels.title(o.code), pdf_day(o.due), o.get_state_display()]
                for c in cases.order_by("first_day")
                for o in sorted(c.obligations.all(), key=lambda o: (o.due or c.first_day, o.code))
            ],
        ),
        "conversations": table(
            [_("Held on"), _("Kind"), _("Form"), _("Expected duration"), _("Support")],
            [
                [
                    pdf_day(c.held_on),
                    c.get_kind_display(),
                    c.get_form_display(),
                    c.expected_duration,
                    c.support,
                ]
                for c in Conversation.objects.filter(person=person).order_by("held_on")
            ],
        ),
        "retention_plans": table(
            [_("Measures"), _("Responsible"), _("Gradual return")],
            [
                [
                    p.measures,
                    p.responsible,
                    ", ".join(
                        f"{formats.number_format(s.hours_per_week)} {_('h/week from')} "
                        f"{pdf_day(s.from_day)}"
                        for s in p.steps.all()
                    ),
                ]
                for p in RetentionPlan.objects.filter(case__person=person)
            ],
        ),
        "possibility_statements": table(
            [_("Filled in"), _("Agreed adjustments"), _("Part 2 received"), _("Conclusion")],
            [
                [
                    pdf_day(s.filled_on),
                    s.agreed_adjustments,
                    pdf_day(s.part2_received_on),
                    s.get_conclusion_display(),
                ]
                for s in PossibilityStatement.objects.filter(case__person=person)
            ],
        ),
        "who_has_looked": table(
            [_("When"), _("Who"), _("What")],
            [
                [
                    formats.date_format(timezone.localtime(e.at), "SHORT_DATETIME_FORMAT"),
                    e.actor_label,
                    e.get_action_display(),
                ]
                for e in AuditEvent.objects.filter(subjects=person).order_by("at")
            ],
        ),
    }
    return render(TEMPLATE, data)
