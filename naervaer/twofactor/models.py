"""A one-time enrolment code: what, besides the password, lets a user set up an authenticator."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EnrolmentCode(models.Model):
    """Issued by an administrator (or on the command line for the first one) and handed to the
    user: without it, whoever knows the password cannot set up their own authenticator before
    the user does. Only a hash is stored; the code works once, within ``VALID_FOR``."""

    VALID_FOR = dt.timedelta(days=7)

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    code_hash = models.CharField(max_length=128)
    issued_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.CharField(_("issued by"), max_length=200)

    class Meta:
        verbose_name = _("two-factor enrolment code")

    def __str__(self) -> str:
        return f"{self.user_id} {self.issued_at:%Y-%m-%d}"

    def expired(self, now: dt.datetime) -> bool:
        return now > self.issued_at + self.VALID_FOR
