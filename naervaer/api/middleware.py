"""Refuse NUL characters in API input before any view sees them.

PostgreSQL cannot store or even compare text with a NUL character, so a query such as
``?q=%00`` would end as a server error there (SQLite accepts it). Django's form fields already
refuse NUL; the API's schemas do not, so this answers 422 in the API's error shape instead.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

API_PREFIX = "/api/"


class RejectNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(API_PREFIX) and self._has_nul(request):
            body = {"errors": [{"field": "", "reason": "Text may not contain NUL characters."}]}
            return HttpResponse(json.dumps(body), status=422, content_type="application/json")
        return self.get_response(request)

    @staticmethod
    def _has_nul(request: HttpRequest) -> bool:
        if "\x00" in request.path:
            return True
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return True
        body = request.body
        return b"\x00" in body or b"\\u0000" in body
