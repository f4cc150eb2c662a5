"""Changes to who's who that touch many tables at once."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet

from naervaer.people.models import Employment, Organisation, Person, Unit, User


def active_users(organisation_id: int | None) -> QuerySet[User]:
    """The organisation's active users by name: whom an action or a case can be given to."""
    if organisation_id is None:  # an operator's: no organisation, nobody to choose
        return User.objects.none()
    return User.objects.filter(organisation_id=organisation_id, is_active=True).order_by(
        "first_name", "last_name", "username"
    )


@transaction.atomic
def delete_organisation(org: Organisation) -> None:
    """Delete an organisation with everything in it: people, absence, units, users, audit log.

    Units and users are protected against accidental deletion one by one; here the whole
    organisation goes, so they are released first.
    """
    # By id, not through a join: PostgreSQL can plan "DELETE … WHERE id IN (SELECT … JOIN …)"
    # badly on freshly filled tables (seen taking minutes for 1,500 rows).
    person_ids = list(Person.objects.filter(organisation=org).values_list("pk", flat=True))
    Employment.objects.filter(person_id__in=person_ids).delete()
    Unit.objects.filter(organisation=org).update(parent=None)
    Unit.objects.filter(organisation=org).delete()
    User.objects.filter(organisation=org).delete()
    org.delete()
