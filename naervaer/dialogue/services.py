"""Running a dialogue meeting and summing up its ratings."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import formats, timezone

from naervaer.dialogue.content import AREAS, cards_in, goals_in
from naervaer.dialogue.models import Group, Meeting, OwnCard, Placement, Rating, new_join_code
from naervaer.people.models import Organisation

MAX_GROUPS = 20


@dataclass(frozen=True)
class CardView:
    code: str
    goal: str
    name: str
    description: str
    own: bool = False


def create_meeting(
    organisation: Organisation, leader: Any, *, groups: int, **fields: Any
) -> Meeting:
    """A meeting with ``groups`` groups named "Gruppe 1", "Gruppe 2", …, and a fresh join code."""
    for _attempt in range(10):
        try:
            with transaction.atomic():
                meeting = Meeting.objects.create(
                    organisation=organisation, leader=leader, join_code=new_join_code(), **fields
                )
                Group.objects.bulk_create(
                    Group(meeting=meeting, name=f"Gruppe {n}") for n in range(1, groups + 1)
                )
                return meeting
        except IntegrityError:  # the join code was taken (one in ~900 million per meeting)
            continue
    raise RuntimeError("no free join code")


def find_open_meeting(code: str) -> Meeting | None:
    code = "".join(code.split()).upper()
    return Meeting.objects.filter(join_code=code, is_open=True).first()


def cards_for(meeting: Meeting) -> list[CardView]:
    """The meeting's cards in board order: the tool's cards in scope, then its own cards."""
    cards = [
        CardView(c.code, c.goal, str(c.name), str(c.description)) for c in cards_in(meeting.area)
    ]
    goals = {g.code for g in goals_in(meeting.area)}
    cards += [
        CardView(o.code, o.goal, o.name, o.description, own=True)
        for o in meeting.own_cards.all()
        if o.goal in goals
    ]
    return cards


def card_codes(meeting: Meeting) -> set[str]:
    return {c.code for c in cards_for(meeting)}


def place(meeting: Meeting, code: str) -> None:
    """Put a card on the board as the one being discussed now."""
    Placement.objects.get_or_create(meeting=meeting, card=code)
    meeting.current_card = code
    meeting.save(update_fields=["current_card"])


def start_timer(meeting: Meeting) -> None:
    meeting.timer_started_at = timezone.now()
    meeting.save(update_fields=["timer_started_at"])


def rate(group: Group, code: str, score: int) -> Rating:
    rating, _created = Rating.objects.update_or_create(
        group=group, card=code, defaults={"score": score}
    )
    return rating


def add_own_card(meeting: Meeting, goal: str, name: str, description: str = "") -> OwnCard:
    return OwnCard.objects.create(meeting=meeting, goal=goal, name=name, description=description)


# --- Results -----------------------------------------------------------------------------------


@dataclass
class CardResult:
    card: CardView
    scores: list[int] = field(default_factory=list)
    placed: bool = False

    @property
    def average(self) -> float | None:
        return sum(self.scores) / len(self.scores) if self.scores else None


@dataclass
class GoalResult:
    code: str
    name: str
    area: str
    cards: list[CardResult]

    @property
    def average(self) -> float | None:
        """The mean of the card averages: each measure weighs the same, however many groups
        rated it."""
        averages = [c.average for c in self.cards if c.average is not None]
        return sum(averages) / len(averages) if averages else None


@dataclass
class AreaResult:
    code: str
    name: str
    goals: list[GoalResult]

    @property
    def average(self) -> float | None:
        averages = [g.average for g in self.goals if g.average is not None]
        return sum(averages) / len(averages) if averages else None


@dataclass
class Results:
    meeting: Meeting
    areas: list[AreaResult]
    groups_rating: int

    @property
    def cards(self) -> list[CardResult]:
        return [c for a in self.areas for g in a.goals for c in g.cards]

    def lowest_first(self) -> list[CardResult]:
        """Rated cards from the lowest average up: where the dialogue should go deeper."""
        rated = [c for c in self.cards if c.average is not None]
        return sorted(rated, key=lambda c: (c.average, c.card.name))

    def goal(self, code: str) -> GoalResult | None:
        return next((g for a in self.areas for g in a.goals if g.code == code), None)


def results(meeting: Meeting) -> Results:
    scores: dict[str, list[int]] = defaultdict(list)
    groups: set[int] = set()
    for code, score, group in Rating.objects.filter(group__meeting=meeting).values_list(
        "card", "score", "group_id"
    ):
        scores[code].append(score)
        groups.add(group)
    placed = set(meeting.placements.values_list("card", flat=True))
    by_goal: dict[str, list[CardResult]] = defaultdict(list)
    for card in cards_for(meeting):
        by_goal[card.goal].append(CardResult(card, scores.get(card.code, []), card.code in placed))
    areas = [
        AreaResult(
            a.code,
            str(a.name),
            [
                GoalResult(g.code, str(g.name), a.code, by_goal.get(g.code, []))
                for g in goals_in(a.code)
            ],
        )
        for a in AREAS
        if meeting.area in (None, a.code)
    ]
    return Results(meeting, areas, len(groups))


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The workplace's last earlier meeting with ratings, to compare with."""
    earlier = Meeting.objects.filter(
        organisation_id=meeting.organisation_id,
        held_on__lte=meeting.held_on,
        groups__ratings__isnull=False,
    ).exclude(pk=meeting.pk)
    if meeting.workplace:
        earlier = earlier.filter(workplace=meeting.workplace)
    earlier = earlier.exclude(held_on=meeting.held_on, pk__gt=meeting.pk)
    return earlier.distinct().order_by("-held_on", "-pk").first()


@dataclass(frozen=True)
class GoalComparison:
    code: str
    name: str
    now: float | None
    before: float | None

    @property
    def change(self) -> Decimal | None:
        """The change between the averages as shown (one decimal each), so 3,2 → 3,3 reads
        +0,1 and never +0,0."""
        if self.now is None or self.before is None:
            return None
        return one_decimal(self.now) - one_decimal(self.before)


def one_decimal(value: float) -> Decimal:
    """A rating rounded half up to one decimal (Django's number_format truncates floats)."""
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def format_rating(value: float | Decimal | None, *, signed: bool = False) -> str:
    """One decimal the Danish way ("2,5"); ``signed`` marks a change: "+0,1", "−0,1", "0,0"."""
    if value is None:
        return "–"
    rounded = one_decimal(float(value))
    text = formats.number_format(abs(rounded) if signed else rounded, 1)
    if signed and rounded > 0:
        return "+" + text
    if signed and rounded < 0:
        return "\u2212" + text
    return text


def compare(now: Results, before: Results) -> list[GoalComparison]:
    comparisons = []
    for area in now.areas:
        for goal in area.goals:
            old = before.goal(goal.code)
            comparisons.append(
                GoalComparison(goal.code, goal.name, goal.average, old.average if old else None)
            )
    return comparisons
