"""A job centre's cases. They belong to the job-centre organisation and are never visible to
an employer's users; they hold nothing medical, only what the follow-up needs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from naervaer.people.models import Organisation, validate_cvr
from naervaer.rules import jobcentre as rules


class Case(models.Model):
    class Status(models.TextChoices):
        EMPLOYED = "employed", _("Employed")
        UNEMPLOYED = "unemployed", _("Insured unemployed")
        CASH_BENEFIT = "cash_benefit", _("On cash benefit")

    class Category(models.IntegerChoices):
        QUICK = 1, _("1: expected quick return")
        AT_RISK = 2, _("2: risk of long absence")
        LONG = 3, _("3: known to be long")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    citizen = models.CharField(_("citizen"), max_length=200)
    reference = models.CharField(
        _("case number"), max_length=40, blank=True, help_text=_("The municipality's own number")
    )
    status = models.CharField(_("situation"), max_length=20, choices=Status.choices)
    employer = models.CharField(_("employer"), max_length=200, blank=True)
    employer_cvr = models.CharField(
        _("employer's CVR number"), max_length=8, blank=True, validators=[validate_cvr]
    )
    first_day = models.DateField(_("first sick day"))
    reported_on = models.DateField(_("report received"), null=True, blank=True)
    info_form_sent_on = models.DateField(_("information form sent"), null=True, blank=True)
    info_form_returned_on = models.DateField(_("information form returned"), null=True, blank=True)
    over_8_weeks = models.BooleanField(
        _("expected to last more than 8 weeks"), null=True, blank=True
    )
    retention_plan = models.TextField(
        _("retention plan from the employer"),
        blank=True,
        help_text=_("What the plan the citizen brings says (gradual return, tasks, aids)."),
    )
    retention_plan_document = models.FileField(
        _("the retention plan as a document"),
        upload_to="jobcentre/retention-plans/%Y/",
        blank=True,
        validators=[FileExtensionValidator(["pdf", "docx", "doc", "odt", "png", "jpg", "jpeg"])],
        help_text=_("PDF, Word or a photo. Shown only to the job centre's caseworkers."),
    )
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("caseworker"),
    )
    category = models.PositiveSmallIntegerField(
        _("category"), choices=Category.choices, null=True, blank=True
    )
    rule_set = models.CharField(
        _("rules"),
        max_length=20,
        blank=True,
        choices=[
            ("", _("Those in force on the first sick day")),
            ("seed-2008", _("The 2008 rules (seed)")),
            ("current", _("Current rules")),
        ],
        help_text=_(
            "Normally the rules in force on the first sick day; the 2008 rules for "
            "comparison with the seed's model (refund by activity)."
        ),
    )
    screened_on = models.DateField(_("screened"), null=True, blank=True)
    plan = models.TextField(_("follow-up plan"), blank=True)
    plan_made_on = models.DateField(_("plan made"), null=True, blank=True)
    closed_on = models.DateField(_("back at work or closed"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["first_day", "pk"]
        verbose_name = _("sickness case")

    def __str__(self) -> str:
        return f"{self.citizen} ({self.first_day:%d.%m.%Y})"

    @property
    def rules(self) -> rules.JobcentreRules:
        if self.rule_set:
            return rules.RULE_SETS[self.rule_set]
        return rules.rules_for(self.first_day)

    def held(self) -> list[rules.Held]:
        return [rules.Held(c.held_on, rules.Category(c.category)) for c in self.conversations.all()]

    def next_due(self) -> dt.date | None:
        if self.closed_on:
            return None
        return rules.next_follow_up_due(self.first_day, self.held(), self.rules)

    def plan_due(self) -> dt.date | None:
        if self.closed_on or self.plan_made_on:
            return None
        return rules.plan_due(self.first_day, self.held(), self.rules)

    def meeting_due(self) -> dt.date | None:
        """A round-table or tripartite meeting within 14 days of inclusion (seed 003), for the
        cases at risk or long: inclusion is the screening."""
        rule = self.rules.round_table_days
        if (
            rule is None
            or self.closed_on
            or self.screened_on is None
            or self.category not in (2, 3)
            or len(self.meetings.all()) > 0  # uses a prefetched list when there is one
        ):
            return None
        return self.screened_on + dt.timedelta(days=rule.value)

    def info_form_due(self) -> dt.date | None:
        if self.info_form_sent_on is None or self.info_form_returned_on:
            return None
        return self.info_form_sent_on + dt.timedelta(days=self.rules.info_form_days.value)

    def active_hours(self, on: dt.date) -> Decimal:
        return sum((a.hours_per_week for a in self.activities.all() if a.covers(on)), Decimal(0))

    def refund_percent(self, on: dt.date) -> int:
        week = rules.sickness_week(self.first_day, on)
        return rules.refund_percent(self.rules, week, float(self.active_hours(on)))


class Conversation(models.Model):
    """A follow-up conversation: the category given there, and the assessment of gradual
    return (the starting point unless the illness prevents it, seed 001 proposal 19)."""

    class Gradual(models.TextChoices):
        STARTED = "started", _("Gradual return started")
        PLANNED = "planned", _("Gradual return planned")
        NOT_YET = "not_yet", _("Not yet: the illness prevents it for now")
        FULL = "full", _("Back in full")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="conversations")
    held_on = models.DateField(_("held on"))
    category = models.PositiveSmallIntegerField(_("category"), choices=Case.Category.choices)
    gradual_return = models.CharField(_("gradual return"), max_length=10, choices=Gradual.choices)
    more_information = models.CharField(
        _("more information needed"),
        max_length=200,
        blank=True,
        help_text=_("e.g. a medical certificate (mulighedserklæring, status from the doctor)"),
    )
    involve_workplace = models.BooleanField(_("involve the workplace"), default=False)
    involve_doctor = models.BooleanField(_("involve the doctor"), default=False)
    entitled = models.BooleanField(_("still entitled to sickness benefit"), default=True)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.case}: {self.held_on}"


class Meeting(models.Model):
    class Kind(models.TextChoices):
        ROUND_TABLE = "round_table", _("Round-table meeting")
        TRIPARTITE = "tripartite", _("Tripartite meeting (with the health professional)")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    held_on = models.DateField(_("held on"))
    participants = models.CharField(
        _("participants"),
        max_length=300,
        help_text=_("e.g. the citizen, the manager, the doctor or psychologist, the a-kasse"),
    )
    agreed_plan = models.TextField(_("agreed plan"), blank=True)

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"


class Activity(models.Model):
    """Being active while sick: a partial return or an active offer, in hours per week."""

    class Kind(models.TextChoices):
        PARTIAL_RETURN = "partial_return", _("Partial return to work")
        GUIDANCE = "guidance", _("Guidance and upskilling")
        INTERNSHIP = "internship", _("Company internship")
        WAGE_SUBSIDY = "wage_subsidy", _("Wage subsidy")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal(60))],
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        ordering = ["start", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.hours_per_week} h/week"

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)
