"""The statistics dashboard: managers see their units, HR the organisation with drill-down
through the unit tree, the AMO the same figures for groups of at least five people only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from naervaer.absence.models import Kind, TimeOffKind
from naervaer.access import (
    Viewer,
    can_see_statistics,
    can_set_policy,
    own_organisation,
    request_viewer,
    statistics_people,
    units_visible_to,
)
from naervaer.audit import reads
from naervaer.audit.models import Action
from naervaer.badinput import BadInput
from naervaer.charts import column_chart
from naervaer.exports import Sheet, csv_response, xlsx_response
from naervaer.fleksjob.models import fleksjob_people_ids
from naervaer.followup.models import Obligation
from naervaer.followup.selectors import care_triggers_for
from naervaer.http import AuthenticatedHttpRequest
from naervaer.numbers import Fixed
from naervaer.people.models import UNIT_SEPARATOR, Employment, Unit, subtree_q
from naervaer.rules import plausibility
from naervaer.rules.age import AGE_BANDS, UNKNOWN
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
from naervaer.rules.disclosure import OTHER
from naervaer.rules.statistics import (
    DAY_WORK_HOURS,
    Band,
    Figures,
    WorkingDays,
    cause_of,
)
from naervaer.rules.statistics import months as core_months
from naervaer.seniors.services import senior_people_ids
from naervaer.statistics import disclosure
from naervaer.statistics.age import AgeScope, by_age_band
from naervaer.statistics.benchmarks import benchmarks
from naervaer.statistics.daily import heat_map
from naervaer.statistics.forms import ComparisonForm
from naervaer.statistics.selectors import (
    Dashboard,
    Group,
    Scope,
    Warning,
    by_quarter,
    dashboard,
    job_group_figures,
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


def _period(request: AuthenticatedHttpRequest, today: dt.date) -> tuple[dt.date, dt.date]:
    """The last 12 full months, unless the request names a period."""
    end = today.replace(day=1) - ONE_DAY
    start = end.replace(day=1, year=end.year - 1) + dt.timedelta(days=31)
    start = start.replace(day=1)
    for name in ("from", "to"):
        if not request.GET.get(name):
            continue
        try:
            day = dt.date.fromisoformat(request.GET[name])
        except ValueError:
            raise BadInput(
                (name, _("%(value)s is not a date.") % {"value": request.GET[name]})
            ) from None
        if name == "from":
            start = day
        else:
            end = day
    problems = plausibility.check_period(start, end)
    if problems:
        raise BadInput.from_problems("to" if end < start else "from", problems)
    return start, end


def _unit_asked(request: AuthenticatedHttpRequest, viewer: Viewer) -> Unit | None:
    """The unit named by ``?unit=`` if the viewer may choose it (404 otherwise)."""
    if not request.GET.get("unit"):
        return None
    try:
        return units_visible_to(viewer).get(pk=int(request.GET["unit"]))
    except (ValueError, Unit.DoesNotExist):
        raise Http404 from None


def _dashboard(
    request: AuthenticatedHttpRequest, *, warnings: bool = False
) -> tuple[Dashboard, dict[str, Any]]:
    viewer = request_viewer(request)
    if not can_see_statistics(viewer) or viewer.organisation_id is None:
        raise PermissionDenied
    today = timezone.localdate()
    start, end = _period(request, today)
    people, for_amo = statistics_people(viewer)
    unit = _unit_asked(request, viewer)
    population = _population(request, viewer, for_amo, today)
    if population is not None:
        people = population if people is None else people & population
    trend_from = (end.replace(day=1) - dt.timedelta(days=700)).replace(day=1)
    # A manager's figures start at the units she leads, not at their parents (which she may
    # not open).
    depth = None
    if unit is None and people is not None and viewer.led_paths:
        depth = min(path.count(UNIT_SEPARATOR) for path in viewer.led_paths)
    visible = set(units_visible_to(viewer).values_list("pk", flat=True))
    # A head of area's people are those employed in the units she leads now: their figures are
    # read from those units' rows (``Scope.home``), corrected for those who left or moved. For
    # a team, its own rows are fewer than the corrections (50k: a team of 30 takes 100 ms either
    # way, 190 ms through its units; 14,000 people 4.7 s own rows, 1.9 s through the units).
    home = None
    if people is not None and population is None and viewer.led_paths and len(people) > HOME_FROM:
        home = frozenset(
            Unit.objects.filter(
                subtree_q(list(viewer.led_paths)), organisation_id=viewer.organisation_id
            ).values_list("pk", flat=True)
        )
    scope = Scope(viewer.organisation_id, people, unit, home)
    result = dashboard(
        scope,
        start,
        end,
        today,
        for_amo=for_amo,
        trend_from=trend_from,
        depth=depth,
    )
    for group in result.units:
        if group.unit_id not in visible:
            group.unit_id = None
    context: dict[str, Any] = {
        "start": start,
        "end": end,
        # The period as a query string, formatted once for the hundreds of links of a page.
        "period_query": f"from={start:%Y-%m-%d}&to={end:%Y-%m-%d}",
        "unit": unit,
        "for_amo": for_amo,
        "own_people_only": people is not None and not for_amo,
        "scope": scope,
        "population": request.GET.get("population", "") if population is not None else "",
        "populations": [] if for_amo else POPULATIONS,
    }
    if warnings:
        context["rising"] = rising_short_absence(
            scope, start, end, today, result, for_amo, level=depth
        )
        for warning in context["rising"]:
            if warning.group.unit_id not in visible:
                warning.group.unit_id = None
        # Person-level signals are for managers and HR only, never the AMO. The first names
        # are shown; the rest are sent only when asked for (``care_list_view``).
        context["care"], context["care_more"] = [], 0
        if not for_amo:
            care = _care_triggers(viewer, unit, today)
            context["care"] = _obligations(care[:CARE_SHOWN])
            context["care_more"] = len(care) - len(context["care"])
        if context["care"]:
            reads.describe(Action.VIEW_CASE, "early warning")
            reads.note(o.case.person for o in context["care"])
    return result, context


CARE_SHOWN = 10  # names of the early warning on the dashboard; the rest on request
WARNINGS_SHOWN = 10  # units of the early warning shown; the rest behind "show more"
HOME_FROM = 1000  # people in a manager's set from which their units' rows are read


def _care_triggers(viewer: Viewer, unit: Unit | None, today: dt.date) -> list[int]:
    """The obligations (ids, soonest due first) of the viewer's people due a care conversation,
    in the drill-down's unit and those below it (the people employed there now).

    A few hundred at most: read once as ids, then the drill-down's people among them, rather
    than joining the people of an area of 20,000 to every obligation (0.1 s a query at 50,000
    employees). Their employments are found by the people: the unit is compared as
    ``unit_id + 0``, which no index serves, or SQLite walked every employment of the sub-tree
    (HR, ``Skoler`` at 50,000 employees: 919 people, 17,000 employments, 10.6 ms against 2.6)."""
    rows = list(care_triggers_for(viewer).values_list("pk", "case__person_id"))
    if unit is not None and rows:
        here = set(
            Employment.objects.filter(
                Q(end__isnull=True) | Q(end__gte=today),
                start__lte=today,
                person_id__in_ids={person_id for _pk, person_id in rows},
            )
            .alias(in_unit=F("unit_id") + 0)
            .filter(
                in_unit__in=Unit.objects.filter(
                    subtree_q([unit.path]), organisation_id=unit.organisation_id
                ).values("pk")
            )
            .order_by()
            .values_list("person_id", flat=True)
        )
        rows = [(pk, person_id) for pk, person_id in rows if person_id in here]
    return [pk for pk, _person_id in rows]


def _obligations(ids: list[int]) -> list[Obligation]:
    """These obligations with their people, in the order given."""
    found = Obligation.objects.filter(pk__in_ids=ids).select_related("case__person").in_bulk()
    return [found[pk] for pk in ids]


@login_required
def care_list_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The rest of the early warning's people due a care conversation, after the first
    ``CARE_SHOWN`` on the dashboard: loaded by htmx when the reader opens the list, so names are
    sent (and their reading audited) only when asked for. Never for the AMO."""
    viewer = request_viewer(request)
    if not can_see_statistics(viewer) or viewer.organisation_id is None:
        raise PermissionDenied
    _people, for_amo = statistics_people(viewer)
    if for_amo:
        raise PermissionDenied
    rest = _obligations(
        _care_triggers(viewer, _unit_asked(request, viewer), timezone.localdate())[CARE_SHOWN:]
    )
    if rest:
        reads.describe(Action.VIEW_CASE, "early warning")
        reads.note(o.case.person for o in rest)
    return render(request, "statistics/_care_list.html", {"care": rest})


def _bars(groups: list[Group]) -> list[dict[str, Any]]:
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


# A row of the table of units and a line of the early warning, written by the view: a
# drill-down into an area writes hundreds, and the template's loop and includes over them took
# 13 of the page's 165 ms at 50,000 employees (the rows' values are escaped here;
# ``tests/test_statistics_drilldown.py`` holds them to the markup the templates wrote).
_UNIT_ROW = "<tr>\n      <td>{cell}</td>\n      {figures}\n    </tr>"
_UNIT_FIGURES = (
    '<td class="num">{people}</td><td class="num">{rate} %</td><td class="barcell"><svg '
    'class="hbar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true"><rect '
    'width="{width}" height="10"></rect></svg></td><td class="num">{per_year}</td>'
)
_UNIT_HIDDEN = '<td class="num muted" colspan="4">{text}</td>\n      '
_LINK = '<a href="{href}">{text}</a>'
_WARNING = (
    '<li><strong>{key}</strong>: {rates} <br><span class="muted">{chance}</span>{link}</li>\n'
)


def _units_html(rows: list[dict[str, Any]]) -> SafeString:
    """The table of units' rows (``_unit_rows``) as HTML."""
    hidden = _UNIT_HIDDEN.format(
        text=escape(_("not shown (protects a group of fewer than 5 people)"))
    )
    html = []
    for row in rows:
        label = escape(row["label"])
        html.append(
            _UNIT_ROW.format(
                cell=_LINK.format(href=escape(row["href"]), text=label) if row["href"] else label,
                figures=hidden
                if row["suppressed"]
                else _UNIT_FIGURES.format(
                    people=row["people"],
                    rate=escape(row["rate_text"]),
                    width=escape(row["width"]),
                    per_year=escape(row["per_year"]),
                ),
            )
        )
    # Safe: the markup is fixed, every value in it escaped (the numbers are ints and ``Fixed``).
    return mark_safe("".join(html))  # noqa: S308


def _warnings_html(rows: list[dict[str, str]]) -> SafeString:
    """The early warning's lines (``_warning_rows``) as HTML, each sentence translated once."""
    rates = str(_("%(now)s against %(before)s short absences per employee-year"))
    chance = str(_("By chance alone, a rise this large happens only about once in %(n)s cases."))
    closer = escape(_("look closer"))
    html = [
        _WARNING.format(
            key=escape(row["key"]),
            rates=rates % {"now": escape(row["now"]), "before": escape(row["before"])},
            chance=chance % {"n": escape(row["chance"])},
            link=" · " + _LINK.format(href=escape(row["href"]), text=closer) if row["href"] else "",
        )
        for row in rows
    ]
    # Safe: as ``_units_html`` (the sentences are the catalogue's, as the template wrote them).
    return mark_safe("".join(html))  # noqa: S308


def _unit_rows(groups: list[Group], period_query: str) -> list[dict[str, Any]]:
    """The table of units side by side: ``_bars`` with each number written here, once
    (``naervaer.numbers``), not by a template filter per cell: a drill-down into an area has
    hundreds of rows. They read as ``floatformat`` wrote them (``tests/test_numbers.py``)."""
    rate, width, per_year = Fixed(2), Fixed(1, localized=False), Fixed(1)
    rows = _bars(groups)
    for row in rows:
        group = row["group"]
        row["label"] = group.label
        row["suppressed"] = group.suppressed
        row["href"] = (
            f"?unit={group.unit_id}&{period_query}"
            if group.unit_id and not group.suppressed
            else ""
        )
        if not group.suppressed:
            figures = group.figures
            row["people"] = str(figures.people)
            row["rate_text"] = rate(row["rate"])
            row["width"] = width(row["height"])
            row["per_year"] = per_year(figures.spells_per_employee_year)
    return rows


def _warning_rows(
    warnings: list[Warning], period_query: str, for_amo: bool
) -> list[dict[str, str]]:
    """The early warning's lines with their numbers written once (``Fixed``): an area's
    drill-down has dozens. The AMO is not sent on to a unit's people."""
    rate = Fixed(2)
    return [
        {
            "key": w.group.key,
            "now": rate(w.rate_now),
            "before": rate(w.rate_before),
            "chance": str(w.chance_one_in),
            "href": f"?unit={w.group.unit_id}&{period_query}"
            if w.group.unit_id and not for_amo
            else "",
        }
        for w in warnings
    ]


def top_rate(bars: list[dict[str, Any]]) -> float:
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
    request: AuthenticatedHttpRequest, result: Dashboard, context: dict[str, Any]
) -> dict[str, object] | None:
    """The organisation against the published figure for the most like group, over a 12-month
    period, like with like. Job groups follow in their own fragment (``job_groups_view``)."""
    total = result.total
    start, end = context["start"], context["end"]
    assert isinstance(start, dt.date) and isinstance(end, dt.date)
    if total.suppressed or not _is_a_year(start, end):
        return None
    organisation = own_organisation(request.user)
    match = best_match(organisation.sector, organisation.industry_code, benchmarks())
    if match is None:
        return None
    by_kind = {g.key: g.figures.absent_hours for g in result.kinds}
    comparison = _compare(match, total.figures, by_kind, WorkingDays(start, end).count(start, end))
    if comparison is None:
        return None
    comparison["sector_missing"] = not organisation.sector
    comparison["job_groups"] = (
        Employment.objects.filter(person__organisation=organisation).exclude(job_group="").exists()
    )
    return comparison


def _is_a_year(start: dt.date, end: dt.date) -> bool:
    return 360 <= (end - start).days <= 370


@login_required
def job_groups_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Each job group with a published figure against it (KRL's personalegrupper), computed
    live, so loaded by htmx after the dashboard."""
    viewer = request_viewer(request)
    if not can_see_statistics(viewer) or viewer.organisation_id is None:
        raise PermissionDenied
    today = timezone.localdate()
    start, end = _period(request, today)
    people, for_amo = statistics_people(viewer)
    unit = _unit_asked(request, viewer)
    groups = []
    if _is_a_year(start, end):
        organisation = own_organisation(request.user)
        published = benchmarks()
        working_days = WorkingDays(start, end).count(start, end)
        scope = Scope(viewer.organisation_id, people, unit)
        for group, figures, absent in job_group_figures(scope, start, end, today, for_amo=for_amo):
            found = best_match(organisation.sector, organisation.industry_code, published, group)
            if found is not None:
                row = _compare(found, figures, absent, working_days, group)
                if row is not None:
                    groups.append(row)
    return render(request, "statistics/_job_groups.html", {"groups": groups})


def _kind_label(kind: str) -> str:
    for choices in (Kind, TimeOffKind):
        if kind in choices.values:
            return str(choices(kind).label)
    return kind


@login_required
def dashboard_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    result, context = _dashboard(request, warnings=True)
    trend = _bars(result.months)
    rolling = _rolling(result.months)
    for i, (bar, avg) in enumerate(zip(trend, rolling, strict=True)):
        bar["rolling"] = avg
        bar["x"] = i * 10 + 1
        bar["y"] = 100 - bar["height"]
        bar["avg_y"] = None if avg is None else 100 - 100 * avg / top_rate(trend)
    trend_chart = column_chart(
        str(_("Absence rate by month")),
        [(b["group"].label, None if b["group"].suppressed else b["rate"]) for b in trend],
        unit="%",
        decimals=1,
        line=rolling,
        line_label=str(_("12-month average")),
    )
    total = result.total
    bands = []
    if not total.suppressed and total.figures.absent_hours:
        # For the AMO, rare bands come merged into one row (``other``) or not at all.
        shares = total.band_shares()
        merged = ", ".join(b.value for b in Band if shares[b.value] is None)
        bands = [
            {"band": merged if band == OTHER else band, "share": share}
            for band, share in shares.items()
            if share is not None
        ]
    weekdays = list(zip(WEEKDAYS, result.weekdays, strict=False))
    comparison = _industry_comparison(request, result, context)
    top_weekday = max(result.weekdays or [1]) or 1
    units = _unit_rows(result.units, str(context["period_query"]))
    warnings = _warning_rows(
        context["rising"], str(context["period_query"]), bool(context["for_amo"])
    )
    return render(
        request,
        "statistics/dashboard.html",
        {
            **context,
            "total": total,
            "units": units,
            "units_html": _units_html(units),
            "warnings": warnings,
            "warnings_html": _warnings_html(warnings[:WARNINGS_SHOWN]),
            "more_warnings_html": _warnings_html(warnings[WARNINGS_SHOWN:]),
            "kinds": [
                (_("Other kinds") if k.key == OTHER else _kind_label(k.key), k)
                for k in result.kinds
            ],
            "leave_estimated": result.leave_estimated,
            "leave_days_estimate": result.leave_days_estimate,
            "trend": trend,
            "trend_chart": trend_chart,
            "trend_last12": rolling[-1] if rolling else None,
            "quarters": by_quarter(result.months, bool(context["for_amo"])),
            "bands": bands,
            "comparison": comparison,
            "weekdays": [
                {"day": d, "count": c, "height": round(100 * c / top_weekday, 1)}
                for d, c in weekdays
            ],
        },
    )


@login_required
def settings_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """HR and administrators set the sector, industry and feriefridage the statistics use."""
    viewer = request_viewer(request)
    if not can_set_policy(viewer) or viewer.organisation_id is None:
        raise PermissionDenied
    organisation = own_organisation(request.user)
    form = ComparisonForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("statistics_settings")
    return render(request, "statistics/settings.html", {"form": form})


@login_required
def export_view(request: AuthenticatedHttpRequest, fmt: str) -> StreamingHttpResponse:
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    result, context = _dashboard(request)
    # Causes: own sickness and work accidents (core.HEADLINE_CAUSES), by kind in the "Art" rows;
    # possible hours = agreed hours minus leave, estimated where the last column says so.
    header = [
        str(_("Breakdown")),
        str(_("Group")),
        str(_("People")),
        str(_("Absence rate (%)")),
        str(_("Absence day-works")),
        str(_("Spells")),
        str(_("Spells per employee-year")),
        str(_("Leave estimated")),
    ]

    def label(section: str, key: str) -> str:
        if section == "kind" and key in Kind.values:
            return str(Kind(key).label)
        return key

    rows = []
    for section, title, groups in (
        ("total", _("Whole organisation"), [result.total]),
        ("unit", _("Unit"), result.units),
        ("kind", _("Kind"), result.kinds),
        ("month", _("Month"), result.months),
    ):
        for g in groups:
            d = g.as_dict()
            figures = (
                [None] * 6  # under five people: not shown
                if g.suppressed
                else [
                    d["people"],
                    d["absence_rate"],
                    d["absent_day_works"],
                    d["spells"],
                    d["spells_per_employee_year"],
                    str(_("yes")) if d["leave_estimated"] else str(_("no")),
                ]
            )
            rows.append([str(title), "" if section == "total" else label(section, g.key), *figures])
    start, end = context["start"], context["end"]
    name = f"fravaersstatistik-{start}-{end}.{fmt}"
    if fmt == "xlsx":
        return xlsx_response(name, [Sheet(str(_("Statistics")), header, rows)])
    return csv_response(name, header, rows)


HEAT_LEVELS = (0.02, 0.04, 0.06, 0.08)


@login_required
def calendar_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The heat map of a period: the share of working hours lost each working day. Loaded by
    htmx after the dashboard, so the figures above it are not kept waiting."""
    viewer = request_viewer(request)
    if not can_see_statistics(viewer) or viewer.organisation_id is None:
        raise PermissionDenied
    today = timezone.localdate()
    start, end = _period(request, today)
    people, for_amo = statistics_people(viewer)
    unit = _unit_asked(request, viewer)
    shown_months = None
    if for_amo:
        # The organisation-wide decision, month by month, as for every other figure.
        decision = disclosure.decide(viewer.organisation_id, start, end, today)
        whole = decision.subtree(unit.pk) if unit is not None else decision.everyone()
        shown_months = {
            m for m in disclosure.month_firsts(start, end) if decision.publishable(whole, [m])
        }
    suppressed = shown_months is not None and not shown_months
    every_month = shown_months is None or shown_months == set(disclosure.month_firsts(start, end))
    share: dict[dt.date, float] = {}
    concentration = None
    if not suppressed:
        found = heat_map(
            Scope(viewer.organisation_id, people, unit),
            start,
            end,
            today,
            concentration=every_month,
        )
        share = found.shares
        if shown_months is not None:
            share = {day: v for day, v in share.items() if day.replace(day=1) in shown_months}
        # For the AMO only when the top is a group of at least five, never one person.
        top = found.concentration
        if top is not None and (not for_amo or disclosure.shows_group_of(top[0], today)):
            concentration = {"people": top[0], "share": 100 * top[1]}
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
        {
            "months": months,
            "suppressed": suppressed,
            "levels": HEAT_LEVELS,
            "concentration": concentration,
        },
    )


@login_required
def age_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Absence by age band (``naervaer.statistics.age``), for the same people, period and unit
    as the dashboard; for the AMO only what disclosure control allows."""
    viewer = request_viewer(request)
    if not can_see_statistics(viewer) or viewer.organisation_id is None:
        raise PermissionDenied
    today = timezone.localdate()
    start, end = _period(request, today)
    people, for_amo = statistics_people(viewer)
    unit = _unit_asked(request, viewer)
    scope = AgeScope(viewer.organisation_id, None if people is None else frozenset(people), unit)
    table = by_age_band(scope, start, end, today, for_amo=for_amo)
    # A band of fewer than five people is their own absence: audited as a read of it.
    reads.note(
        p
        for row in table.rows
        if not disclosure.shows_group_of(len(row.people), today)
        for p in row.people
    )
    return render(
        request,
        "statistics/age.html",
        {
            "start": start,
            "end": end,
            "unit": unit,
            "for_amo": for_amo,
            "own_people_only": people is not None and not for_amo,
            "table": table,
            "rows": [
                (
                    _("Other ages: %(bands)s") % {"bands": ", ".join(map(_age_label, row.merged))}
                    if row.key == OTHER
                    else _age_label(row.key),
                    row.figures,
                )
                for row in table.rows
            ],
        },
    )


def _age_label(key: str) -> str:
    if key == UNKNOWN:
        return str(_("Date of birth not recorded"))
    band = next((b for b in AGE_BANDS.at(timezone.localdate()) if b.key == key), None)
    if band is None:
        return key
    if band.highest is None:
        return str(_("%(age)s and over") % {"age": band.lowest})
    if band.lowest == 0:
        return str(_("Under %(age)s") % {"age": band.highest + 1})
    return str(_("%(low)s–%(high)s") % {"low": band.lowest, "high": band.highest})
