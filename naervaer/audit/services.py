"""Writing the audit log: ``record`` for changes and for reads outside a request (command line,
background jobs); reads inside a request go through :mod:`naervaer.audit.reads`."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction

from naervaer.audit.models import Action, AuditEvent, AuditSubject
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
    citizen_cases: Iterable[Any] = (),
) -> AuditEvent:
    """One event for one act, however many people it concerned: an export of 1,400 people is
    one line in the log, and one line in each of the 1,400 people's "who has seen my data"."""
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    label = _label(actor_obj) if actor_obj is not None else (str(actor) if actor else "system")
    ids = list(dict.fromkeys(s.pk if isinstance(s, Person) else int(s) for s in subjects))
    with transaction.atomic():
        event = AuditEvent.objects.create(
            organisation_id=organisation_id,
            actor=actor_obj,
            actor_label=label[:200],
            action=action,
            detail=detail[:500],
            subject_count=len(ids),
        )
        _add_subjects(event.pk, ids)
        cases = list(citizen_cases)
        if cases:
            event.citizen_cases.set(cases)
    return event


def _add_subjects(event_id: int, person_ids: list[int]) -> None:
    """The event's people, in one statement with the ids as one value: most pages note a few
    dozen people, and ``bulk_create`` made and adapted a model object for each (2.6 ms of the
    people list's 50, on every request; issue 14). An export of thousands is still one value."""
    if not person_ids:
        return
    quote, meta = connection.ops.quote_name, AuditSubject._meta
    table = quote(meta.db_table)
    column = {f.name: str(f.column) for f in meta.concrete_fields}
    columns = f"{quote(column['event'])}, {quote(column['person'])}"
    if connection.vendor == "postgresql":
        people = "SELECT %s, unnest(%s::bigint[])"
        value: list[int] | str = person_ids
    else:
        people = "SELECT %s, value FROM json_each(%s)"
        value = json.dumps(person_ids)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) {people}", [event_id, value])
