"""HR and administrators must confirm their login with a one-time code before anything else."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django_otp import user_has_device

from naervaer.access import must_use_two_factor, viewer_for

OPEN_PATHS = ("/2fa/", "/logout/", "/static/", "/i18n/", "/login/")


def needs_second_factor(request: HttpRequest) -> bool:
    user = request.user
    if not settings.REQUIRE_TWO_FACTOR or not user.is_authenticated:
        return False
    if user.is_verified():  # type: ignore[attr-defined]  # django_otp's OTPMiddleware adds it
        return False
    viewer = viewer_for(user)
    return must_use_two_factor(viewer)


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(OPEN_PATHS) and needs_second_factor(request):
            target = "twofactor_verify" if user_has_device(request.user) else "twofactor_setup"
            return redirect(target)
        return self.get_response(request)
