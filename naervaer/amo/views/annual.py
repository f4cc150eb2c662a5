"""The annual work-environment discussion, with what the year's work showed as its basis."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from naervaer.access import Viewer
from naervaer.amo import exports, services
from naervaer.amo.forms import AnnualForm
from naervaer.amo.models import AnnualDiscussion
from naervaer.amo.views.common import amo_viewer, download
from naervaer.http import AuthenticatedHttpRequest
from naervaer.rules import plausibility


def _discussion(viewer: Viewer, year: int, *, refresh: bool = False) -> AnnualDiscussion:
    """The year's discussion, with what the year's work showed filled in the first time (and
    again when asked). A year that cannot have a discussion (before the years the system works
    with, or after next year) does not exist: 404, and nothing is created."""
    if not (plausibility.EARLIEST.year <= year <= timezone.localdate().year + 1):
        raise Http404
    discussion, _created = AnnualDiscussion.objects.get_or_create(
        organisation_id=viewer.require_organisation(), year=year
    )
    if refresh or discussion.basis is None:
        discussion.basis = services.annual_basis(
            viewer.organisation_id or 0, year, timezone.localdate()
        )
        discussion.save(update_fields=["basis"])
    return discussion


@login_required
def annual_view(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    refresh = request.method == "POST" and request.POST.get("action") == "basis"
    discussion = _discussion(amo_viewer(request), year, refresh=refresh)
    if refresh:
        messages.success(request, _("The basis is updated with the year's work."))
        return redirect("amo_annual", year)
    form = AnnualForm(request.POST or None, instance=discussion)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The annual discussion is saved."))
        return redirect("amo_annual", year)
    return render(
        request, "amo/annual.html", {"form": form, "discussion": discussion, "year": year}
    )


@login_required
def annual_export_view(request: AuthenticatedHttpRequest, year: int, fmt: str) -> HttpResponse:
    discussion = _discussion(amo_viewer(request), year)
    makers = {"pdf": exports.annual_pdf, "xlsx": exports.annual_xlsx}
    return download(makers, fmt, discussion, f"arbejdsmiljoedroeftelse-{year}")
