"""An organisation's whole record, for an administrator who moves it elsewhere (GDPR art. 20).

The export is Django's JSON serialisation format, so another Nærvær installation can load it with
``naervaer loaddata``. It leaves out what is secret or can be rebuilt: password hashes (users
get unusable passwords and set new ones), API tokens, calendar-feed tokens, two-factor devices,
import jobs and the statistics aggregates (``naervaer stats`` rebuilds them).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from django.core import serializers
from django.db import models, transaction

from naervaer.absence.models import AbsenceDegree, AbsenceSpell
from naervaer.audit.models import AuditEvent, AuditSubject
from naervaer.followup.models import (
    AbsencePolicy,
    Case,
    Conversation,
    GradualStep,
    Obligation,
    PossibilityStatement,
    RetentionPlan,
    Section56Agreement,
)
from naervaer.mail.models import SentMail
from naervaer.people.models import (
    Employment,
    Organisation,
    Person,
    Role,
    Unit,
    UnitLeadership,
    User,
)

# Each model with the path from it to its organisation, in an order that loads without
# dangling foreign keys (parents before children; units by path so a parent precedes its child).
EXPORTED: list[tuple[type[models.Model], str, tuple[str, ...]]] = [
    (Organisation, "pk", ()),
    (Unit, "organisation", ("path",)),
    (User, "organisation", ("pk",)),
    (Role, "user__organisation", ("pk",)),
    (Person, "organisation", ("pk",)),
    (Employment, "person__organisation", ("pk",)),
    (UnitLeadership, "person__organisation", ("pk",)),
    (AbsencePolicy, "organisation", ("pk",)),
    (AbsenceSpell, "person__organisation", ("pk",)),
    (AbsenceDegree, "spell__person__organisation", ("pk",)),
    (Case, "person__organisation", ("pk",)),
    (Obligation, "case__person__organisation", ("pk",)),
    (Conversation, "person__organisation", ("pk",)),
    (RetentionPlan, "case__person__organisation", ("pk",)),
    (GradualStep, "plan__case__person__organisation", ("pk",)),
    (PossibilityStatement, "case__person__organisation", ("pk",)),
    (Section56Agreement, "person__organisation", ("pk",)),
    (AuditEvent, "organisation", ("pk",)),
    (SentMail, "organisation", ("pk",)),
    (AuditSubject, "event__organisation", ("pk",)),
]


def _objects(organisation: Organisation) -> Iterator[models.Model]:
    users = set(User.objects.filter(organisation=organisation).values_list("pk", flat=True))
    for model, path, order in EXPORTED:
        # A record made by someone outside the organisation (an operator's script) keeps its
        # content but not the reference, so the file loads on its own.
        user_fields = [
            f for f in model._meta.concrete_fields if f.is_relation and f.related_model is User
        ]
        queryset = model._default_manager.filter(**{path: organisation.pk}).order_by(*order)
        for obj in queryset.iterator(chunk_size=2000):
            if isinstance(obj, User):
                obj.set_unusable_password()
            for field in user_fields:
                if getattr(obj, field.attname) not in users and field.null:
                    setattr(obj, field.attname, None)
            yield obj


def export_organisation(organisation: Organisation, stream: IO[str]) -> None:
    """Write the organisation to ``stream`` as one consistent snapshot."""
    # One transaction, so a registration made while the export runs is either wholly in or out.
    with transaction.atomic():
        serializers.serialize(
            "json", _objects(organisation), stream=stream, indent=1, ensure_ascii=False
        )


def export_filename(organisation: Organisation, day: object) -> str:
    return f"naervaer-{organisation.slug}-{day:%Y-%m-%d}.json"
