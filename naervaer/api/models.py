"""API tokens: one per integration, scoped to one organisation and one role.

Only a digest of the token is stored; the token itself is shown once, when it is made.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from naervaer.access import Viewer
from naervaer.people.models import Organisation, Role

# "Last used" is kept to the minute: an integration calling many times a minute would otherwise
# write the token's row on every call, a write (and on SQLite the database's write lock) for a
# read (issue 14).
LAST_USED_PRECISION = dt.timedelta(minutes=1)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(models.Model):
    class TokenRole(models.TextChoices):
        HR = Role.Kind.HR.value, _("HR (people, absence, follow-up, statistics)")
        AMO = Role.Kind.AMO.value, _("AMO (statistics for groups only)")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("integration"), max_length=100)
    role = models.CharField(max_length=10, choices=TokenRole.choices)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"API: {self.name}"

    @classmethod
    def issue(cls, organisation: Organisation, name: str, role: str) -> tuple[ApiToken, str]:
        token = "nv_" + secrets.token_urlsafe(32)
        row = cls.objects.create(
            organisation=organisation, name=name, role=role, digest=digest(token), prefix=token[:8]
        )
        return row, token

    @classmethod
    def lookup(cls, token: str) -> ApiToken | None:
        row = (
            cls.objects.filter(digest=digest(token), revoked=False)
            .select_related("organisation")
            .first()
        )
        now = timezone.now()
        if row is not None and (
            row.last_used_at is None or now - row.last_used_at >= LAST_USED_PRECISION
        ):
            cls.objects.filter(pk=row.pk).update(last_used_at=now)
        return row

    def viewer(self) -> Viewer:
        """The token as the access policy sees it: its role in its organisation, nobody's person."""
        return Viewer(None, self.organisation_id, frozenset({self.role}), None, ())
