"""The senior policy and senior conversations.

As in the sickness-absence conversation, nothing medical is recorded: the conversation maps how
the work's demands fit the person's work ability as they see it, their wishes and the measures
agreed — never a diagnosis or an illness (Lov om brug af helbredsoplysninger).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from naervaer.people.models import Organisation, Person
from naervaer.rules.working_life import senior_conversation_due


class SeniorPolicy(models.Model):
    """An organisation's senior policy: from which age a senior conversation is offered, how
    often, what the workplace offers, in its own words."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="senior_policy"
    )
    from_age = models.PositiveSmallIntegerField(
        _("senior conversation from age"),
        default=60,
        validators=[MinValueValidator(40), MaxValueValidator(75)],
    )
    interval_months = models.PositiveSmallIntegerField(
        _("then every (months)"),
        default=12,
        validators=[MinValueValidator(3), MaxValueValidator(60)],
    )
    senior_days = models.DecimalField(
        _("senior days a year"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(20))],
        help_text=_("As agreed locally or in the collective agreement; empty if none."),
    )
    text = models.TextField(
        _("the policy"),
        max_length=8000,
        blank=True,
        help_text=_("What the workplace offers seniors and how the conversation is held."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("senior policy")
        verbose_name_plural = _("senior policies")

    def __str__(self) -> str:
        return str(self.organisation)

    def next_due(self, birth_date: dt.date, last_held: dt.date | None) -> dt.date:
        return senior_conversation_due(
            birth_date,
            from_age=self.from_age,
            interval_months=self.interval_months,
            last_held=last_held,
        )


class SeniorConversation(models.Model):
    """One senior conversation between an employee and their manager (or HR)."""

    class Balance(models.TextChoices):
        GOOD = "good", _("The demands fit the work ability well")
        STRAINED = "strained", _("Some demands weigh more than before")
        OUT_OF_BALANCE = "out_of_balance", _("The demands exceed what the person can keep doing")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="senior_conversations"
    )
    held_on = models.DateField(_("held on"))
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    balance = models.CharField(
        _("demands and work ability"), max_length=20, choices=Balance.choices
    )
    demands = models.TextField(
        _("what in the work weighs most"),
        max_length=2000,
        blank=True,
        help_text=_("E.g. lifting, pace, night shifts, new systems. Never illness or diagnoses."),
    )
    wishes = models.TextField(
        _("wishes for the last years of working life"),
        max_length=2000,
        blank=True,
        help_text=_("Hours, tasks, when and how to retire, passing on knowledge."),
    )
    fewer_hours = models.BooleanField(_("fewer hours"), default=False)
    other_tasks = models.BooleanField(_("other or fewer tasks"), default=False)
    no_night_shifts = models.BooleanField(_("no night or evening shifts"), default=False)
    senior_days = models.BooleanField(_("senior days"), default=False)
    training = models.BooleanField(_("training or new skills"), default=False)
    mentor = models.BooleanField(_("mentor for younger colleagues"), default=False)
    agreed = models.TextField(_("what was agreed"), max_length=4000, blank=True)
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    MEASURES = (
        "fewer_hours",
        "other_tasks",
        "no_night_shifts",
        "senior_days",
        "training",
        "mentor",
    )

    class Meta:
        verbose_name = _("senior conversation")
        verbose_name_plural = _("senior conversations")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.person} {self.held_on}"

    def clean(self) -> None:
        if self.follow_up_on and self.held_on and self.follow_up_on < self.held_on:
            raise ValidationError(
                {"follow_up_on": _("The follow-up cannot be before the conversation.")}
            )

    @property
    def measures(self) -> list[str]:
        return [
            str(field.verbose_name)
            for field in map(self._meta.get_field, self.MEASURES)
            if isinstance(field, models.Field) and getattr(self, field.name)
        ]
