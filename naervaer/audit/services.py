"""Writing the audit log. Call ``record`` wherever personal absence data is shown or changed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from naervaer.audit.models import Action, AuditEvent
from naervaer.people.models import Person


def _label(actor: Any) -> str:
    if actor is None:
        return "system"
    full = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    return f"{full} ({actor.get_username()})" if full else str(actor.get_username())


def record(
    actor: Any,
    organisation_id: int,
    action: Action,
    subjects: Iterable[Person | int] = (),
    detail: str = "",
) -> None:
    """One row per subject (or one without a subject, e.g. an import of a whole file)."""
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    label = _label(actor_obj) if actor_obj is not None else (str(actor) if actor else "system")
    ids = [s.pk if isinstance(s, Person) else s for s in subjects]
    base = {
        "organisation_id": organisation_id,
        "actor": actor_obj,
        "actor_label": label[:200],
        "action": action,
        "detail": detail[:500],
    }
    if not ids:
        AuditEvent.objects.create(**base)
        return
    AuditEvent.objects.bulk_create(
        [AuditEvent(subject_id=pk, **base) for pk in dict.fromkeys(ids)], batch_size=1000
    )
