"""The tool's content against seed 004: three areas, nine goals and the thirty cards of its
rating scheme (Ratingskema), by name and in order."""

from __future__ import annotations

from collections import Counter

from django.utils import translation

from naervaer.dialogue.content import (
    AREAS,
    BLANK_CARDS,
    CARDS,
    GOAL_BY_CODE,
    GOALS,
    STATUS_QUESTIONS,
    cards_in,
    goals_in,
)

# Seed 004, "Ratingskema — Brug skala 1-5, hvor 5 er høj indsats og 1 er lav indsats",
# copied line by line.
RATING_SCHEME = """
Udvikling
Mentorordninger
Kompetenceudvikling for ledere
Interne lederfora
Eksterne ledernetværk
Supervision og sparring
Kompetenceudvikling for medarbejdere
Fokus på fysisk arbejdsevne
Fokus på mental arbejdsevne
Fokus på kerneopgaven
Høj social kapital og arbejdsfællesskab
Rammer for videndeling
Rummelighed
Ansættelsespolitik i forhold til etnicitet
Ansættelsespolitik i forhold til alder
Ansættelsespolitik i forhold til køn
Personer under uddannelse
Elever og voksenelever
Jobordninger
Jobs for personer med nedsat funktionsevne
Jobs og opgaver for personer i virksomhedspraktik
Fastholdelse
Omsorgssamtaler
Nærværsfaktorer
Åben og retfærdig organisering af arbejdet
Håndtering af fysisk belastning
Sundhedsfremmende tiltag
Tilgang til teknologien
Stop konflikter på arbejdspladsen
Forebyggelse af vold
Undgå stress
Godt tilbage på job
Livsfasepolitik og seniorpolitik
"""

# Seed 004, the follow-up scheme (Opfølgningsskema): the goals under each area.
FOLLOW_UP_SCHEME = {
    "Udvikling": ["Ledere", "Medarbejdere", "Organisation"],
    "Rummelighed": [
        "Mangfoldighed",
        "Indslusning på arbejdsmarkedet",
        "Plads til flere på arbejdsmarkedet",
    ],
    "Fastholdelse": ["Trivsel på arbejdspladsen", "Fysisk sundhed", "Mental sundhed"],
}


def _scheme() -> dict[str, list[str]]:
    areas = {"Udvikling", "Rummelighed", "Fastholdelse"}
    scheme: dict[str, list[str]] = {}
    area = ""
    for line in RATING_SCHEME.strip().splitlines():
        if line in areas:
            area = line
            scheme[area] = []
        else:
            scheme[area].append(line)
    return scheme


def test_the_thirty_cards_are_the_rating_schemes_by_area_and_in_order() -> None:
    ours: dict[str, list[str]] = {}
    for card in CARDS:
        area = next(a for a in AREAS if a.code == GOAL_BY_CODE[card.goal].area)
        ours.setdefault(area.name.da, []).append(card.name.da)
    assert ours == _scheme()
    assert [len(v) for v in ours.values()] == [11, 8, 11]
    assert len(CARDS) == 30 and len({c.code for c in CARDS}) == 30


def test_three_areas_with_three_goals_each_as_in_the_follow_up_scheme() -> None:
    assert {a.name.da: [g.name.da for g in goals_in(a.code)] for a in AREAS} == FOLLOW_UP_SCHEME
    assert len(GOALS) == 9
    assert Counter(g.area for g in GOALS) == {"udvikling": 3, "rummelighed": 3, "fastholdelse": 3}


def test_every_goal_has_cards_and_every_card_a_description_in_both_languages() -> None:
    assert {c.goal for c in CARDS} == {g.code for g in GOALS}
    for card in CARDS:
        assert card.description.da and card.description.en and card.name.en
    assert BLANK_CARDS == 9
    assert len(STATUS_QUESTIONS) == 4


def test_a_scope_narrows_to_one_area() -> None:
    assert len(cards_in(None)) == 30
    assert len(cards_in("rummelighed")) == 8
    assert [g.code for g in goals_in("fastholdelse")] == [
        "trivsel",
        "fysisk-sundhed",
        "mental-sundhed",
    ]


def test_names_follow_the_language() -> None:
    card = CARDS[0]
    with translation.override("da"):
        assert str(card.name) == "Mentorordninger"
    with translation.override("en"):
        assert str(card.name) == "Mentoring schemes"
