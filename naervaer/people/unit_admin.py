"""The administrator's unit tree: create, rename and move units, and set or remove their leaders.

A unit's ``path`` is its full name from the root, so renaming or moving a unit rewrites the paths
of its whole sub-tree in the same transaction. Leading a unit gives access to the absence of
everyone in its sub-tree (``naervaer.access``), so every change of leader is logged.
"""

from __future__ import annotations

import logging
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from naervaer.access import can_manage_units, request_viewer
from naervaer.formfields import label_choices, model_choice_field
from naervaer.http import AuthenticatedHttpRequest
from naervaer.people import signals
from naervaer.people.models import (
    UNIT_SEPARATOR,
    Organisation,
    Person,
    Unit,
    UnitLeadership,
    leader_names,
)

logger = logging.getLogger(__name__)


# --- Services ---------------------------------------------------------------------------------


def _check_name(
    organisation: Organisation, name: str, parent: Unit | None, unit: Unit | None
) -> str:
    name = name.strip()
    if not name:
        raise ValidationError(_("Give the unit a name."))
    if UNIT_SEPARATOR in name:
        raise ValidationError(_("A unit name cannot contain '/'."))
    path = f"{parent.path}{UNIT_SEPARATOR}{name}" if parent else name
    clash = Unit.objects.filter(organisation=organisation, path=path)
    if unit is not None:
        clash = clash.exclude(pk=unit.pk)
    if clash.exists():
        raise ValidationError(_("There is already a unit called %(path)s.") % {"path": path})
    return name


@transaction.atomic
def create_unit(organisation: Organisation, name: str, parent: Unit | None, *, by: Any) -> Unit:
    if parent is not None and parent.organisation_id != organisation.pk:
        raise ValidationError(_("Choose a unit of your own organisation."))
    unit = Unit(
        organisation=organisation, parent=parent, name=_check_name(organisation, name, parent, None)
    )
    unit.save()
    logger.info("Unit %s created by %s", unit.path, by)
    return unit


@transaction.atomic
def change_unit(unit: Unit, name: str, parent: Unit | None, *, by: Any) -> Unit:
    """Rename and/or move ``unit`` under ``parent`` (None: a top-level unit), with its sub-tree."""
    if parent is not None:
        if parent.organisation_id != unit.organisation_id:
            raise ValidationError(_("Choose a unit of your own organisation."))
        if parent.pk == unit.pk or parent.path.startswith(unit.path + UNIT_SEPARATOR):
            raise ValidationError(_("A unit cannot be moved into itself or one of its sub-units."))
    old, old_parent = unit.path, unit.parent_id
    unit.name = _check_name(unit.organisation, name, parent, unit)
    unit.parent = parent
    unit.save()
    if unit.path != old:
        below = list(
            Unit.objects.filter(
                organisation_id=unit.organisation_id, path__startswith=old + UNIT_SEPARATOR
            )
        )
        for sub in below:
            sub.path = unit.path + sub.path[len(old) :]
        Unit.objects.bulk_update(below, ["path"])
        logger.info("Unit %s is now %s (%d sub-units), by %s", old, unit.path, len(below), by)
    if unit.parent_id != old_parent:
        signals.tree_changed.send(
            sender=change_unit,
            organisation_id=unit.organisation_id,
            parents=(old_parent, unit.parent_id),
        )
    return unit


@transaction.atomic
def set_leader(unit: Unit, person: Person, *, by: Any) -> None:
    if person.organisation_id != unit.organisation_id:
        raise ValidationError(_("Choose a person of your own organisation."))
    _obj, created = UnitLeadership.objects.get_or_create(unit=unit, person=person)
    if created:
        logger.info("%s leads %s, set by %s", person.employee_id, unit.path, by)


@transaction.atomic
def remove_leader(unit: Unit, person_id: int, *, by: Any) -> None:
    deleted, _rows = UnitLeadership.objects.filter(unit=unit, person_id=person_id).delete()
    if deleted:
        logger.info("Person %s no longer leads %s, removed by %s", person_id, unit.path, by)


# --- Forms ----------------------------------------------------------------------------------------


class UnitForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=120)
    parent = forms.ModelChoiceField(
        label=gettext_lazy("Part of"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=gettext_lazy("(a top-level unit)"),
    )

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "parent").queryset = Unit.objects.filter(
            organisation_id=organisation_id
        )
        label_choices(model_choice_field(self, "parent"), lambda u: u.path)


class LeaderForm(forms.Form):
    employee_id = forms.CharField(
        label=gettext_lazy("Employee number of the new leader"), max_length=40
    )

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation_id = organisation_id

    def clean_employee_id(self) -> Person:
        value = self.cleaned_data["employee_id"].strip()
        person = Person.objects.filter(
            organisation_id=self.organisation_id, employee_id=value
        ).first()
        if person is None:
            raise forms.ValidationError(_("Nobody has the employee number %(id)s.") % {"id": value})
        return person


# --- Views ----------------------------------------------------------------------------------------


def _organisation(request: HttpRequest) -> Organisation:
    viewer = request_viewer(request)
    if not can_manage_units(viewer):
        raise PermissionDenied
    return get_object_or_404(Organisation, pk=viewer.organisation_id)


def _unit(organisation: Organisation, unit_id: int) -> Unit:
    return get_object_or_404(Unit, pk=unit_id, organisation=organisation)


@login_required
def manage_units_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    form = UnitForm(request.POST or None, organisation_id=organisation.pk)
    if request.method == "POST" and form.is_valid():
        try:
            unit = create_unit(
                organisation,
                form.cleaned_data["name"],
                form.cleaned_data["parent"],
                by=request.user,
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The unit %(path)s is created.") % {"path": unit.path})
            return redirect("manage_units")
    units = Unit.objects.filter(organisation=organisation)
    leaders = leader_names(units)
    rows = [(unit, leaders[unit.pk]) for unit in units]
    return render(request, "people/manage_units.html", {"rows": rows, "form": form})


@login_required
def edit_unit_view(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    organisation = _organisation(request)
    unit = _unit(organisation, unit_id)
    form = UnitForm(
        request.POST or None,
        organisation_id=organisation.pk,
        initial={"name": unit.name, "parent": unit.parent_id},
        prefix="unit",
    )
    leader_form = LeaderForm(organisation_id=organisation.pk, prefix="leader")
    if request.method == "POST" and form.is_valid():
        try:
            change_unit(
                unit, form.cleaned_data["name"], form.cleaned_data["parent"], by=request.user
            )
        except ValidationError as exc:
            unit.refresh_from_db()
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The unit is saved: %(path)s.") % {"path": unit.path})
            return redirect("manage_units")
    return _edit_page(request, unit, form, leader_form)


def _edit_page(
    request: HttpRequest, unit: Unit, form: UnitForm, leader_form: LeaderForm
) -> HttpResponse:
    leaders = (
        UnitLeadership.objects.filter(unit=unit).select_related("person").order_by("person__name")
    )
    return render(
        request,
        "people/edit_unit.html",
        {"unit": unit, "form": form, "leader_form": leader_form, "leaders": leaders},
    )


@login_required
@require_POST
def add_leader_view(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    organisation = _organisation(request)
    unit = _unit(organisation, unit_id)
    leader_form = LeaderForm(request.POST, organisation_id=organisation.pk, prefix="leader")
    if leader_form.is_valid():
        person = leader_form.cleaned_data["employee_id"]
        set_leader(unit, person, by=request.user)
        messages.success(
            request, _("%(name)s leads %(path)s.") % {"name": person.name, "path": unit.path}
        )
        return redirect("edit_unit", unit.pk)
    form = UnitForm(
        organisation_id=organisation.pk,
        initial={"name": unit.name, "parent": unit.parent_id},
        prefix="unit",
    )
    return _edit_page(request, unit, form, leader_form)


@login_required
@require_POST
def remove_leader_view(
    request: AuthenticatedHttpRequest, unit_id: int, person_id: int
) -> HttpResponse:
    organisation = _organisation(request)
    unit = _unit(organisation, unit_id)
    remove_leader(unit, person_id, by=request.user)
    messages.success(request, _("The leader is removed from %(path)s.") % {"path": unit.path})
    return redirect("edit_unit", unit.pk)
