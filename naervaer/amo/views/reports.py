"""Problem reports: the AMO's list and handling, the poster with the report form's QR code, and
the public pages where anyone with the poster's address files a report or follows it."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit

from naervaer.access import (
    amo_records,
    can_print_report_poster,
    can_report_problems,
    get_amo_record,
    reports_by_name,
    request_viewer,
)
from naervaer.amo import services
from naervaer.amo.forms import ReportForm, ReportHandlingForm, StatusForm
from naervaer.amo.models import ProblemReport, ReportLink
from naervaer.amo.poster import poster_pdf
from naervaer.amo.views.common import amo_viewer
from naervaer.http import AuthenticatedHttpRequest
from naervaer.people.models import Organisation
from naervaer.people.services import active_users


@login_required
def reports_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = amo_viewer(request)
    state = request.GET.get("state", "")
    organisation = Organisation.objects.get(pk=viewer.require_organisation())
    if request.method == "POST" and request.POST.get("action") == "renew_link":
        services.renew_report_link(organisation)
        messages.success(
            request, _("The poster has a new address; the old one no longer works. Print it anew.")
        )
        return redirect("amo_reports")
    reports = amo_records(viewer, ProblemReport).select_related("responsible")
    if state in ProblemReport.State.values:
        reports = reports.filter(state=state)
    link = services.report_link(organisation)
    url = request.build_absolute_uri(reverse("report_public", args=[link.token]))
    return render(
        request,
        "amo/reports.html",
        {
            "reports": reports,
            "state": state,
            "states": ProblemReport.State.choices,
            "report_url": url,
            "qr": segno.make(url, error="m").svg_inline(scale=4, dark="#1c2623"),
        },
    )


@login_required
def report_view(request: AuthenticatedHttpRequest, report_id: int) -> HttpResponse:
    viewer = amo_viewer(request)
    report = get_amo_record(viewer, ProblemReport, report_id)
    if request.method == "POST" and request.POST.get("action") == "apv":
        problem = services.move_to_apv(report)
        messages.success(request, _("The report is in the APV register."))
        return redirect("amo_apv_problem", problem.pk)
    form = ReportHandlingForm(
        request.POST or None, instance=report, users=active_users(viewer.organisation_id)
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The report is updated."))
        return redirect("amo_report", report.pk)
    return render(request, "amo/report.html", {"report": report, "form": form})


# Limits on what needs no login, so a script cannot flood the AMO's list or try receipt codes:
# per address (one phone, one office's shared address) and per poster link (everyone at once).
# A workplace files a few reports a week; these only stop machines.
REPORTS_PER_ADDRESS = "10/h"
REPORTS_PER_LINK = "60/h"
LOOKUPS_PER_ADDRESS = "30/h"


def _link_key(group: str, request: HttpRequest) -> str:
    return str(request.resolver_match.kwargs.get("token", "")) if request.resolver_match else ""


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "amo/report_limited.html", status=429)


@ratelimit(group="report-file", key="ip", rate=REPORTS_PER_ADDRESS, method="POST", block=False)
@ratelimit(
    group="report-file-link", key=_link_key, rate=REPORTS_PER_LINK, method="POST", block=False
)
def report_public_view(request: HttpRequest, token: str) -> HttpResponse:
    """Anyone with the organisation's report address (the poster's QR code) can report."""
    link = get_object_or_404(ReportLink.objects.select_related("organisation"), token=token)
    if getattr(request, "limited", False):
        return _too_many(request)
    user = request.user if request.user.is_authenticated else None
    colleague = reports_by_name(request_viewer(request), link.organisation_id)
    form = ReportForm(request.POST or None)
    if not colleague:
        del form.fields["anonymous"]
    if request.method == "POST" and form.is_valid():
        report = form.save(commit=False)
        report.organisation = link.organisation
        if colleague and not form.cleaned_data["anonymous"]:
            report.reporter = user
        if colleague and form.cleaned_data["anonymous"]:
            report.reporter_name = ""
        services.file_report(report)
        return render(request, "amo/report_received.html", {"report": report})
    return render(
        request,
        "amo/report_public.html",
        {"form": form, "organisation": link.organisation, "colleague": colleague},
    )


@ratelimit(group="report-lookup", key="ip", rate=LOOKUPS_PER_ADDRESS, block=False)
def report_status_view(request: HttpRequest) -> HttpResponse:
    """The reporter follows a report by its receipt code, anonymous or not."""
    form = StatusForm(request.POST or request.GET or None)
    report = None
    if form.is_bound and getattr(request, "limited", False):
        return _too_many(request)
    if form.is_bound and form.is_valid():
        code = form.cleaned_data["code"].strip().upper().replace(" ", "")
        if len(code) == 8 and "-" not in code:
            code = f"{code[:4]}-{code[4:]}"
        report = ProblemReport.objects.filter(code=code).first()
        if report is None:
            form.add_error("code", _("No report has this code. Check it and try again."))
    return render(request, "amo/report_status.html", {"form": form, "report": report})


@login_required
def my_report_link_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The menu's "Report a problem": the organisation's report page."""
    organisation = request.user.organisation
    if not can_report_problems(organisation):
        raise PermissionDenied
    return redirect("report_public", services.report_link(organisation).token)


@login_required
def poster_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    if not can_print_report_poster(viewer):
        raise PermissionDenied
    organisation = get_object_or_404(Organisation, pk=viewer.require_organisation())
    link = services.report_link(organisation)
    url = request.build_absolute_uri(reverse("report_public", args=[link.token]))
    response = HttpResponse(poster_pdf(organisation, url), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="meld-et-problem.pdf"'
    return response
