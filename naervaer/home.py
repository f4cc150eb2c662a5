"""The pages that bring the apps together for whoever is logged in: the home page by role, and
the people list with who is absent today. They read people, absence, follow-up, statistics and
the job centre, so they sit above the apps (docs/architecture.md) and ``people`` stays the
lowest app."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet, Value
from django.db.models.functions import Concat, StrIndex, Substr
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from naervaer.absence.models import AbsenceSpell
from naervaer.absence.selectors import (
    absent_counts,
    absent_now,
    recent_self_reports,
    short_date_format,
)
from naervaer.access import (
    Viewer,
    can_follow_absence,
    can_work_cases,
    jobcentre_cases,
    managed_count,
    people_managed_by,
    request_viewer,
    sees_absence_by_area,
    units_visible_to,
)
from naervaer.audit import reads
from naervaer.audit.models import Action
from naervaer.followup import labels
from naervaer.followup.selectors import obligations_for
from naervaer.http import AuthenticatedHttpRequest
from naervaer.jobcentre import services as jobcentre
from naervaer.pagination import Paginator
from naervaer.people.models import UNIT_SEPARATOR, Employment, Person, Unit, User
from naervaer.statistics import disclosure


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    today = timezone.localdate()
    context: dict[str, object] = {"today": today}
    if can_follow_absence(viewer):
        # Counted first: the lists below then know from the count how to read (follows_many).
        context["people_count"] = managed_count(viewer, today)
        spells = list(absent_now(viewer, today, with_units=False)[:8])
        context["absent"] = [
            {"spell": s, "days": s.calendar_days(today), "percent": s.degree_on(today)}
            for s in spells
        ]
        counts = absent_counts(viewer, today)
        context["absent_count"] = counts.absent
        context["partial_count"] = counts.partial
        context["long_count"] = counts.long
        due = obligations_for(viewer).filter(due__lte=today + dt.timedelta(days=14))
        # Both counts in one query: each query costs the server about a millisecond of CPU
        # in Django alone, on every request (issue 14, docs/benchmarks.md).
        due_counts = due.aggregate(total=Count("pk"), overdue=Count("pk", filter=Q(due__lt=today)))
        context["due_count"] = due_counts["total"]
        context["overdue_count"] = due_counts["overdue"]
        first_due = list(due[:10])
        context["due"] = [
            {
                "obligation": o,
                "title": labels.title(o.code),
                "overdue": o.due is not None and o.due < today,
            }
            for o in first_due
        ]
        context["self_reports"] = self_reports = recent_self_reports(viewer, timezone.now())
        reads.describe(Action.VIEW_ABSENT_NOW, "home")
        reads.note(
            [s.person for s in spells]
            + [o.case.person for o in first_due]
            + [s.person for s in self_reports]
        )
    if viewer.person_id is not None:
        context["own_open"] = (
            AbsenceSpell.objects.ongoing_on(today).filter(person_id=viewer.person_id).first()
        )
    if sees_absence_by_area(viewer):
        context["areas"] = _absent_today_by_area(viewer.require_organisation(), today)
        context["min_group"] = disclosure.min_group_size(today)
    if can_work_cases(viewer):
        context["caseworker"] = _caseworker_front(viewer, request.user, today)
    return render(request, "people/home.html", context)


def _caseworker_front(viewer: Viewer, user: User, today: dt.date) -> dict[str, object]:
    """The caseworker's own open cases and their deadlines in the next 14 days (overdue first),
    and how many new cases wait for the weekly screening."""
    cases = jobcentre_cases(viewer).prefetch_related("conversations", "meetings")
    mine = list(jobcentre.open_cases(cases).filter(caseworker=user))
    due = jobcentre.due_items(mine, today, until=today + dt.timedelta(days=14))
    return {
        "open": len(mine),
        "due": due,
        "overdue": len({item.case.pk for item in due if item.overdue}),
        "screening": jobcentre.screening_list(cases).count(),
    }


def _absent_today_by_area(organisation_id: int, today: dt.date) -> list[dict[str, object]]:
    """Head count and number absent today per top-level area, for the areas disclosure control
    lets the AMO see this month (``naervaer.rules.disclosure``, as for every other figure). A
    person employed in two areas is one of each area's people.

    Counted by the database, area by area: at 50,000 employees, their employments read into
    Python took 0.2 s of the AMO's front page (issue 14)."""
    employed = Employment.objects.filter(
        Q(end__isnull=True) | Q(end__gte=today),
        start__lte=today,
        person__organisation_id=organisation_id,
    ).annotate(
        area=Substr(
            "unit__path",
            1,
            StrIndex(Concat("unit__path", Value(UNIT_SEPARATOR)), Value(UNIT_SEPARATOR)) - 1,
        )
    )
    absent_people = (
        AbsenceSpell.objects.ongoing_on(today)
        .of_many_people(Person.objects.filter(organisation_id=organisation_id))
        .values("person_id")
    )

    def by_area(employments: QuerySet[Any, Any]) -> dict[str, int]:
        return dict(
            employments.values("area")
            .annotate(people=Count("person_id", distinct=True))
            .values_list("area", "people")
            .order_by()
        )

    heads = by_area(employed)
    absent = by_area(employed.filter(person_id__in=absent_people))
    decision = disclosure.decide(organisation_id, today, today, today)
    area_ids = dict(
        Unit.objects.filter(organisation_id=organisation_id, parent=None).values_list("path", "pk")
    )
    month = today.replace(day=1)
    rows = []
    for area in sorted(heads):
        small = area not in area_ids or not decision.publishable(
            decision.subtree(area_ids[area]), [month]
        )
        rows.append(
            {
                "area": area,
                "people": heads[area],
                "absent": None if small else absent.get(area, 0),
                "suppressed": small,
            }
        )
    return rows


@login_required
def people_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    if not can_follow_absence(viewer):
        raise PermissionDenied
    today = timezone.localdate()
    people = people_managed_by(viewer, today)
    query = request.GET.get("q", "").strip()
    if query:
        people = people.filter(Q(name__icontains=query) | Q(employee_id__icontains=query))
    unit_id = request.GET.get("unit", "")
    units = units_visible_to(viewer)
    if unit_id.isdigit():
        unit = units.filter(pk=int(unit_id)).first()
        if unit is not None:
            people = people.filter(
                Q(employments__unit__path=unit.path)
                | Q(employments__unit__path__startswith=unit.path + UNIT_SEPARATOR),
                Q(employments__end__isnull=True) | Q(employments__end__gte=today),
            ).distinct()
    page = Paginator(people.order_by("name", "pk"), 50).get_page(request.GET.get("page"))
    ids = [p.pk for p in page]
    absent = {
        s.person_id: s for s in AbsenceSpell.objects.ongoing_on(today).filter(person_id__in=ids)
    }
    units_of: dict[int, str] = {}
    for e in Employment.objects.filter(person_id__in=ids).select_related("unit").order_by("start"):
        if e.covers(today) or e.person_id not in units_of:
            units_of[e.person_id] = e.unit.path
    # The rows' links and texts are made here, once per row: in the template they were a
    # third of the page's CPU (issue 14).
    short_date = short_date_format()
    rows = []
    for p in page:
        spell = absent.get(p.pk)
        rows.append(
            {
                "person": p,
                "url": reverse("person", args=[p.pk]),
                "unit": units_of.get(p.pk, ""),
                "spell": spell,
                "since": _("absent since %(day)s") % {"day": short_date(spell.first_day)}
                if spell
                else "",
                "action": reverse("register_return", args=[spell.pk])
                if spell
                else reverse("register_sick", args=[p.pk]),
            }
        )
    reads.describe(Action.VIEW_PEOPLE_LIST)
    reads.note(ids)
    template = (
        "people/_people_rows.html" if request.headers.get("HX-Request") else "people/people.html"
    )
    return render(
        request,
        template,
        {
            "page": page,
            "rows": rows,
            "q": query,
            "units": units,
            "unit_id": unit_id,
            "pager_query": urlencode({"q": query, "unit": unit_id}),
        },
    )
