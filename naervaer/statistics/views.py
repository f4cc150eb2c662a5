"""The statistics dashboard: managers see their units, HR the organisation with drill-down
through the unit tree, the AMO the same figures for groups of at least five people only."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from naervaer.absence.models import Kind, TimeOffKind
from naervaer.access import (
    MIN_GROUP_SIZE,
    Viewer,
    can_see_statistics,
    request_viewer,
    statistics_people,
    units_visible_to,
)
from naervaer.audit.models import Action
from naervaer.audit.services import record
from naervaer.fleksjob.models import fleksjob_people_ids
from naervaer.followup.selectors import care_triggers_for
from naervaer.importexport.exporters import to_csv, to_xlsx
from naervaer.people.models import Unit
from naervaer.rules.benchmarks import (
    Benchmark,
    Causes,
    Measure,
    Sector,
    best_match,
    days_per_fte,
    verdict,
)
from naervaer.rules.calendar import month_grid
from naervaer.rules.statistics import (
    DAY_WORK_HOURS,
    Band,
    Figures,
    WorkingDays,
    cause_of,
    daily_absence_share,
)
from naervaer.rules.statistics import months as core_months
from naervaer.seniors.services import senior_people_ids
from naervaer.statistics.benchmarks import benchmarks
from naervaer.statistics.selectors import (
    Dashboard,
    Group,
    Scope,
    dashboard,
    job_group_figures,
    load_scope,
    rising_short_absence,
)

ONE_DAY = dt.timedelta(days=1)
WEEKDAYS = [_("Mo"), _("Tu"), _("We"), _("Th"), _("Fr"), _("Sa"), _("Su")]


POPULATIONS = (("seniors", _("Seniors")), ("fleksjob", _("Fleksjob")))


def _population(
    request: HttpRequest, viewer: Viewer, for_amo: bool, today: dt.date
) -> set[int] | None:
    """Seniors (by the senior policy's age) or people in fleksjob, for HR and managers; the AMO
    gets no such sub-populations: set against the whole they could isolate a few people."""
    chosen = request.GET.get("population", "")
    if not chosen or for_amo:
        return None
    assert viewer.organisation_id is not None
    if chosen == "seniors":
        return senior_people_ids(viewer.organisation_id, today)
    if chosen == "fleksjob":
        return fleksjob_people_ids(viewer.organisation_id, today)
    raise Http404


def _period(request: HttpRequest, today: dt.date) -> tuple[dt.date, dt.date]:
    """The last 12 full months, unless the request names a period."""
    end = today.replace(day=1) - ONE_DAY
    start = end.replace(day=1, year=end.year - 1) + dt.timedelta(days=31)
    start = start.replace(day=1)
    try:
        if request.GET.get("from"):
            start = dt.date.fromisoformat(request.GET["from"])
        if request.GET.get("to"):
            end = dt.date.fromisoformat(request.GET["to"])
    except ValueError:
        pass
    if end < start or (end - start).days > 366 * 5:
        start, end = end.replace(day=1), end
    return start, end


def _dashboard(
    request: HttpRequest, *, warnings: bool = False
) -> tuple[Dashboard, dict[str, object]]:
    viewer = request_viewer(request)
    if not can_see_statistics(viewer) or viewer.organisation_id is None:
        raise PermissionDenied
    today = timezone.localdate()
    start, end = _period(request, today)
    people, for_amo = statistics_people(viewer)
    unit = None
    if request.GET.get("unit"):
        try:
            unit = units_visible_to(viewer).get(pk=int(request.GET["unit"]))
        except (ValueError, Unit.DoesNotExist):
            raise Http404 from None
    population = _population(request, viewer, for_amo, today)
    if population is not None:
        people = population if people is None else people & population
    trend_from = (end.replace(day=1) - dt.timedelta(days=700)).replace(day=1)
    result = dashboard(
        Scope(viewer.organisation_id, people, unit),
        start,
        end,
        today,
        for_amo=for_amo,
        trend_from=trend_from,
    )
    context: dict[str, object] = {
        "start": start,
        "end": end,
        "unit": unit,
        "for_amo": for_amo,
        "scope": Scope(viewer.organisation_id, people, unit),
        "population": request.GET.get("population", "") if population is not None else "",
        "populations": [] if for_amo else POPULATIONS,
    }
    if warnings:
        scope = Scope(viewer.organisation_id, people, unit)
        context["rising"] = rising_short_absence(scope, start, end, today, result, for_amo)
        # Person-level signals are for managers and HR only, never the AMO.
        context["care"] = [] if for_amo else list(care_triggers_for(viewer))
        if context["care"]:
            record(
                request.user,
                viewer.organisation_id,
                Action.VIEW_CASE,
                {o.case.person for o in context["care"][:10]},  # type: ignore[index]
                "early warning",
            )
    return result, context


def _bars(groups: list[Group]) -> list[dict[str, object]]:
    rates = [g.figures.rate or 0.0 for g in groups if not g.suppressed]
    top = max([*rates, 1.0])
    return [
        {
            "group": g,
            "rate": g.figures.rate,
            "height": 0 if g.suppressed else round(100 * (g.figures.rate or 0) / top, 1),
        }
        for g in groups
    ]


def top_rate(bars: list[dict[str, object]]) -> float:
    return max([*(float(b["rate"] or 0) for b in bars if b["rate"] is not None), 1.0])


def _rolling(months: list[Group]) -> list[float | None]:
    """The 12-month average absence rate at each month (None until 12 months are known)."""
    result: list[float | None] = []
    for i in range(len(months)):
        window = months[max(0, i - 11) : i + 1]
        if len(window) < 12 or any(g.suppressed for g in window):
            result.append(None)
            continue
        possible = sum(g.figures.possible_hours for g in window)
        absent = sum(g.figures.absent_hours for g in window)
        result.append(100 * absent / possible if possible else None)
    return result


def _compare(
    match: Benchmark,
    figures: Figures,
    absent_by_kind: dict[str, float],
    working_days: int,
    label: str = "",
) -> dict[str, object] | None:
    """Ours against one published figure, counting the causes the figure counts."""
    absent = sum(h for k, h in absent_by_kind.items() if cause_of(k) in match.causes.counts)
    if match.measure == Measure.RATE:
        ours = 100 * absent / figures.possible_hours if figures.possible_hours > 0 else None
    else:
        ours = days_per_fte(absent, figures.agreed_hours, working_days)
    if ours is None:
        return None
    fte = figures.agreed_hours / (DAY_WORK_HOURS * working_days) if working_days else 0.0
    return {
        "benchmark": match,
        "ours": ours,
        "verdict": verdict(ours, float(match.value), fte),
        "label": label,
        "own_sickness_only": match.causes is Causes.OWN_SICKNESS,
        "whole_market": match.sector is Sector.ALL,
        "estimated": figures.leave_estimated and match.measure == Measure.RATE,
    }


def _industry_comparison(
    request: HttpRequest, result: Dashboard, context: dict[str, object], today: dt.date
) -> dict[str, object] | None:
    """The organisation (and each of its job groups with a published figure) against the
    published figures for the most like group, over a 12-month period, like with like."""
    total = result.total
    start, end = context["start"], context["end"]
    assert isinstance(start, dt.date) and isinstance(end, dt.date)
    if total.suppressed or not 360 <= (end - start).days <= 370:
        return None
    organisation = request.user.organisation  # type: ignore[union-attr]
    published = benchmarks()
    working_days = WorkingDays(start, end).count(start, end)
    match = best_match(organisation.sector, organisation.industry_code, published)
    if match is None:
        return None
    by_kind = {g.key: g.figures.absent_hours for g in result.kinds}
    comparison = _compare(match, total.figures, by_kind, working_days)
    if comparison is None:
        return None
    groups = []
    for group, figures, absent in job_group_figures(
        context["scope"],  # type: ignore[arg-type]
        start,
        end,
        today,
        for_amo=bool(context["for_amo"]),
    ):
        found = best_match(organisation.sector, organisation.industry_code, published, group)
        if found is not None:
            row = _compare(found, figures, absent, working_days, group)
            if row is not None:
                groups.append(row)
    comparison["groups"] = groups
    comparison["sector_missing"] = not organisation.sector
    return comparison


def _kind_label(kind: str) -> str:
    for choices in (Kind, TimeOffKind):
        if kind in choices.values:
            return str(choices(kind).label)
    return kind


@login_required
def dashboard_view(request: HttpRequest) -> HttpResponse:
    result, context = _dashboard(request, warnings=True)
    trend = _bars(result.months)
    rolling = _rolling(result.months)
    for i, (bar, avg) in enumerate(zip(trend, rolling, strict=True)):
        bar["rolling"] = avg
        bar["x"] = i * 10 + 1
        bar["y"] = 100 - bar["height"]  # type: ignore[operator]
        bar["avg_y"] = None if avg is None else 100 - 100 * avg / top_rate(trend)
    total = result.total
    bands = []
    if not total.suppressed and total.figures.absent_hours:
        for band in Band:
            hours = total.figures.absent_hours_by_band.get(band, 0.0)
            bands.append({"band": band.value, "share": 100 * hours / total.figures.absent_hours})
    weekdays = list(zip(WEEKDAYS, result.weekdays, strict=False))
    comparison = _industry_comparison(request, result, context, timezone.localdate())
    top_weekday = max(result.weekdays or [1]) or 1
    return render(
        request,
        "statistics/dashboard.html",
        {
            **context,
            "total": total,
            "units": _bars(result.units),
            "kinds": [(_kind_label(k.key), k) for k in result.kinds],
            "leave_estimated": result.leave_estimated,
            "leave_days_estimate": result.leave_days_estimate,
            "trend": trend,
            "trend_last12": rolling[-1] if rolling else None,
            "bands": bands,
            "comparison": comparison,
            "weekdays": [
                {"day": d, "count": c, "height": round(100 * c / top_weekday, 1)}
                for d, c in weekdays
            ],
        },
    )


@login_required
def export_view(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    result, context = _dashboard(request)
    columns = [
        "group",
        "people",
        "absence_rate",
        "absent_day_works",
        "spells",
        "spells_per_employee_year",
    ]
    rows = []
    for section, groups in (
        ("total", [result.total]),
        ("unit", result.units),
        ("kind", result.kinds),
        ("month", result.months),
    ):
        for g in groups:
            d = g.as_dict()
            rows.append(
                [f"{section}: {g.key}"]
                + (
                    ["", "", "", "", ""]
                    if g.suppressed
                    else [
                        d["people"],
                        d["absence_rate"],
                        d["absent_day_works"],
                        d["spells"],
                        d["spells_per_employee_year"],
                    ]
                )
            )
    start, end = context["start"], context["end"]
    name = f"fravaersstatistik-{start}-{end}.{fmt}"
    if fmt == "xlsx":
        response = HttpResponse(
            to_xlsx(columns, rows, "statistik"),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(to_csv(columns, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


HEAT_LEVELS = (0.02, 0.04, 0.06, 0.08)


@login_required
def calendar_view(request: HttpRequest) -> HttpResponse:
    """The heat map of a period: the share of working hours lost each working day. Loaded by
    htmx after the dashboard, so the figures above it are not kept waiting."""
    viewer = request_viewer(request)
    if not can_see_statistics(viewer) or viewer.organisation_id is None:
        raise PermissionDenied
    today = timezone.localdate()
    start, end = _period(request, today)
    people, for_amo = statistics_people(viewer)
    unit = None
    if request.GET.get("unit"):
        try:
            unit = units_visible_to(viewer).get(pk=int(request.GET["unit"]))
        except (ValueError, Unit.DoesNotExist):
            raise Http404 from None
    data = load_scope(Scope(viewer.organisation_id, people, unit), start, end)
    suppressed = for_amo and len(data.employments) < MIN_GROUP_SIZE
    share = (
        {}
        if suppressed
        else daily_absence_share(
            (
                ([e for _unit, e in employments], data.spells.get(person_id, []))
                for person_id, employments in data.employments.items()
            ),
            start,
            end,
            today,
        )
    )
    months = []
    for first, _last in core_months(start, end):
        grid = month_grid(first.year, first.month)
        weeks = []
        for week in grid.weeks:
            cells = []
            for c in week.days:
                value = share.get(c.day) if c.in_month and start <= c.day <= end else None
                level = None if value is None else sum(value >= t for t in HEAT_LEVELS)
                percent = None if value is None else 100 * value
                cells.append(
                    {"day": c.day, "in_month": c.in_month, "share": percent, "level": level}
                )
            weeks.append((week.number, cells))
        months.append({"first": first, "weeks": weeks})
    return render(
        request,
        "statistics/_calendar.html",
        {"months": months, "suppressed": suppressed, "levels": HEAT_LEVELS},
    )
