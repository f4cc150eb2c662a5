"""A dialogue meeting, its groups, the workplace's own cards, the ratings and the follow-up.

Nothing here is about a person: ratings belong to a group at the table, never to an individual,
and the groups join without accounts.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from naervaer.codes import readable_code
from naervaer.dialogue.content import GOAL_BY_CODE, GOALS
from naervaer.people.models import Organisation


def new_join_code() -> str:
    """Six characters, easy to read off a screen across a room."""
    return readable_code(6)


class Meeting(models.Model):
    class Scope(models.TextChoices):
        ALL = "all", _("All three areas")
        UDVIKLING = "udvikling", _("Development only")
        RUMMELIGHED = "rummelighed", _("Inclusiveness only")
        FASTHOLDELSE = "fastholdelse", _("Retention only")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="dialogue_meetings"
    )
    title = models.CharField(_("title"), max_length=200)
    workplace = models.CharField(
        _("workplace"), max_length=200, blank=True, help_text=_("e.g. the unit or MED committee")
    )
    held_on = models.DateField(_("date"))
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices, default=Scope.ALL)
    planned_minutes = models.PositiveIntegerField(
        _("planned time (minutes)"),
        default=90,
        validators=[MinValueValidator(90, _("Set aside at least 1½ hours (90 minutes)."))],
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("leader"),
    )
    join_code = models.CharField(max_length=6, unique=True, default=new_join_code, editable=False)
    is_open = models.BooleanField(_("open for ratings"), default=True)
    current_card = models.CharField(max_length=60, blank=True)
    timer_started_at = models.DateTimeField(null=True, blank=True)
    summary = models.TextField(_("summing up"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dialogue meeting")
        verbose_name_plural = _("dialogue meetings")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def area(self) -> str | None:
        return None if self.scope == self.Scope.ALL else self.scope

    def seconds_left(self) -> int | None:
        if self.timer_started_at is None:
            return None
        spent = (timezone.now() - self.timer_started_at).total_seconds()
        return max(0, int(self.planned_minutes * 60 - spent))


def new_group_key() -> str:
    return secrets.token_urlsafe(9)


class Group(models.Model):
    """A table of 4–6 people, rating together from one phone or tablet.

    The device's address carries the group's key (not a cookie), so a phone in private mode, or
    a tablet passed around, stays with its group, and several groups can share one browser.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("name"), max_length=60)
    key = models.CharField(max_length=16, default=new_group_key, editable=False)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "name"], name="dialogue_group_unique")
        ]

    def __str__(self) -> str:
        return self.name


class OwnCard(models.Model):
    """One of the tool's blank cards, filled in with a measure of the workplace's own."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="own_cards")
    goal = models.CharField(_("goal"), max_length=30, choices=[(g.code, g.name.da) for g in GOALS])
    name = models.CharField(_("measure"), max_length=120)
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def code(self) -> str:
        return f"own-{self.pk}"


class Placement(models.Model):
    """A card the meeting has discussed and placed on the goal overview."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="placements")
    card = models.CharField(max_length=60)
    placed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["placed_at"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "card"], name="dialogue_placement_unique")
        ]

    def __str__(self) -> str:
        return self.card


class Rating(models.Model):
    """A group's rating of one card: 1 (low effort/results) to 5 (works well)."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="ratings")
    card = models.CharField(max_length=60)
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "card"], name="dialogue_rating_unique"),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="dialogue_rating_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.card}: {self.score}"


class FollowUp(models.Model):
    """One row of the follow-up scheme (opfølgningsskema), per goal."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="follow_ups")
    goal = models.CharField(_("goal"), max_length=30, choices=[(g.code, g.name.da) for g in GOALS])
    priority = models.TextField(_("what we will prioritise"), blank=True)
    aim = models.TextField(_("what we want to achieve"), blank=True)
    actions = models.TextField(_("what we can do"), blank=True)
    due = models.DateField(_("when"), null=True, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by whom"),
    )
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "goal"], name="dialogue_followup_unique")
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.goal}"

    @property
    def goal_name(self) -> str:
        return str(GOAL_BY_CODE[self.goal].name)
