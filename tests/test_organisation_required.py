"""Code behind a role check asks for the viewer's organisation through one place
(``Viewer.require_organisation``, ``own_organisation``), typed ``int``/``Organisation``: a login
without an organisation (an operator's) is refused there, never matched to "no organisation"."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from naervaer.access import own_organisation, viewer_for
from naervaer.people.models import User
from naervaer.people.services import active_users
from tests.conftest import World, client_for


@pytest.fixture
def operator(db: None) -> User:
    return User.objects.create_user("operator", password="x", organisation=None)


def test_a_viewer_in_an_organisation_gets_its_id(world: World) -> None:
    assert viewer_for(world.hanne).require_organisation() == world.acme.pk
    assert own_organisation(world.hanne) == world.acme


def test_an_operator_without_an_organisation_is_refused(operator: User) -> None:
    viewer = viewer_for(operator)
    assert viewer.organisation_id is None
    with pytest.raises(PermissionDenied):
        viewer.require_organisation()
    with pytest.raises(PermissionDenied):
        own_organisation(operator)


def test_the_viewer_is_worked_out_once_per_user_object(world: World) -> None:
    assert viewer_for(world.alice) is viewer_for(world.alice)


def test_active_users_are_the_organisations_own(world: World, operator: User) -> None:
    world.bob.is_active = False
    world.bob.save(update_fields=["is_active"])
    names = set(active_users(world.acme.pk).values_list("username", flat=True))
    assert names == {"alice", "carol", "dave", "hanne", "amy", "adam"}


def test_no_organisation_lists_nobody_not_the_operators(operator: User) -> None:
    # filter(organisation_id=None) would be IS NULL: every operator as a choice of responsible.
    assert list(active_users(None)) == []


@pytest.mark.parametrize("url", ["/users/", "/audit/"])
def test_an_operator_gets_no_organisation_page(operator: User, url: str) -> None:
    assert client_for(operator).get(url).status_code == 403
