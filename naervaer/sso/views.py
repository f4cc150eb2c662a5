"""The two steps of the OpenID Connect code flow, answering 404 while single sign-on is off."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponse
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView


def _require_enabled() -> None:
    if not settings.OIDC_ENABLED:
        raise Http404


class Start(OIDCAuthenticationRequestView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _require_enabled()
        return super().get(request, *args, **kwargs)


class Callback(OIDCAuthenticationCallbackView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _require_enabled()
        return super().get(request, *args, **kwargs)


class LoginView(auth_views.LoginView):
    """Django's login page, with a single sign-on button when an identity provider is set up."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sso"] = {
            "enabled": settings.OIDC_ENABLED,
            "provider": settings.OIDC_PROVIDER_NAME,
            "failed": self.request.GET.get("sso") == "failed",
        }
        return context
