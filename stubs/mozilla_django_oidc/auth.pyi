from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import QuerySet

class OIDCAuthenticationBackend(ModelBackend):
    def verify_claims(self, claims: dict[str, Any]) -> bool: ...
    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[Any]: ...
