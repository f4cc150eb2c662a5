"""The problem-report poster: a printable PDF with the QR code to the organisation's report form."""

from __future__ import annotations

from pathlib import Path

import segno
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from naervaer.access import can_print_report_poster, request_viewer
from naervaer.amo import services
from naervaer.http import AuthenticatedHttpRequest
from naervaer.pdf import render
from naervaer.people.models import Organisation

TEMPLATES = Path(__file__).resolve().parent / "pdf"


def poster_pdf(organisation: Organisation, url: str) -> bytes:
    qr = segno.make(url, error="m").svg_inline(scale=10, dark="#000000")
    return render(
        TEMPLATES / "plakat.typ", {"organisation": organisation.name, "url": url, "qr": qr}
    )


@login_required
def poster_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    if not can_print_report_poster(viewer):
        raise PermissionDenied
    organisation = get_object_or_404(Organisation, pk=viewer.organisation_id)
    link = services.report_link(organisation)
    url = request.build_absolute_uri(reverse("report_public", args=[link.token]))
    response = HttpResponse(poster_pdf(organisation, url), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="meld-et-problem.pdf"'
    return response
