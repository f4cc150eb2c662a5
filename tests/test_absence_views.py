"""The manager's daily work through the web: allowed and denied per role, and audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from naervaer.absence.models import AbsenceDegree, AbsenceSpell
from naervaer.absence.services import register_sick
from naervaer.audit.models import Action, AuditEvent
from tests.conftest import TODAY, World, client_for, make_person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def test_manager_registers_sick_and_return(world: World) -> None:
    bob = world.person(world.bob)
    client = client_for(world.alice)
    response = client.post(
        f"/people/{bob.pk}/sick/",
        {"first_day": "2026-11-18", "percent": "100", "kind": "sickness", "reported_via": "phone"},
    )
    assert response.status_code == 302
    spell = AbsenceSpell.objects.get(person=bob)
    assert (spell.first_day, spell.last_day, spell.registered_by) == (TODAY, None, world.alice)

    page = client.get("/absent/")
    assert "Bob Bendtsen" in page.content.decode()

    response = client.post(f"/spells/{spell.pk}/return/", {"back_on": "2026-11-20"})
    assert response.status_code == 302
    spell.refresh_from_db()
    assert spell.last_day == dt.date(2026, 11, 19)
    actions = list(
        AuditEvent.objects.filter(subjects=bob)
        .order_by("at", "pk")
        .values_list("action", flat=True)
    )
    assert Action.REGISTER_SICK in actions and Action.REGISTER_RETURN in actions
    assert Action.VIEW_ABSENT_NOW in actions


def test_partial_return_by_hours_sets_the_degree(world: World) -> None:
    bob = world.person(world.bob)  # 30 hours a week
    spell = register_sick(bob, dt.date(2026, 10, 1), by=world.alice)
    response = client_for(world.alice).post(
        f"/spells/{spell.pk}/partial/", {"from_day": "2026-11-02", "hours_at_work": "15"}
    )
    assert response.status_code == 302
    assert list(AbsenceDegree.objects.filter(spell=spell).values_list("from_day", "percent")) == [
        (dt.date(2026, 10, 1), 100),
        (dt.date(2026, 11, 2), 50),
    ]


def test_overlap_is_explained_in_danish(world: World) -> None:
    bob = world.person(world.bob)
    register_sick(bob, dt.date(2026, 11, 16), by=world.alice)
    response = client_for(world.alice).post(
        f"/people/{bob.pk}/sick/",
        {"first_day": "2026-11-18", "percent": "100", "kind": "sickness", "reported_via": "phone"},
    )
    assert response.status_code == 200
    assert "overlapper et igangværende fravær fra 16.11.2026" in response.content.decode()
    assert AbsenceSpell.objects.filter(person=bob).count() == 1


def test_return_before_first_day_is_refused(world: World) -> None:
    spell = register_sick(world.person(world.bob), TODAY, by=world.alice)
    response = client_for(world.alice).post(
        f"/spells/{spell.pk}/return/", {"back_on": "2026-11-18"}
    )
    assert response.status_code == 200
    assert "før første dag" in response.content.decode()
    spell.refresh_from_db()
    assert spell.last_day is None


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("alice", 200),
        ("dave", 200),
        ("hanne", 200),
        ("bob", 200),
        ("carol", 404),
        ("amy", 404),
        ("adam", 404),
        ("olga", 404),
        ("oscar", 404),
    ],
)
def test_who_can_open_bobs_page(world: World, persona: str, status: int) -> None:
    bob = world.person(world.bob)
    response = client_for(getattr(world, persona)).get(f"/people/{bob.pk}/")
    assert response.status_code == status
    logged = AuditEvent.objects.filter(subjects=bob, action=Action.VIEW_PERSON).exists()
    assert logged is (status == 200)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("alice", 200), ("hanne", 200), ("bob", 403), ("carol", 404), ("amy", 404), ("olga", 404)],
)
def test_who_can_register_bob_sick(world: World, persona: str, status: int) -> None:
    bob = world.person(world.bob)
    client = client_for(getattr(world, persona))
    assert client.get(f"/people/{bob.pk}/sick/").status_code == status
    client.post(
        f"/people/{bob.pk}/sick/",
        {"first_day": "2026-11-18", "percent": "100", "kind": "sickness", "reported_via": "phone"},
    )
    assert AbsenceSpell.objects.filter(person=bob).exists() is (status == 200)


@pytest.mark.parametrize("persona", ["carol", "amy", "olga", "bob"])
def test_others_cannot_end_or_delete_bobs_absence(world: World, persona: str) -> None:
    spell = register_sick(world.person(world.bob), dt.date(2026, 11, 16), by=world.alice)
    client = client_for(getattr(world, persona))
    assert client.post(f"/spells/{spell.pk}/return/", {"back_on": "2026-11-18"}).status_code in {
        403,
        404,
    }
    assert client.post(f"/spells/{spell.pk}/delete/").status_code in {403, 404}
    spell.refresh_from_db()
    assert spell.last_day is None


@pytest.mark.parametrize(
    ("persona", "status"),
    [("alice", 200), ("hanne", 200), ("bob", 403), ("amy", 403), ("adam", 403)],
)
def test_absent_now_is_for_managers_and_hr(world: World, persona: str, status: int) -> None:
    assert client_for(getattr(world, persona)).get("/absent/").status_code == status


def test_absent_now_lists_only_my_units(world: World) -> None:
    register_sick(world.person(world.bob), dt.date(2026, 11, 16), by=world.hanne)
    register_sick(world.person(world.carol), dt.date(2026, 11, 17), by=world.hanne)
    page = client_for(world.alice).get("/absent/").content.decode()
    assert "Bob Bendtsen" in page and "Carol Christensen" not in page
    page = client_for(world.dave).get("/absent/").content.decode()
    assert "Bob Bendtsen" in page and "Carol Christensen" in page


def test_people_search_is_scoped(world: World) -> None:
    page = client_for(world.alice).get("/people/", {"q": "Carol"}).content.decode()
    assert "Carol Christensen" not in page
    page = client_for(world.hanne).get("/people/", {"q": "Carol"}).content.decode()
    assert "Carol Christensen" in page


def test_the_people_list_says_who_is_absent_since_when_and_links_the_next_step(
    world: World,
) -> None:
    bob, carol = world.person(world.bob), world.person(world.carol)
    spell = register_sick(bob, dt.date(2026, 11, 16), by=world.hanne)
    for language, since in (
        ("da", "fraværende siden 16.11.2026"),
        ("en", "absent since 2026-11-16"),
    ):
        page = client_for(world.hanne, language).get("/people/").content.decode()
        assert f'<a href="/people/{bob.pk}/">Bob Bendtsen</a>' in page
        assert f'<span class="badge sick">{since}</span>' in page
        assert f'href="/spells/{spell.pk}/return/"' in page  # bob: back at work
        assert f'href="/people/{carol.pk}/sick/"' in page  # carol: register sick


def test_the_people_lists_pages_keep_the_search(world: World) -> None:
    for i in range(51):
        make_person(world.acme, f"8{i:03d}", f"Sara {i:02d}", world.nord)
    page = client_for(world.hanne).get("/people/", {"q": "Sara", "unit": str(world.nord.pk)})
    html = page.content.decode()
    assert f'href="?q=Sara&amp;unit={world.nord.pk}&amp;page=2"' in html
    second = client_for(world.hanne).get(
        "/people/", {"q": "Sara", "unit": str(world.nord.pk), "page": "2"}
    )
    assert [row["person"].name for row in second.context["rows"]] == ["Sara 50"]


def test_amo_home_shows_groups_and_suppresses_small_ones(world: World) -> None:
    page = client_for(world.amy).get("/").content.decode()
    # Pleje has 4 people and Admin 1: both under 5, so neither count is shown.
    assert "for få til at vise" in page
    assert "Bob Bendtsen" not in page


def test_correct_and_delete(world: World) -> None:
    spell = register_sick(world.person(world.bob), dt.date(2026, 11, 2), by=world.alice)
    client = client_for(world.hanne)
    response = client.post(
        f"/spells/{spell.pk}/correct/",
        {
            "first_day": "2026-11-03",
            "last_day": "2026-11-06",
            "kind": "work_accident",
        },
    )
    assert response.status_code == 302
    spell.refresh_from_db()
    assert (spell.first_day, spell.last_day, spell.kind) == (
        dt.date(2026, 11, 3),
        dt.date(2026, 11, 6),
        "work_accident",
    )
    assert list(spell.degrees.values_list("from_day", flat=True)) == [dt.date(2026, 11, 3)]
    assert client.post(f"/spells/{spell.pk}/delete/").status_code == 302
    assert not AbsenceSpell.objects.filter(pk=spell.pk).exists()
    assert AuditEvent.objects.filter(action=Action.DELETE_SPELL, subjects=spell.person).exists()


def test_login_required(client: Client, world: World) -> None:
    response = client.get("/absent/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_lists_take_a_fixed_number_of_queries(
    world: World, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    """No query per row: the lists stay fast for a unit of 30 or an organisation of 10,000."""
    from tests.conftest import make_person

    for i in range(25):
        person = make_person(world.acme, f"5{i:03d}", f"Person {i}", world.nord)
        register_sick(person, dt.date(2026, 11, 1 + i % 15), by=world.hanne)
    client = client_for(world.hanne)
    for url in ("/absent/", "/people/", "/"):
        with django_assert_max_num_queries(20):
            assert client.get(url).status_code == 200


def test_hr_sees_the_bradford_factor_and_the_manager_does_not(world: World) -> None:
    bob = world.person(world.bob)
    register_sick(bob, dt.date(2026, 3, 2), last_day=dt.date(2026, 3, 4), by=world.alice)
    register_sick(bob, dt.date(2026, 6, 1), last_day=dt.date(2026, 6, 1), by=world.alice)
    hr = client_for(world.hanne).get(f"/people/{bob.pk}/").content.decode()
    assert "Bradford-faktor" in hr and "<dd>16 " in hr  # 2 spells² × 4 days
    assert "Bradford" not in client_for(world.alice).get(f"/people/{bob.pk}/").content.decode()


@pytest.mark.parametrize(
    ("year", "listed", "empty"),
    [
        # The history lists the spells with a day in the year the calendar shows.
        (2026, ["10.11.2026", "02.03.2026"], False),  # newest first; the ongoing one
        (2025, ["30.12.2024"], False),  # the New Year spell, in both its years
        (2024, ["30.12.2024"], False),
        (2023, [], True),  # a year without absence: not offered, but asked for by address
    ],
)
def test_a_persons_history_is_the_year_the_calendar_shows(
    world: World, year: int, listed: list[str], empty: bool
) -> None:
    bob = world.person(world.bob)
    spells = [
        (dt.date(2024, 12, 30), dt.date(2025, 1, 3)),
        (dt.date(2026, 3, 2), dt.date(2026, 3, 4)),
        (dt.date(2026, 11, 10), None),
    ]
    for first, last in spells:
        register_sick(bob, first, last_day=last, by=world.alice)
    page = client_for(world.alice).get(f"/people/{bob.pk}/", {"year": year})
    history = page.content.decode().split("<h2>Fravær i")[1]
    assert [s.first_day_text for s in page.context["spells"]] == listed
    assert all(day in history for day in listed)
    assert ("Intet fravær registreret i" in history) is empty
    assert page.context["years"] == [2026, 2025, 2024]  # 2025 too: the spell reaches into it
    # Whichever year is shown, the page opens with the ongoing absence.
    assert page.context["open_spell"].first_day == dt.date(2026, 11, 10)
    assert page.context["has_spells"]
