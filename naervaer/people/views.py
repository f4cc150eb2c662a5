"""The unit tree and user administration. The home page and the people list, which show
absence and follow-up, are in ``naervaer.home`` (above the apps), so people stays the lowest app."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from naervaer.access import (
    can_follow_absence,
    can_manage_users,
    own_organisation,
    request_viewer,
    units_visible_to,
)
from naervaer.http import AuthenticatedHttpRequest
from naervaer.people.forms import UserForm
from naervaer.people.models import Employment, User, leader_names


@login_required
def units_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    units = units_visible_to(viewer)
    if not units.exists() and not can_follow_absence(viewer):
        raise PermissionDenied
    today = timezone.localdate()
    counts = dict(
        Employment.objects.filter(
            Q(end__isnull=True) | Q(end__gte=today), start__lte=today, unit__in=units
        )
        .values("unit")
        .annotate(n=Count("person", distinct=True))
        .values_list("unit", "n")
    )
    leaders = leader_names(units)
    rows = [{"unit": u, "people": counts.get(u.pk, 0), "leaders": leaders[u.pk]} for u in units]
    return render(request, "people/units.html", {"rows": rows})


@login_required
def users_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    if not can_manage_users(viewer):
        raise PermissionDenied
    users = (
        User.objects.filter(organisation_id=viewer.require_organisation())
        .prefetch_related("roles")
        .select_related("person")
        .order_by("username")
    )
    return render(request, "people/users.html", {"users": users})


@login_required
def user_edit_view(request: AuthenticatedHttpRequest, user_id: int | None = None) -> HttpResponse:
    viewer = request_viewer(request)
    if not can_manage_users(viewer):
        raise PermissionDenied
    instance = (
        get_object_or_404(User, pk=user_id, organisation_id=viewer.require_organisation())
        if user_id
        else None
    )
    organisation = own_organisation(request.user)
    form = UserForm(request.POST or None, instance=instance, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        messages.success(request, _("The user %(name)s is saved.") % {"name": user.username})
        return redirect("users")
    return render(request, "people/user_form.html", {"form": form, "edited": instance})
