"""The access policy, role by role: what each persona may and may not see."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from pytest_django import DjangoAssertNumQueries

from naervaer.access import (
    can_import_and_export,
    can_manage_users,
    can_read_audit_log,
    can_register_absence,
    follows_many,
    get_person_for,
    managed_count,
    people_managed_by,
    people_with_absence_access,
    units_visible_to,
    viewer_for,
)
from naervaer.people.models import Employment, Role, Unit, UnitLeadership, User
from tests.conftest import World, client_for, make_person


def names(user: User) -> set[str]:
    return set(people_with_absence_access(viewer_for(user)).values_list("name", flat=True))


def test_employee_sees_only_themselves(world: World) -> None:
    assert names(world.bob) == {"Bob Bendtsen"}


def test_manager_sees_own_unit_and_themselves(world: World) -> None:
    assert names(world.alice) == {"Alice Andersen", "Bob Bendtsen"}


def test_manager_does_not_see_a_sibling_unit(world: World) -> None:
    carol = world.person(world.carol)
    with pytest.raises(Http404):
        get_person_for(viewer_for(world.alice), carol.pk)


def test_head_of_area_sees_the_whole_subtree(world: World) -> None:
    assert names(world.dave) == {
        "Alice Andersen",
        "Bob Bendtsen",
        "Carol Christensen",
        "Dave Dalgaard",
    }


def test_hr_sees_the_whole_organisation_but_not_another(world: World) -> None:
    assert names(world.hanne) == {
        "Alice Andersen",
        "Bob Bendtsen",
        "Carol Christensen",
        "Dave Dalgaard",
        "Hanne Holm",
    }
    oscar = world.person(world.oscar)
    with pytest.raises(Http404):
        get_person_for(viewer_for(world.hanne), oscar.pk)


def test_hr_of_another_organisation_sees_nobody_here(world: World) -> None:
    assert "Bob Bendtsen" not in names(world.olga)
    with pytest.raises(Http404):
        get_person_for(viewer_for(world.olga), world.person(world.bob).pk)


@pytest.mark.parametrize("persona", ["amy", "adam"])
def test_amo_and_administrator_see_no_persons_absence(world: World, persona: str) -> None:
    assert names(getattr(world, persona)) == set()


def test_inactive_user_sees_nothing(world: World) -> None:
    world.hanne.is_active = False
    world.hanne.save()
    user = User.objects.get(pk=world.hanne.pk)
    assert names(user) == set()


def test_manager_loses_access_when_the_employee_leaves_the_unit(world: World) -> None:
    bob = world.person(world.bob)
    Employment.objects.filter(person=bob).update(end=dt.date(2026, 1, 31))
    Employment.objects.create(
        person=bob, unit=world.syd, weekly_hours=30, start=dt.date(2026, 2, 1)
    )
    alice = User.objects.get(pk=world.alice.pk)
    assert names(alice) == {"Alice Andersen"}
    dave = User.objects.get(pk=world.dave.pk)
    assert "Bob Bendtsen" in names(dave)


def test_a_manager_is_not_their_own_manager(world: World) -> None:
    managed = set(people_managed_by(viewer_for(world.alice)).values_list("name", flat=True))
    assert managed == {"Bob Bendtsen"}
    alice = world.person(world.alice)
    assert not can_register_absence(viewer_for(world.alice), alice)
    assert can_register_absence(viewer_for(world.dave), alice)


def test_who_may_register_absence(world: World) -> None:
    bob = world.person(world.bob)
    assert can_register_absence(viewer_for(world.alice), bob)
    assert can_register_absence(viewer_for(world.hanne), bob)
    assert not can_register_absence(viewer_for(world.bob), bob)
    assert not can_register_absence(viewer_for(world.carol), bob)
    assert not can_register_absence(viewer_for(world.amy), bob)
    assert not can_register_absence(viewer_for(world.olga), bob)


def test_organisation_wide_capabilities(world: World) -> None:
    hr, admin, manager, amo = (
        viewer_for(u) for u in (world.hanne, world.adam, world.alice, world.amy)
    )
    assert can_import_and_export(hr) and not can_import_and_export(admin)
    assert not can_import_and_export(manager) and not can_import_and_export(amo)
    assert can_read_audit_log(hr) and can_read_audit_log(admin)
    assert not can_read_audit_log(manager) and not can_read_audit_log(amo)
    assert can_manage_users(admin) and not can_manage_users(hr)


def test_units_a_manager_can_pick_are_their_subtree(world: World) -> None:
    assert set(units_visible_to(viewer_for(world.alice)).values_list("path", flat=True)) == {
        "Pleje/Nord"
    }
    assert set(units_visible_to(viewer_for(world.dave)).values_list("path", flat=True)) == {
        "Pleje",
        "Pleje/Nord",
        "Pleje/Syd",
    }
    assert not units_visible_to(viewer_for(world.bob)).exists()


def test_a_unit_with_a_similar_name_is_not_in_the_subtree(world: World) -> None:
    # "Pleje/Nordvest" starts with "Pleje/Nord" but is not under it.
    nordvest = Unit.objects.create(organisation=world.acme, parent=world.pleje, name="Nordvest")
    make_person(world.acme, "2001", "Nina Nordvest", nordvest)
    assert "Nina Nordvest" not in names(world.alice)
    assert "Nina Nordvest" in names(world.dave)


def test_a_head_of_area_who_also_leads_every_unit_below_is_one_condition(world: World) -> None:
    """Leading a unit and each of hundreds of units below it: the same people as leading the
    top one alone, and SQLite is not asked to nest a condition per unit (it refuses past 1,000)."""
    below = [
        Unit.objects.create(organisation=world.acme, parent=world.pleje, name=f"Team {i}")
        for i in range(600)
    ]
    make_person(world.acme, "2002", "Tove Team", below[-1])
    before = names(world.dave)
    assert "Tove Team" in before
    dave = world.person(world.dave)
    UnitLeadership.objects.bulk_create(UnitLeadership(unit=u, person=dave) for u in below)
    assert len(viewer_for(fresh(world.dave)).led_paths) == 601
    assert names(fresh(world.dave)) == before
    visible = {u.path for u in units_visible_to(viewer_for(fresh(world.dave)))}
    assert visible >= {u.path for u in below} and world.admin_unit.path not in visible


def fresh(user: User) -> User:
    """The user as a new request loads it, without the viewer kept on the test's object."""
    return User.objects.get(pk=user.pk)


def test_the_viewer_is_read_in_one_query_and_says_what_the_three_tables_say(
    world: World, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    """Every request reads its viewer: roles, own person and led units in one query. A head of
    area who is also HR and leads two units, one of them (wrongly) in another organisation."""
    dave = fresh(world.dave)
    Role.objects.create(user=dave, kind=Role.Kind.HR)
    Role.objects.create(user=dave, kind=Role.Kind.AMO)
    UnitLeadership.objects.create(person=world.person(world.dave), unit=world.admin_unit)
    foreign = Unit.objects.create(organisation=world.other, name="Fremmed")
    UnitLeadership.objects.create(person=world.person(world.dave), unit=foreign)
    with django_assert_num_queries(1):
        viewer = viewer_for(dave)
    assert viewer.roles == {"hr", "amo", "employee", "manager"}
    assert viewer.person_id == world.person(world.dave).pk
    assert set(viewer.led_paths) == {"Pleje", "Admin"}
    assert len(viewer.led_paths) == 2  # one path per unit, not per role × unit

    bob_user, amy_user = fresh(world.bob), fresh(world.amy)
    with django_assert_num_queries(1):
        bob = viewer_for(bob_user)
    assert bob.roles == {"employee"}
    assert bob.person_id == world.person(world.bob).pk
    assert bob.led_paths == ()
    with django_assert_num_queries(1):
        amy = viewer_for(amy_user)
    assert amy.roles == {"amo"}
    assert amy.person_id is None
    assert amy.led_paths == ()
    # A person in another organisation than the user's is not theirs.
    oscar = fresh(world.oscar)
    oscar.organisation = world.acme
    oscar.save()
    assert viewer_for(oscar).roles == frozenset()
    assert viewer_for(oscar).person_id is None


def test_the_header_names_the_organisation_from_the_viewers_own_query(world: World) -> None:
    """Every page's header shows the user's organisation, and an employer's staff a link to
    report a problem; both come with the roles (one query, above), not from a query of their own."""
    alice = viewer_for(fresh(world.alice))
    assert (alice.organisation_name, alice.organisation_kind) == ("Acme Kommune", "employer")
    cate = viewer_for(fresh(world.cate))
    assert (cate.organisation_name, cate.organisation_kind) == ("Jobcenter Acme", "jobcentre")
    employer = client_for(world.alice).get("/").content.decode()
    assert "· Acme Kommune</span>" in employer and 'href="/report/"' in employer
    jobcentre = client_for(world.cate).get("/").content.decode()
    assert "· Jobcenter Acme</span>" in jobcentre and 'href="/report/"' not in jobcentre


def test_the_people_of_a_viewer_are_built_once_and_still_read_afresh(
    world: World, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    """A page asks for a manager's people several times; the queryset is built once per viewer
    and day, but each use runs it again, so a change within the request is seen."""
    viewer = viewer_for(fresh(world.alice))
    today = dt.date(2026, 11, 18)
    first = people_managed_by(viewer, today)
    assert people_managed_by(viewer, today) is not first  # a copy each time
    assert set(first.values_list("name", flat=True)) == {"Bob Bendtsen"}
    make_person(world.acme, "2002", "Nora Nord", world.nord)
    with django_assert_num_queries(1):
        again = set(people_managed_by(viewer, today).values_list("name", flat=True))
    assert again == {"Bob Bendtsen", "Nora Nord"}
    # Another day is another set of people: Bob has left by then.
    Employment.objects.filter(person=world.person(world.bob)).update(end=today)
    later = today + dt.timedelta(days=1)
    assert set(people_managed_by(viewer, later).values_list("name", flat=True)) == {"Nora Nord"}
    assert "Bob Bendtsen" in set(
        people_with_absence_access(viewer, today).values_list("name", flat=True)
    )


def test_whether_a_viewer_follows_many_is_asked_without_counting_everyone(
    world: World,
    monkeypatch: pytest.MonkeyPatch,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    """ "Many" starts at the ``MANY_PEOPLE``-th person: one query that stops there, once per
    request, or none once the request has counted the people (``managed_count``)."""
    team = people_managed_by(viewer_for(fresh(world.dave))).count()
    assert team > 1
    for threshold, many in [(team - 1, True), (team, True), (team + 1, False), (0, True)]:
        monkeypatch.setattr("naervaer.access.MANY_PEOPLE", threshold)
        viewer = viewer_for(fresh(world.dave))
        # The units she leads, then "is there a MANY_PEOPLE-th person?"
        with django_assert_num_queries(2 if threshold else 0):
            assert follows_many(viewer) is many
            assert follows_many(viewer) is many
    monkeypatch.setattr("naervaer.access.MANY_PEOPLE", team)
    viewer = viewer_for(fresh(world.dave))
    assert managed_count(viewer) == team
    with django_assert_num_queries(0):
        assert follows_many(viewer)
