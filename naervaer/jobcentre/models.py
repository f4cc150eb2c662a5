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
from naervaer.rules.jobcentre import Authority, Deadline, Held, Refund, Situation
from naervaer.rules.obligations import reassessment_due
from naervaer.rules.reassessment import Absence
from naervaer.rules.rulesets import LAW, Key, Limit


def employer_period_days(first_day: dt.date) -> int:
    """The employer period in force on the first sick day (SDPL § 30, stk. 1: 15, 21 and since
    2 January 2012 30 calendar days), from the employer side's dated series."""
    days: int = LAW.rule(Key.EMPLOYER_PERIOD_DAYS).get(first_day, 30)
    return days


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
    benefit_from = models.DateField(
        _("sickness benefit from the municipality from"),
        null=True,
        blank=True,
        help_text=_(
            "The first day the municipality pays (for an employee, after the employer period). "
            "Empty: estimated as the first sick day + 30 days for an employee."
        ),
    )
    expected_back_within_26_weeks = models.BooleanField(
        _("expected back at work within 26 weeks"),
        null=True,
        blank=True,
        help_text=_(
            "Under the 2026 reform an employee expected back within 26 weeks is, as a starting "
            "point, exempt from the municipality's follow-up."
        ),
    )
    light_follow_up = models.BooleanField(
        _("light follow-up (§ 13 f)"),
        default=False,
        help_text=_(
            "From 2025: an employee with a predictable course, expected back within 13 weeks of "
            "the first follow-up, gets only that follow-up and a check on the return."
        ),
    )
    rule_set = models.CharField(
        _("rules"),
        max_length=20,
        blank=True,
        choices=[
            ("", _("The law on each date")),
            ("seed-2008", _("The 2008 rules (seed)")),
        ],
        help_text=_(
            "Normally the law as it reads on the date each rule looks at; the 2008 rules for "
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
    def rules(self) -> rules.RuleBook:
        return rules.book(self.rule_set)

    @property
    def employed(self) -> bool:
        return self.status == self.Status.EMPLOYED

    def situation(self) -> Situation:
        return rules.Situation(
            employed=self.employed,
            expected_back_within_26_weeks=self.expected_back_within_26_weeks,
            light_follow_up=self.light_follow_up,
        )

    def held(self) -> list[Held]:
        return [
            rules.Held(c.held_on, rules.Category(c.category), c.next_planned_on)
            for c in self.conversations.all()
        ]

    def authority(self, on: dt.date) -> Authority:
        """The job centre, or the municipality under the 2026 reform (for the texts)."""
        return rules.authority(self.rules, on)

    def next_follow_up(self) -> Deadline | None:
        if self.closed_on:
            return None
        return rules.next_follow_up(self.first_day, self.held(), self.rules, self.situation())

    def next_due(self) -> dt.date | None:
        deadline = self.next_follow_up()
        return deadline.due if deadline else None

    def plan_deadline(self) -> Deadline | None:
        if self.closed_on or self.plan_made_on:
            return None
        return rules.plan_due(self.first_day, self.held(), self.rules, self.situation())

    def plan_due(self) -> dt.date | None:
        deadline = self.plan_deadline()
        return deadline.due if deadline else None

    def meeting_deadline(self) -> Deadline | None:
        """A round-table or tripartite meeting within 14 days of inclusion (seed 003: the IBBIS
        trial's practice, not law) for the cases at risk or long: inclusion is the screening."""
        if (
            self.closed_on
            or self.screened_on is None
            or self.category not in (2, 3)
            or len(self.meetings.all()) > 0  # uses a prefetched list when there is one
        ):
            return None
        return rules.round_table_due(self.screened_on, self.rules)

    def meeting_due(self) -> dt.date | None:
        deadline = self.meeting_deadline()
        return deadline.due if deadline else None

    def info_form_deadline(self) -> Deadline | None:
        if self.info_form_sent_on is None or self.info_form_returned_on:
            return None
        return rules.info_form_due(self.info_form_sent_on, self.rules)

    def info_form_due(self) -> dt.date | None:
        deadline = self.info_form_deadline()
        return deadline.due if deadline else None

    def benefit_start(self) -> tuple[dt.date, bool]:
        """The first day of the municipality's benefit, and whether it is an estimate."""
        if self.benefit_from:
            return self.benefit_from, False
        if self.employed:
            return self.first_day + dt.timedelta(days=employer_period_days(self.first_day)), True
        return self.first_day, True

    def reassessment(self) -> tuple[dt.date, Limit] | None:
        """§ 24: the month-end at which sickness benefit stops unless the municipality extends
        it, and the limit that gives it; counted as for the employer's case (an employee's
        employer period left out)."""
        start, _estimate = self.benefit_start()
        absence = Absence(self.first_day, self.closed_on, (start - self.first_day).days)
        found = reassessment_due([absence])
        return (found[0], found[1].value) if found else None

    def benefit_periods(self, on: dt.date) -> list[tuple[dt.date, dt.date]]:
        """This case's benefit up to ``on``, and the earlier periods on public benefit entered
        for the citizen (the refund counts weeks with any public benefit)."""
        start, _estimate = self.benefit_start()
        end = min(self.closed_on or on, on)
        periods = [(p.start, min(p.end, on)) for p in self.earlier_benefits.all() if p.start <= on]
        return periods + ([(start, end)] if start <= end else [])

    def active_hours(self, on: dt.date) -> Decimal:
        return sum((a.hours_per_week for a in self.activities.all() if a.covers(on)), Decimal(0))

    def refund(self, on: dt.date) -> Refund:
        """The state refund in ``on``'s calendar week, by the weeks with benefit in this case."""
        return rules.refund(on, self.benefit_periods(on), self.rules, float(self.active_hours(on)))

    def refund_percent(self, on: dt.date) -> int | None:
        return self.refund(on).percent


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
    next_planned_on = models.DateField(
        _("next follow-up planned for"),
        null=True,
        blank=True,
        help_text=_("Where the law leaves the timing to you: the date you plan with the citizen."),
    )
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


class EarlierBenefit(models.Model):
    """An earlier period on public benefit (any kind: sickness benefit, unemployment benefit,
    cash benefit …). The state refund counts weeks with benefit across them, and starts over
    only after 52 weeks without benefit within 3 years (refund law §§ 5–6)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="earlier_benefits")
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))

    class Meta:
        ordering = ["start", "pk"]

    def __str__(self) -> str:
        return f"{self.start:%d.%m.%Y}–{self.end:%d.%m.%Y}"
