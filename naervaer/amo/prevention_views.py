"""Adding the industry's starting themes to a 4-step process (``naervaer.amo.prevention``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from naervaer.access import can_run_amo, get_amo_record, request_viewer
from naervaer.amo.models import Process, Theme
from naervaer.amo.prevention import starting_themes
from naervaer.http import AuthenticatedHttpRequest


@login_required
@require_POST
def industry_themes_view(request: AuthenticatedHttpRequest, process_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    if not can_run_amo(viewer):
        raise PermissionDenied
    process = get_amo_record(viewer, Process, process_id)
    _industry, themes = starting_themes(process.organisation.industry_code or "")
    present = set(process.themes.values_list("title", flat=True))
    added = [
        Theme.objects.create(
            process=process,
            title=str(t.title),
            description=_("%(look_at)s First action: %(action)s")
            % {"look_at": t.look_at, "action": t.first_action},
        )
        for t in themes
        if str(t.title) not in present
    ]
    messages.success(request, _("%(n)d themes added. Place them in step 2.") % {"n": len(added)})
    return redirect("amo_step", process.pk, 1)
