"""The work-accident register: report deadlines, what happened and why, near misses, and
round-table meetings for the injured. Access is decided in ``naervaer.access``: HR and the
managers concerned see who was hurt; the AMO sees the register without names."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from naervaer.access import (
    Viewer,
    accident_names_visible,
    accidents_visible_to,
    accidents_with_names_for,
    apv_problems_to_link,
    can_register_accidents,
    can_see_accidents,
    get_accident_for,
    get_spell_for,
    people_managed_by,
    request_viewer,
    units_visible_to,
)
from naervaer.audit import reads
from naervaer.audit.models import Action
from naervaer.audit.services import record
from naervaer.http import AuthenticatedHttpRequest
from naervaer.people.services import active_users
from naervaer.workinjury.forms import AccidentForm, RoundTableForm
from naervaer.workinjury.models import WorkAccident
from naervaer.workinjury.services import Row, by_year_and_unit, register_rows


def _viewer(request: HttpRequest) -> Viewer:
    viewer = request_viewer(request)
    if not can_see_accidents(viewer):
        raise PermissionDenied
    return viewer


@login_required
def accidents_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    today = timezone.localdate()
    accidents = accidents_visible_to(viewer).select_related("unit", "person", "spell")
    kind = request.GET.get("kind", "")
    if kind in WorkAccident.Kind.values:
        accidents = accidents.filter(kind=kind)
    named = set(accidents_with_names_for(viewer).values_list("pk", flat=True))
    rows = register_rows(list(accidents), named, today)
    reads.describe(Action.VIEW_ACCIDENT, "register")
    reads.note(row.accident.person for row in rows if row.name_visible and row.accident.person)
    return render(
        request,
        "workinjury/register.html",
        {
            "rows": rows,
            "kind": kind,
            "kinds": WorkAccident.Kind.choices,
            "can_register": can_register_accidents(viewer),
            "overdue": sum(1 for row in rows if row.overdue),
            "per_year": by_year_and_unit(
                [row.accident for row in rows],
                today,
                with_days=all(row.name_visible for row in rows),
            ),
        },
    )


@login_required
def accident_new_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    if not can_register_accidents(viewer):
        raise PermissionDenied
    accident = WorkAccident(
        organisation_id=viewer.require_organisation(), registered_by=request.user
    )
    spell_id = request.GET.get("spell") or request.POST.get("spell")
    if spell_id:
        spell = get_spell_for(viewer, int(spell_id) if str(spell_id).isdigit() else 0)
        accident.spell = spell
        accident.person = spell.person
        employment = spell.person.employment_on(spell.first_day)
        accident.happened_on = spell.first_day
        if employment is not None:
            accident.unit = employment.unit
    return _edit(request, viewer, accident, created=True)


@login_required
def accident_view(request: AuthenticatedHttpRequest, accident_id: int) -> HttpResponse:
    viewer = _viewer(request)
    accident = get_accident_for(viewer, accident_id)
    named = accident_names_visible(viewer, accident)
    if request.method == "POST":
        if not named:  # the AMO reads the register; HR and the managers concerned change it
            raise PermissionDenied
        return _add_round_table(request, viewer, accident)
    if named and accident.person is not None:
        reads.describe(Action.VIEW_ACCIDENT, f"accident {accident.pk}")
        reads.note([accident.person])
    today = timezone.localdate()
    return render(
        request,
        "workinjury/accident.html",
        {
            "accident": accident,
            "row": Row.of(accident, named, today),
            "named": named,
            "meetings": accident.round_tables.select_related("responsible") if named else [],
            "round_table_form": RoundTableForm(
                users=active_users(viewer.organisation_id),
                initial={"held_on": today},
            )
            if named
            else None,
        },
    )


@login_required
def accident_edit_view(request: AuthenticatedHttpRequest, accident_id: int) -> HttpResponse:
    viewer = _viewer(request)
    accident = get_accident_for(viewer, accident_id)
    if not accident_names_visible(viewer, accident):
        raise PermissionDenied
    return _edit(request, viewer, accident, created=False)


def _edit(
    request: HttpRequest, viewer: Viewer, accident: WorkAccident, *, created: bool
) -> HttpResponse:
    units = units_visible_to(viewer)
    people = people_managed_by(viewer)
    form = AccidentForm(
        request.POST if request.method == "POST" else None,
        instance=accident,
        units=units,
        people=people,
        apv_problems=apv_problems_to_link(viewer),
    )
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        subjects = [saved.person] if saved.person else []
        record(
            request.user,
            viewer.organisation_id or 0,
            Action.RECORD_ACCIDENT,
            subjects,
            f"accident {saved.pk}",
        )
        messages.success(
            request,
            _("The accident is registered.") if created else _("The accident is updated."),
        )
        return redirect("injury", saved.pk)
    return render(
        request,
        "workinjury/form.html",
        {"form": form, "accident": accident, "created": created},
    )


def _add_round_table(request: HttpRequest, viewer: Viewer, accident: WorkAccident) -> HttpResponse:
    form = RoundTableForm(request.POST, users=active_users(viewer.organisation_id))
    if form.is_valid():
        meeting = form.save(commit=False)
        meeting.accident = accident
        meeting.save()
        subjects = [accident.person] if accident.person else []
        record(
            request.user,
            viewer.organisation_id or 0,
            Action.RECORD_ACCIDENT,
            subjects,
            f"round-table {meeting.pk}",
        )
        messages.success(request, _("The round-table meeting and its plan are saved."))
        return redirect("injury", accident.pk)
    today = timezone.localdate()
    return render(
        request,
        "workinjury/accident.html",
        {
            "accident": accident,
            "row": Row.of(accident, True, today),
            "named": True,
            "meetings": accident.round_tables.select_related("responsible"),
            "round_table_form": form,
        },
        status=400,
    )
