"""The manager's and HR's daily work with absence, and the employee's own page."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from naervaer.absence import services
from naervaer.absence.forms import CorrectSpellForm, PartialReturnForm, RegisterSickForm, ReturnForm
from naervaer.absence.models import AbsenceSpell, Kind, ReportedVia
from naervaer.absence.selectors import (
    absent_now,
    current_employment,
    short_date_format,
    with_degrees,
    year_calendar,
)
from naervaer.access import (
    can_follow_absence,
    can_register_absence,
    can_see_bradford_factor,
    cases_visible_to,
    get_person_for,
    get_spell_for,
    request_viewer,
)
from naervaer.audit import reads
from naervaer.audit.models import Action
from naervaer.http import AuthenticatedHttpRequest
from naervaer.mail import services as mail
from naervaer.pagination import Paginator
from naervaer.people.models import Employment
from naervaer.rules.obligations import SpellFacts, bradford_factor

ABSENT_PER_PAGE = 100


def _form_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


@login_required
@reads.audited(Action.VIEW_ABSENT_NOW)
def absent_now_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    if not can_follow_absence(viewer):
        raise PermissionDenied
    today = timezone.localdate()
    # A page at a time: HR of a large employer has thousands absent on a winter's day.
    page = Paginator(absent_now(viewer, today), ABSENT_PER_PAGE).get_page(request.GET.get("page"))
    spells = list(page)
    rows = [
        {
            "spell": s,
            "days": s.calendar_days(today),
            "percent": s.degree_on(today),
            "employment": current_employment(s.person, today),
        }
        for s in spells
    ]
    reads.note(s.person for s in spells)
    return render(request, "absence/absent_now.html", {"rows": rows, "page": page, "today": today})


def _years_touched(first_day: dt.date, last_day: dt.date | None, today: dt.date) -> range:
    """The years with a day of a spell; an ongoing one reaches today (or its first day)."""
    last = last_day or max(today, first_day)
    return range(first_day.year, last.year + 1)


@login_required
def person_view(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    person = get_person_for(viewer, person_id)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    year = min(max(year, 1990), today.year + 1)
    # Every spell's dates, as plain values: the years to offer, the open spell and the Bradford
    # factor need no more. Only the spells the page shows are read in full, with their degrees:
    # a long record is hundreds of spells, and the page's cost grew with it (issue 14).
    dates = list(
        person.spells.order_by("-first_day").values_list("pk", "first_day", "last_day", "section56")
    )
    touched = {pk: _years_touched(first, last, today) for pk, first, last, _ in dates}
    open_pk = next((pk for pk, _, last, _ in dates if last is None or last >= today), None)
    shown = {pk for pk, years in touched.items() if year in years}
    if open_pk is not None:
        shown.add(open_pk)
    spells = list(with_degrees(person.spells.filter(pk__in=shown)).order_by("-first_day"))
    employments = list(
        Employment.objects.filter(person=person).select_related("unit").order_by("-start")
    )
    reads.describe(Action.VIEW_PERSON, f"{year}")
    open_spell = next((s for s in spells if s.pk == open_pk), None)
    cases = list(cases_visible_to(viewer).filter(person=person).order_by("-first_day"))
    by_anchor = {c.spell_id: c for c in cases}
    # The history's dates and labels are made here, once per value: per row in the template
    # (the ``date`` filter, ``get_kind_display``) they were a fifth of the CPU of the page of a
    # person with 87 spells (issue 14, docs/benchmarks.md).
    short_date = short_date_format()
    kinds = {value: str(label) for value, label in Kind.choices}
    vias = {value: str(label) for value, label in ReportedVia.choices}
    # The history lists the year the calendar shows, as the calendar does: a long record is
    # hundreds of spells, and one table row each was half the page's CPU (issue 14).
    in_year = [spell for spell in spells if year in touched[spell.pk]]
    for spell in in_year:
        spell.days = spell.calendar_days(today)  # type: ignore[attr-defined]  # for the template
        spell.follow_up = by_anchor.get(spell.pk)  # type: ignore[attr-defined]  # for the template
        spell.first_day_text = short_date(spell.first_day)  # type: ignore[attr-defined]  # ditto
        spell.last_day_text = (  # type: ignore[attr-defined]  # for the template
            short_date(spell.last_day) if spell.last_day else ""
        )
        spell.kind_label = kinds.get(spell.kind, spell.kind)  # type: ignore[attr-defined]  # ditto
        spell.via_label = vias.get(spell.reported_via, spell.reported_via)  # type: ignore[attr-defined]  # ditto
    open_case = (
        next((c for c in cases if c.first_day <= open_spell.first_day), None)
        if open_spell
        else None
    )
    calendar = year_calendar(spells, year, today)
    years_with_data = sorted(set().union({today.year}, *touched.values()), reverse=True)
    return render(
        request,
        "absence/person.html",
        {
            "person": person,
            "spells": in_year,
            "has_spells": bool(dates),
            "employments": employments,
            "calendar": calendar,
            "year": year,
            "years": years_with_data,
            "open_spell": open_spell,
            "open_case": open_case,
            # Policy triggers and HR only (issue: statistics and early warning).
            "bradford": bradford_factor(
                [
                    SpellFacts(first, last, section56)
                    for _, first, last, section56 in dates
                    if not section56
                ],
                today,
                365,
            )
            if can_see_bradford_factor(viewer)
            else None,
            "open_days": open_spell.calendar_days(today) if open_spell else 0,
            "open_percent": open_spell.degree_on(today) if open_spell else 0,
            "can_register": can_register_absence(viewer, person),
            "is_self": person.pk == viewer.person_id,
            "today": today,
            "absent_days_in_year": sum(m.absent_days for m in calendar),
        },
    )


@login_required
@reads.audited(Action.VIEW_FORM, "register sick")
def register_sick_view(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    person = get_person_for(viewer, person_id)
    if not can_register_absence(viewer, person):
        raise PermissionDenied
    form = RegisterSickForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            spell = services.register_sick(person, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            mail.notify_step_owners(spell, by=request.user)
            messages.success(
                request,
                _("%(name)s is registered absent from %(day)s.")
                % {"name": person.name, "day": form.cleaned_data["first_day"].strftime("%d.%m.%Y")},
            )
            return redirect("person", person.pk)
    return render(request, "absence/register_sick.html", {"person": person, "form": form})


def _spell_action(request: AuthenticatedHttpRequest, spell_id: int) -> AbsenceSpell:
    viewer = request_viewer(request)
    spell = get_spell_for(viewer, spell_id)
    if not can_register_absence(viewer, spell.person):
        raise PermissionDenied
    return spell


@login_required
@reads.audited(Action.VIEW_FORM, "return")
def register_return_view(request: AuthenticatedHttpRequest, spell_id: int) -> HttpResponse:
    spell = _spell_action(request, spell_id)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.register_return(spell, form.cleaned_data["back_on"], by=request.user)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is registered back at work from %(day)s.")
                % {
                    "name": spell.person.name,
                    "day": form.cleaned_data["back_on"].strftime("%d.%m.%Y"),
                },
            )
            return redirect("person", spell.person_id)
    return render(request, "absence/return.html", {"spell": spell, "form": form})


@login_required
@reads.audited(Action.VIEW_FORM, "partial return")
def register_partial_view(request: AuthenticatedHttpRequest, spell_id: int) -> HttpResponse:
    spell = _spell_action(request, spell_id)
    employment = spell.person.employment_on(timezone.localdate()) or spell.person.employment_on(
        spell.first_day
    )
    form = PartialReturnForm(
        request.POST or None, weekly_hours=employment.weekly_hours if employment else None
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.register_partial_return(
                spell, data["from_day"], data["percent"], by=request.user
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is partly back from %(day)s: %(percent)s %% absent.")
                % {
                    "name": spell.person.name,
                    "day": data["from_day"].strftime("%d.%m.%Y"),
                    "percent": data["percent"],
                },
            )
            return redirect("person", spell.person_id)
    return render(request, "absence/partial.html", {"spell": spell, "form": form})


@login_required
@reads.audited(Action.VIEW_FORM, "correct absence")
def correct_spell_view(request: AuthenticatedHttpRequest, spell_id: int) -> HttpResponse:
    spell = _spell_action(request, spell_id)
    initial = {
        "first_day": spell.first_day,
        "last_day": spell.last_day,
        "kind": spell.kind,
        "section56": spell.section56,
        "work_environment_related": spell.work_environment_related,
    }
    form = CorrectSpellForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.correct_spell(spell, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The absence is corrected."))
            return redirect("person", spell.person_id)
    return render(request, "absence/correct.html", {"spell": spell, "form": form})


@login_required
@require_POST
def delete_spell_view(request: AuthenticatedHttpRequest, spell_id: int) -> HttpResponse:
    spell = _spell_action(request, spell_id)
    person_id = spell.person_id
    services.delete_spell(spell, by=request.user)
    messages.success(request, _("The absence registration is deleted."))
    return redirect("person", person_id)


@login_required
def my_absence_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    if viewer.person_id is None:
        raise PermissionDenied
    return redirect("person", viewer.person_id)
