"""Request types for the views.

``request.user`` is typed ``User | AnonymousUser`` by Django. Behind ``@login_required`` it is
always a ``User``: such a view takes an ``AuthenticatedHttpRequest`` so the type says so and
``request.user.organisation_id`` needs no check or cast (the pattern django-stubs documents and
healthchecks uses). The class is only ever an annotation; Django still passes its own request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from naervaer.people.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request by a logged-in user (the view is behind ``login_required``)."""

    user: User
