"""The main menu: the entries each role sees, the current page marked, in the page's language
(``naervaer.menu``, made once per language, set of entries and page)."""

from __future__ import annotations

import re

import pytest

from naervaer.menu import ENTRIES
from tests.conftest import World, client_for

EVERYONE = ["Overview"]
FOLLOW = ["Absent now", "Follow-up", "People", "Units"]


def menu(html: str) -> list[tuple[str, str, bool]]:
    """(address, label, marked as the current page) of each entry of the page's main menu."""
    nav = html[html.index('<nav aria-label="') : html.index("</nav>")]
    return [
        (href, label, bool(current))
        for href, current, label in re.findall(
            r'<li><a href="([^"]+)"( aria-current="page")?>([^<]+)</a></li>', nav
        )
    ]


@pytest.mark.parametrize(
    ("persona", "labels"),
    [
        # An employee: their own absence and the problem report of an employer organisation.
        ("bob", [*EVERYONE, "My absence", "Report a problem"]),
        # A manager follows their people, holds senior and dialogue conversations.
        (
            "alice",
            [
                *EVERYONE,
                *FOLLOW,
                "Statistics",
                "Seniors",
                "Work accidents",
                "Dialogue tool",
                "My absence",
                "Report a problem",
            ],
        ),
        # The AMO: statistics in groups, the work environment, no person's absence.
        (
            "amy",
            [
                *EVERYONE,
                "Statistics",
                "Work accidents",
                "Work environment",
                "Dialogue tool",
                "Report a problem",
            ],
        ),
        # A job centre's caseworker: no problem report (a job centre has no AMO of its own here).
        ("cate", [*EVERYONE, "Sickness follow-up", "Rules"]),
        ("adam", [*EVERYONE, "Audit log", "Users", "Report a problem"]),
    ],
)
def test_each_role_sees_its_own_entries(world: World, persona: str, labels: list[str]) -> None:
    entries = menu(client_for(getattr(world, persona), "en").get("/").content.decode())
    assert [label for _, label, _ in entries] == labels
    assert [current for *_, current in entries] == [True] + [False] * (len(labels) - 1)


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/follow-up/", "/follow-up/"),
        ("/absent/", "/absent/"),
        ("/seniors/", "/seniors/"),
        ("/dialogue/", "/dialogue/"),
        ("/people/{bob}/", None),  # a person: under no entry ("People" is the list)
        ("/people/", "/people/"),
    ],
)
def test_the_page_shown_is_marked_and_no_other(
    world: World, path: str, current: str | None
) -> None:
    page = client_for(world.alice, "en").get(path.format(bob=world.person(world.bob).pk))
    assert page.status_code == 200
    marked = [href for href, _, is_current in menu(page.content.decode()) if is_current]
    assert marked == ([current] if current else [])


def test_the_menu_follows_the_language_of_each_request(world: World) -> None:
    """The kept menus are kept per language: Danish, English, then Danish again."""
    for language, labels in [
        ("da", ["Overblik", "Mit fravær", "Indberet et problem"]),
        ("en", ["Overview", "My absence", "Report a problem"]),
        ("da", ["Overblik", "Mit fravær", "Indberet et problem"]),
    ]:
        html = client_for(world.bob, language).get("/").content.decode()
        assert [label for _, label, _ in menu(html)] == labels


def test_every_entry_has_a_danish_label() -> None:
    from django.utils import translation

    with translation.override("da"):
        untranslated = [e.label for e in ENTRIES if translation.gettext(e.label) == e.label]
    assert untranslated == ["Fleksjob"]  # the same word in Danish
