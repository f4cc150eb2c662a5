"""Who an OpenID Connect login is: the one active Nærvær user with the verified e-mail address."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from naervaer.people.models import User


class NaervaerOIDCBackend(OIDCAuthenticationBackend):
    """Never creates users (an administrator gives each person a user and roles first), and
    refuses an address the provider has not verified, so nobody can claim a colleague's."""

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("email")) and claims.get("email_verified", True) is not False

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        return User.objects.filter(email__iexact=claims["email"], is_active=True)
