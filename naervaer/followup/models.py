"""The follow-up of each absence: its case, the obligations the rules give it, and what was done.

A *case* is one continuous absence (see ``naervaer.rules.obligations``), anchored on its first
spell. Obligations are computed by the rules core and stored, so that reminders, the front page
and calendar feeds can query them; they are recomputed whenever the absence changes, and those
that no longer apply are closed with the reason.

Privacy by design: nothing here records what the illness is. The conversation record holds only
the four topics the law on health information allows a manager to ask about.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from naervaer.absence.models import AbsenceSpell
from naervaer.people.models import Organisation, Person
from naervaer.rules.obligations import Code


class AbsencePolicy(models.Model):
    """An organisation's absence policy: when frequent absence calls for a care conversation."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="absence_policy"
    )
    care_spells = models.PositiveSmallIntegerField(
        _("absences that call for a care conversation"), default=3
    )
    care_within_days = models.PositiveSmallIntegerField(_("within (days)"), default=183)
    bradford_threshold = models.PositiveIntegerField(
        _("Bradford factor threshold"),
        null=True,
        blank=True,
        help_text=_("Optional: spells² × days absent over the last 12 months."),
    )
    care_conversation_within_days = models.PositiveSmallIntegerField(
        _("hold the care conversation within (days)"), default=14
    )
    remind_managers = models.BooleanField(_("e-mail reminders to managers"), default=True)
    remind_hr = models.BooleanField(_("e-mail reminders to HR"), default=True)
    retention_years = models.PositiveSmallIntegerField(
        _("keep absence data for (years)"),
        default=5,
        help_text=_(
            "'naervaer retention' deletes absence that ended longer ago, and anonymises people "
            "who left longer ago."
        ),
    )

    class Meta:
        verbose_name = _("absence policy")
        verbose_name_plural = _("absence policies")

    def __str__(self) -> str:
        return f"{self.organisation}"


class Case(models.Model):
    spell = models.OneToOneField(AbsenceSpell, on_delete=models.CASCADE, related_name="case")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="cases")
    first_day = models.DateField(_("first day of absence"))
    last_day = models.DateField(_("last day of absence"), null=True, blank=True)
    expected_over_8_weeks = models.BooleanField(
        _("expected to last more than 8 weeks"), null=True, blank=True
    )
    eight_week_answered_on = models.DateField(_("answered on"), null=True, blank=True)
    retention_plan_requested_on = models.DateField(
        _("retention plan requested on"), null=True, blank=True
    )

    class PlanDecision(models.TextChoices):
        UNDECIDED = "", _("Not decided yet")
        AGREED = "agreed", _("The employer agreed to make a plan")
        DECLINED = "declined", _("The employer declined (§ 7 b, stk. 2)")

    retention_plan_decision = models.CharField(
        _("the employer's answer to the request"),
        max_length=10,
        choices=PlanDecision.choices,
        blank=True,
    )
    expected_over_26_weeks = models.BooleanField(
        _("expected to last more than 26 weeks"), null=True, blank=True
    )
    early_followup_requested_on = models.DateField(
        _("early follow-up requested on"), null=True, blank=True
    )
    hours_worked_8_weeks = models.DecimalField(
        _("hours worked in the 8 weeks before the absence"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Leave empty to estimate it as weekly hours × 8."),
    )

    class Meta:
        verbose_name = _("follow-up case")
        verbose_name_plural = _("follow-up cases")
        ordering = ["-first_day"]

    def __str__(self) -> str:
        return f"{self.person} {self.first_day:%Y-%m-%d}"


class Obligation(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("To do")
        DONE = "done", _("Done")
        CLOSED = "closed", _("Not needed")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="obligations")
    code = models.CharField(max_length=40, choices=[(c.value, c.value) for c in Code])
    due = models.DateField(_("due"), db_index=True, null=True, blank=True)  # None: no deadline
    actor = models.CharField(max_length=20)
    optional = models.BooleanField(default=False)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    # A code from ``naervaer.rules.obligations.Reason`` with its parameters; the words are the
    # UI's (``labels.reason_text``), so changing a rule's value cannot break a translation.
    reason = models.CharField(max_length=300, blank=True)
    params = models.JSONField(default=dict, blank=True)
    source = models.CharField(max_length=500, blank=True)
    source_url = models.URLField(max_length=500, blank=True)
    verified = models.BooleanField(default=True)
    done_on = models.DateField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "code"], name="obligation_unique_code"),
        ]
        indexes = [
            models.Index(fields=["state", "due"]),
            # One kind of open step, soonest first: the early warning's care conversations
            # (919 of 5,480 open steps at 50,000 employees) without reading the others.
            models.Index(fields=["code", "state", "due"], name="obligation_code_state_due"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.due:%Y-%m-%d}" if self.due else self.code


class Conversation(models.Model):
    """A sickness-absence or care conversation, recorded on the four permitted topics only."""

    class Kind(models.TextChoices):
        ABSENCE = "absence", _("Sickness-absence conversation")
        CARE = "care", _("Care conversation")

    class Form(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        PHONE = "phone", _("Phone")
        VIDEO = "video", _("Video")

    class Companion(models.TextChoices):
        NONE = "", _("None")
        AMR = "amr", _("Work-environment representative (AMR)")
        TR = "tr", _("Union representative (TR)")
        OTHER = "other", _("Someone else the employee chose")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="conversations")
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, null=True, blank=True, related_name="conversations"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    held_on = models.DateField(_("held on"))
    form = models.CharField(_("form"), max_length=10, choices=Form.choices)
    participants = models.CharField(_("participants"), max_length=300, blank=True)
    companion = models.CharField(
        _("companion"), max_length=10, choices=Companion.choices, blank=True
    )
    expected_duration = models.TextField(_("expected duration"), blank=True)
    functions = models.TextField(_("what the employee can and cannot do"), blank=True)
    workplace_factors = models.TextField(_("factors at the workplace"), blank=True)
    support = models.TextField(_("how the workplace can support a return"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%Y-%m-%d}"


class RetentionPlan(models.Model):
    """A fastholdelsesplan: measures for a quick, lasting return, and a gradual-return schedule."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="plan")
    gradual_return = models.BooleanField(_("gradual return"), default=False)
    changed_tasks = models.BooleanField(_("changed tasks for a period"), default=False)
    aids = models.BooleanField(_("aids (hjælpemidler)"), default=False)
    adjustments = models.BooleanField(_("adjustments at the workplace"), default=False)
    measures = models.TextField(_("what we do"), blank=True)
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)
    next_follow_up = models.DateField(_("next follow-up"), null=True, blank=True)
    employee_view = models.TextField(_("the employee's view"), blank=True)
    contact_name = models.CharField(_("employer's contact person"), max_length=200, blank=True)
    contact_phone = models.CharField(_("contact person's phone"), max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("retention plan")
        verbose_name_plural = _("retention plans")

    def __str__(self) -> str:
        return f"{self.case}"


class GradualStep(models.Model):
    """From ``from_day``, the employee works ``hours_per_week`` (a step of a gradual return)."""

    plan = models.ForeignKey(RetentionPlan, on_delete=models.CASCADE, related_name="steps")
    from_day = models.DateField(_("from"))
    hours_per_week = models.DecimalField(
        _("hours per week at work"), max_digits=5, decimal_places=2
    )

    class Meta:
        ordering = ["from_day"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "from_day"], name="gradual_step_unique_day"),
        ]

    def __str__(self) -> str:
        return f"{self.from_day:%Y-%m-%d}: {self.hours_per_week}"


class CalendarFeed(models.Model):
    """A private iCalendar address for a user's deadlines, to subscribe to in Outlook or Google.

    Calendar programs cannot log in, so the address itself is the secret: long, random, and
    replaceable by the user at any time. Events carry initials, not names, because calendars
    are often shared.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user}"


class PossibilityStatement(models.Model):
    """A mulighedserklæring (seed 001, proposal 26; seed 002).

    Part 1 is filled in by the manager with the employee: the work functions and how the
    employee's limitations in work capacity affect them, and any agreed adjustments. The employee
    takes it to their doctor, who fills in part 2; Nærvær records only the conclusions on the
    work functions, nothing medical. The employer pays the doctor's fee.
    """

    class Conclusion(models.TextChoices):
        WORK_AS_DESCRIBED = "as_described", _("The work as described is justifiable")
        FURTHER_ADJUSTMENT = "adjust", _("The work should be adjusted further")
        ABSENCE_ADVISED = "absence", _("Absence from work is advised")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="statements")
    filled_on = models.DateField(_("part 1 filled in on"))
    normal_tasks = models.TextField(_("the work functions the employee normally performs"))
    limitations = models.TextField(
        _("limitations in work capacity and how they affect these functions"),
        help_text=_("Describe what the employee can and cannot do at work, not the illness."),
    )
    agreed_adjustments = models.TextField(
        _("adjustments agreed between employer and employee"),
        blank=True,
        help_text=_(
            "E.g. relocation, changed tasks, working from home, help from colleagues, "
            "support from the manager, physical training."
        ),
    )
    reply_by = models.DateField(_("the doctor's statement is wanted by"), null=True, blank=True)
    contact_name = models.CharField(_("employer's contact person"), max_length=200, blank=True)
    contact_phone = models.CharField(_("contact person's phone"), max_length=40, blank=True)
    part2_received_on = models.DateField(_("part 2 received on"), null=True, blank=True)
    conclusion = models.CharField(
        _("the doctor's conclusion"), max_length=20, choices=Conclusion.choices, blank=True
    )
    doctor_adjustments = models.TextField(_("further adjustments the doctor suggests"), blank=True)
    expected_duration = models.CharField(
        _("how long adjustment or absence is expected"), max_length=200, blank=True
    )
    fee = models.DecimalField(
        _("doctor's fee (DKK)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    fee_paid_on = models.DateField(_("fee paid on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("possibility statement")
        verbose_name_plural = _("possibility statements")
        ordering = ["-filled_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.case} {self.filled_on:%Y-%m-%d}"


class Section56Agreement(models.Model):
    """A § 56 agreement: for a chronic or long-term illness, refund from the first absence day for
    absence due to that illness. The illness itself is not recorded here, only the agreement."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="section56_agreements"
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    approved_on = models.DateField(_("approved by the municipality on"), null=True, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("§ 56 agreement")
        verbose_name_plural = _("§ 56 agreements")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="section56_valid_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.valid_from:%Y-%m-%d}"

    def covers(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)
