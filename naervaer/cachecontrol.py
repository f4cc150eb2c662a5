"""Nothing Nærvær serves from its views may be kept by a browser, proxy or shared computer:
every page and download (absence history, follow-up documents, exports, calendar feeds) is
personal and often health data. One middleware sets ``Cache-Control: no-store`` on every
response a view makes, so no download can forget it; static files (served by WhiteNoise before
this middleware runs) keep their long cache lifetimes.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        # no-cache, no-store, must-revalidate, private, max-age=0 (and an Expires in the past).
        add_never_cache_headers(response)
        return response
