"""HR's overview of the organisation's fleksjob, and the terms of each (access through
``naervaer.access``: HR only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from naervaer.access import (
    Viewer,
    can_administer_fleksjob,
    fleksjob_for,
    get_fleksjob_for,
    request_viewer,
)
from naervaer.fleksjob.forms import FleksjobForm
from naervaer.fleksjob.models import Fleksjob
from naervaer.http import AuthenticatedHttpRequest
from naervaer.people.models import Employment


def _viewer(request: HttpRequest) -> Viewer:
    viewer = request_viewer(request)
    if not can_administer_fleksjob(viewer):
        raise PermissionDenied
    return viewer


@login_required
def fleksjob_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    today = timezone.localdate()
    jobs = [
        job
        for job in fleksjob_for(viewer)
        if job.employment.end is None or job.employment.end >= today
    ]
    return render(
        request,
        "fleksjob/overview.html",
        {
            "jobs": [(job, job.bonus(), job.bonus_due(today)) for job in jobs],
            "count": len(jobs),
            "small": sum(1 for job in jobs if job.small_hours),
        },
    )


def _employments(viewer: Viewer) -> QuerySet[Employment]:
    today = timezone.localdate()
    return (
        Employment.objects.filter(person__organisation_id=viewer.require_organisation())
        .filter(Q(end__isnull=True) | Q(end__gte=today), fleksjob__isnull=True)
        .select_related("person", "unit")
        .order_by("person__name")
    )


@login_required
def fleksjob_edit_view(
    request: AuthenticatedHttpRequest, fleksjob_id: int | None = None
) -> HttpResponse:
    viewer = _viewer(request)
    job = get_fleksjob_for(viewer, fleksjob_id) if fleksjob_id is not None else Fleksjob()
    employments = (
        Employment.objects.filter(pk=job.employment_id) if job.pk else _employments(viewer)
    )
    form = FleksjobForm(request.POST or None, instance=job, employments=employments)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The fleksjob is saved."))
        return redirect("fleksjob")
    return render(
        request,
        "fleksjob/form.html",
        {"form": form, "job": job, "bonus": job.bonus() if job.pk else None},
        status=400 if request.method == "POST" else 200,
    )
