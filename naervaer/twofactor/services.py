"""Resetting a user's two-factor login and redeeming the one-time enrolment code."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from naervaer.audit.models import Action
from naervaer.audit.services import record
from naervaer.codes import readable_code
from naervaer.people.models import Person, User
from naervaer.twofactor.models import EnrolmentCode

CODE_LENGTH = 12  # 31 symbols: about 59 bits, typed in three groups of four


def normalise(code: str) -> str:
    return code.strip().upper().replace("-", "").replace(" ", "")


@transaction.atomic
def reset(user: User, *, by: Any) -> str:
    """Remove the user's authenticators and issue a new one-time enrolment code (returned once,
    in groups of four, to be handed to the user; only its hash is kept)."""
    TOTPDevice.objects.filter(user=user).delete()
    code = readable_code(CODE_LENGTH)
    EnrolmentCode.objects.update_or_create(
        user=user, defaults={"code_hash": make_password(code), "issued_by": str(by)[:200]}
    )
    # issued_at is set on creation only; a renewed code starts its week now.
    EnrolmentCode.objects.filter(user=user).update(issued_at=timezone.now())
    if user.organisation_id is not None:
        record(
            by,
            user.organisation_id,
            Action.TWOFACTOR_RESET,
            Person.objects.filter(user=user),
            f"two-factor login reset for {user.username}",
        )
    return "-".join(code[i : i + 4] for i in range(0, CODE_LENGTH, 4))


@transaction.atomic
def redeem(user: User, code: str) -> bool:
    """True, and the code is used up, if ``code`` is the user's valid enrolment code."""
    issued = EnrolmentCode.objects.select_for_update().filter(user=user).first()
    if issued is None or issued.expired(timezone.now()):
        return False
    if not check_password(normalise(code), issued.code_hash):
        return False
    issued.delete()
    return True
