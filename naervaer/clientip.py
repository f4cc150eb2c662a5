"""The client's address behind the reverse proxy (``BEHIND_PROXY=true``), for the rate limits."""

from __future__ import annotations

from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The address the proxy saw: the last entry of X-Forwarded-For, the one our own proxy
    appended (earlier entries come from the client and can be forged)."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    last = forwarded.split(",")[-1].strip()
    return last or str(request.META.get("REMOTE_ADDR", ""))
