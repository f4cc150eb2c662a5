"""HR's page of replacement holiday owed for sickness during holiday (ferieloven § 12)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from naervaer.absence.time_off import (
    OwedHoliday,
    record_holiday_sickness,
    replacement_holiday_owed,
    with_objects,
)
from naervaer.access import (
    can_administer_holiday,
    get_spell_for,
    people_with_absence_access,
    request_viewer,
)
from naervaer.audit.models import Action
from naervaer.audit.services import record
from naervaer.http import AuthenticatedHttpRequest
from naervaer.rules.holiday import REPLACEMENT_WAITING_DAYS


@login_required
def replacement_holiday_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    if not can_administer_holiday(viewer):
        raise PermissionDenied
    today = timezone.localdate()
    rows = replacement_holiday_owed(people_with_absence_access(viewer), today)
    page = Paginator(rows, OWED_PER_PAGE).get_page(request.GET.get("page"))
    shown: list[OwedHoliday] = list(page.object_list)
    with_objects(shown)
    # The names shown are the page's: their reading is what is audited.
    record(
        request.user,
        viewer.require_organisation(),
        Action.VIEW_PEOPLE_LIST,
        {r.person_id for r in shown},
        "replacement holiday",
    )
    return render(
        request,
        "absence/replacement_holiday.html",
        {"page": page, "rule": REPLACEMENT_WAITING_DAYS.step_at(today), "today": today},
    )


OWED_PER_PAGE = 50


@login_required
@require_POST
def holiday_sickness_view(request: AuthenticatedHttpRequest, spell_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    if not can_administer_holiday(viewer):
        raise PermissionDenied
    spell = get_spell_for(viewer, spell_id)
    try:
        notified_on = dt.date.fromisoformat(request.POST.get("notified_on", ""))
    except ValueError:
        messages.error(request, _("Give the day the employee notified you."))
        return redirect("replacement_holiday")
    try:
        record_holiday_sickness(
            spell,
            notified_on=notified_on,
            documented=request.POST.get("documented") == "on",
            notice_excused=request.POST.get("notice_excused") == "on",
            by=request.user,
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Saved."))
    return redirect("replacement_holiday")
