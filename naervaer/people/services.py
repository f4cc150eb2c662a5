"""Changes to who's who that touch many tables at once."""

from __future__ import annotations

from django.db import transaction

from naervaer.people.models import Employment, Organisation, Unit, User


@transaction.atomic
def delete_organisation(org: Organisation) -> None:
    """Delete an organisation with everything in it: people, absence, units, users, audit log.

    Units and users are protected against accidental deletion one by one; here the whole
    organisation goes, so they are released first.
    """
    Employment.objects.filter(person__organisation=org).delete()
    Unit.objects.filter(organisation=org).update(parent=None)
    Unit.objects.filter(organisation=org).delete()
    User.objects.filter(organisation=org).delete()
    org.delete()
