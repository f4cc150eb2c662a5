"""Statistics for the AMO's records (groups only), and the steps that move a record along."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from naervaer.amo.models import (
    ActionPlan,
    ApvProblem,
    ProblemReport,
    Process,
    ReportLink,
    report_token,
)
from naervaer.inspections.models import Decision
from naervaer.people.models import Organisation, Unit
from naervaer.rules.disclosure import OTHER
from naervaer.rules.statistics import Band
from naervaer.statistics.selectors import Group, Scope, dashboard
from naervaer.workinjury.models import WorkAccident


def _group(g: Group) -> dict[str, Any] | None:
    """A group's figures, or None when disclosure control does not let the AMO see them
    (``naervaer.rules.disclosure``: the same decision as on every other path)."""
    if g.suppressed:
        return None
    figures = g.as_dict()
    shares = figures["share_of_absence_by_band"]
    assert isinstance(shares, dict)
    figures["short_share"] = shares[Band.SHORT.value]
    long, very_long = shares[Band.LONG.value], shares[Band.VERY_LONG.value]
    if long is not None and very_long is not None:
        figures["long_share"] = round(long + very_long, 1)
    elif long is None is very_long and None not in (
        shares[Band.SHORT.value],
        shares[Band.MEDIUM.value],
    ):
        figures["long_share"] = shares.get(OTHER)  # exactly the two long bands, merged
    else:
        figures["long_share"] = None
    return figures


def statistics_snapshot(
    organisation_id: int,
    start: dt.date,
    end: dt.date,
    today: dt.date,
    unit: Unit | None = None,
) -> dict[str, Any]:
    """The AMO's statistics for the period, frozen into the mapping: the organisation (or one
    ``unit``) and its units one level down with their absence rate, spells and share of short
    and long absence, and the months; every group of fewer than five people is left out."""
    board = dashboard(Scope(organisation_id, under_unit=unit), start, end, today, for_amo=True)
    return {
        "unit": unit.path if unit is not None else None,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "total": _group(board.total),
        "units": [g for g in (_group(u) for u in board.units) if g is not None],
        "left_out": sum(1 for u in board.units if _group(u) is None),
        "months": [
            {"label": m.label, "absence_rate": round(m.figures.rate, 2) if m.figures.rate else None}
            for m in board.months
            if _group(m) is not None
        ],
    }


def unit_evidence(
    unit: Unit, start: dt.date, end: dt.date, today: dt.date
) -> dict[str, Any] | None:
    """A unit's absence figures as evidence for an APV problem, if it has at least five people."""
    board = dashboard(
        Scope(unit.organisation_id, under_unit=unit),
        start,
        end,
        today,
        for_amo=True,
        with_trend=False,
    )
    figures = _group(board.total)
    if figures is None:
        return None
    return {"unit": unit.path, "start": start.isoformat(), "end": end.isoformat(), **figures}


def take_snapshot(process: Process, today: dt.date, unit: Unit | None = None) -> bool:
    """Freeze the last 12 whole months into the mapping, for the organisation or one unit.
    A unit of fewer than five people is refused (False), and the snapshot kept as it was."""
    start = dt.date(today.year - 1, today.month, 1)
    end = dt.date(today.year, today.month, 1) - dt.timedelta(days=1)
    snapshot = statistics_snapshot(process.organisation_id, start, end, today, unit)
    if unit is not None and snapshot["total"] is None:
        return False
    process.snapshot = snapshot
    process.snapshot_taken_at = timezone.now()
    process.save(update_fields=["snapshot", "snapshot_taken_at"])
    return True


def report_link(organisation: Organisation) -> ReportLink:
    link, _created = ReportLink.objects.get_or_create(organisation=organisation)
    return link


def file_report(report: ProblemReport) -> ProblemReport:
    """Save a new report. An anonymous one keeps only the day it came in: in a small workplace
    the minute can tell who was at the notice board, so it is never stored."""
    report.save()
    if report.anonymous:
        day = timezone.localdate(report.created_at)
        midnight = dt.datetime.combine(day, dt.time(), tzinfo=timezone.get_current_timezone())
        ProblemReport.objects.filter(pk=report.pk).update(created_at=midnight)
        report.created_at = midnight
    return report


def renew_report_link(organisation: Organisation) -> ReportLink:
    """A new poster address (when the old poster is taken down or the address has spread
    beyond the workplace); the old address stops working at once."""
    link = report_link(organisation)
    link.token = report_token()
    link.save(update_fields=["token"])
    return link


@transaction.atomic
def move_to_apv(report: ProblemReport) -> ApvProblem:
    """A complex report goes into the APV register, where the AMO prioritises it."""
    problem = ApvProblem.objects.create(
        organisation_id=report.organisation_id,
        title=report.what.strip().splitlines()[0][:200],
        description=report.what + (f"\n\n{report.suggestion}" if report.suggestion else ""),
        place=report.place,
    )
    report.apv_problem = problem
    report.state = ProblemReport.State.APV
    report.save(update_fields=["apv_problem", "state", "updated_at"])
    return problem


def annual_basis(organisation_id: int, year: int, today: dt.date) -> dict[str, Any]:
    """What the year's work showed, for the annual discussion: the evaluated actions, the
    year's statistics (groups only), the open APV problems, the problem reports, Arbejdstilsynet's
    notices and the number of work accidents and near misses."""
    start, end = dt.date(year, 1, 1), min(dt.date(year, 12, 31), today)
    actions = ActionPlan.objects.filter(organisation_id=organisation_id).filter(
        process__year=year
    ) | ActionPlan.objects.filter(organisation_id=organisation_id, process__isnull=True)
    reports = ProblemReport.objects.filter(organisation_id=organisation_id, created_at__year=year)
    accidents = WorkAccident.objects.filter(organisation_id=organisation_id, happened_on__year=year)
    return {
        "statistics": statistics_snapshot(organisation_id, start, end, today)
        if start <= end
        else None,
        "actions": [
            {
                "challenge": a.challenge,
                "solution": a.solution,
                "progress": a.get_progress_display() if a.progress else "",
                "results": a.results,
                "decision": a.get_decision_display() if a.decision else "",
                "learned": a.learned,
            }
            for a in actions.order_by("pk")
        ],
        "apv_open": [
            {"title": p.title, "place": p.place, "priority": p.get_priority_display()}
            for p in ApvProblem.objects.filter(
                organisation_id=organisation_id, state=ApvProblem.State.OPEN
            )
        ],
        "reports": {
            "total": reports.count(),
            "closed": reports.filter(state=ProblemReport.State.CLOSED).count(),
            "apv": reports.filter(state=ProblemReport.State.APV).count(),
        },
        # Arbejdstilsynet's decisions of the year and those still open (seed 000).
        "notices": [
            {
                "kind": d.get_kind_display(),
                "about": d.about,
                "deadline": d.deadline.isoformat() if d.deadline else "",
                "done_on": d.done_on.isoformat() if d.done_on else "",
            }
            for d in Decision.objects.filter(inspection__organisation_id=organisation_id)
            .filter(Q(inspection__visited_on__year=year) | Q(done_on__isnull=True))
            .order_by("inspection__visited_on", "pk")
        ],
        # Counts only: what happened is in the accident register; who was hurt never here.
        "accidents": {
            "accidents": accidents.filter(kind=WorkAccident.Kind.ACCIDENT).count(),
            "near_misses": accidents.filter(kind=WorkAccident.Kind.NEAR_MISS).count(),
        },
    }
