"""What every AMO page shares: who may use the tools, and documents as PDF or XLSX."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from naervaer.access import Viewer, can_run_amo, request_viewer


def amo_viewer(request: HttpRequest) -> Viewer:
    """The viewer, if they may run the AMO's tools (``access.can_run_amo``); else 403."""
    viewer = request_viewer(request)
    if not can_run_amo(viewer):
        raise PermissionDenied
    return viewer


R = TypeVar("R")

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def download(
    makers: Mapping[str, Callable[[R], bytes]], fmt: str, record: R, name: str
) -> HttpResponse:
    """A document as PDF or XLSX, as the address asks."""
    if fmt not in makers:
        raise Http404
    response = HttpResponse(makers[fmt](record), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
