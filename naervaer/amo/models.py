"""The AMO's records. None holds a person's absence: statistics enter only as snapshots of
groups of at least five people (``naervaer.rules.disclosure``), and a problem report may be
anonymous."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from naervaer.amo.content import PLATFORMS
from naervaer.codes import readable_code
from naervaer.people.models import Organisation, Unit


def receipt_code() -> str:
    """A receipt code a reporter can read aloud or type on a phone, like "K7QP-3MXA"."""
    return f"{readable_code(4)}-{readable_code(4)}"


class Process(models.Model):
    """One run of the 4-step model, over (typically) four AMO meetings."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveIntegerField(_("year"))
    # Step 1's facts: the AMO's statistics (groups of 5+) as they were when the mapping began.
    snapshot = models.JSONField(null=True, blank=True)
    snapshot_taken_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-pk"]
        verbose_name = _("4-step process")

    def __str__(self) -> str:
        return self.title


class MappingAnswer(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(max_length=40)
    answer = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["process", "question"], name="amo_answer_unique")
        ]

    def __str__(self) -> str:
        return self.question


class Theme(models.Model):
    """Something the mapping found, placed in the matrix "affects few/many × small/large
    effect" in step 2."""

    class Reach(models.TextChoices):
        FEW = "few", _("Affects few")
        MANY = "many", _("Affects many")

    class Effect(models.TextChoices):
        SMALL = "small", _("Small effect")
        LARGE = "large", _("Large effect")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField(_("theme"), max_length=200)
    description = models.TextField(_("what the mapping showed"), blank=True)
    reach = models.CharField(_("reach"), max_length=10, choices=Reach.choices, blank=True)
    effect = models.CharField(_("effect"), max_length=10, choices=Effect.choices, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class ActionPlan(models.Model):
    """Step 2's action plan ("Værktøj: Handleplan"), evaluated in step 4."""

    class Decision(models.TextChoices):
        CONTINUE = "continue", _("Continue")
        MORE = "more", _("Needs more action")
        CLOSE = "close", _("Close: done")

    class Progress(models.TextChoices):
        YES = "yes", _("As planned")
        PARTLY = "partly", _("Partly")
        NO = "no", _("Not as planned")

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="actions", null=True, blank=True
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    theme = models.ForeignKey(
        Theme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("theme"),
    )
    challenge = models.TextField(_("what is the challenge?"))
    solution = models.TextField(_("how will it be solved?"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible"),
        help_text=_("Gets the deadline and follow-up in their reminders and calendar."),
    )
    responsible_text = models.CharField(
        _("responsible (as written)"),
        max_length=200,
        blank=True,
        help_text=_('e.g. "Head of department X, AMR and the work-environment officer"'),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    follow_up_on = models.DateField(_("follow-up"), null=True, blank=True)
    information = models.TextField(_("who is informed, and when?"), blank=True)
    # Step 4
    progress = models.CharField(
        _("going as planned?"), max_length=10, choices=Progress.choices, blank=True
    )
    results = models.TextField(_("results"), blank=True)
    right_action = models.BooleanField(_("the right action"), null=True)
    right_people = models.BooleanField(_("the right people involved"), null=True)
    learned = models.TextField(_("what we learned"), blank=True)
    decision = models.CharField(_("what now"), max_length=10, choices=Decision.choices, blank=True)
    evaluated_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return self.challenge[:60]

    @property
    def is_open(self) -> bool:
        return self.decision != self.Decision.CLOSE


class InformationItem(models.Model):
    """Step 3's information plan, one row ("Værktøj: Plan for at informere")."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="information")
    what = models.CharField(_("what to inform about"), max_length=300)
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    recipients = models.CharField(_("main recipients"), max_length=200, blank=True)
    platform = models.CharField(
        _("platform"), max_length=20, choices=[(c, t.da) for c, t in PLATFORMS]
    )
    frequency = models.CharField(_("how often"), max_length=100, blank=True)
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)
    involve = models.CharField(_("others to involve"), max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.what


class RoleAnswer(models.Model):
    """The roles-and-cooperation overview: the organisation's answer to one question."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    question = models.CharField(max_length=40)
    answer = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "question"], name="amo_role_unique")
        ]

    def __str__(self) -> str:
        return self.question


class ApvProblem(models.Model):
    """A problem in the workplace risk assessment (APV) register."""

    class Priority(models.TextChoices):
        HIGH = "high", _("High")
        MEDIUM = "medium", _("Medium")
        LOW = "low", _("Low")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        SOLVED = "solved", _("Solved")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("problem"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    place = models.CharField(_("where"), max_length=200, blank=True)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM
    )
    action = models.ForeignKey(
        ActionPlan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("action plan"),
    )
    follow_up_guidelines = models.TextField(_("guidelines for follow-up"), blank=True)
    # The unit's absence figures at the time, for a group of at least five people only.
    evidence = models.JSONField(null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["state", "priority", "-created_at"]
        verbose_name = _("APV problem")

    def __str__(self) -> str:
        return self.title


class ProblemReport(models.Model):
    """A "yellow note": a work-environment problem reported by anyone, anonymously if they wish.

    With anonymity nothing identifies the reporter: no user, no name, no address; only the
    receipt code, which they keep, lets them follow it.
    """

    class State(models.TextChoices):
        NEW = "new", _("Received")
        IN_PROGRESS = "in_progress", _("Being handled")
        AGENDA = "agenda", _("On the AMO's quarterly meeting")
        APV = "apv", _("Moved into the APV")
        CLOSED = "closed", _("Solved")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=9, unique=True, default=receipt_code, editable=False)
    what = models.TextField(_("what is the problem?"))
    place = models.CharField(_("where?"), max_length=200, blank=True)
    suggestion = models.TextField(_("a suggestion for a solution"), blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reporter_name = models.CharField(_("your name"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.NEW)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible"),
    )
    follow_up_on = models.DateField(_("follow-up date"), null=True, blank=True)
    outcome = models.TextField(
        _("what was done"),
        blank=True,
        help_text=_("The reporter sees this when they follow the report by its code."),
    )
    apv_problem = models.ForeignKey(
        ApvProblem, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]  # anonymous reports keep the day only
        verbose_name = _("problem report")

    def __str__(self) -> str:
        return self.code

    @property
    def anonymous(self) -> bool:
        return self.reporter_id is None and not self.reporter_name


def report_token() -> str:
    return secrets.token_urlsafe(18)  # 24 characters


class ReportLink(models.Model):
    """The organisation's public address for problem reports (a poster with a QR code), for
    colleagues without a Nærvær login. The token is the key; it can be renewed."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="report_link"
    )
    token = models.CharField(max_length=32, unique=True, default=report_token)

    def __str__(self) -> str:
        return str(self.organisation)


class AnnualDiscussion(models.Model):
    """The annual work-environment discussion (årlig arbejdsmiljødrøftelse), in writing."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField(_("year"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    participants = models.TextField(
        _("participants"),
        blank=True,
        help_text=_(
            "In organisations of more than ten employees the discussion is held in the AMO, with a "
            "manager who can make decisions."
        ),
    )
    focus = models.TextField(_("focus for the coming year, including sickness absence"), blank=True)
    cooperation = models.TextField(_("how the cooperation will work"), blank=True)
    goals_met = models.TextField(_("were last year's goals met?"), blank=True)
    next_goals = models.TextField(_("goals for the coming year"), blank=True)
    competences = models.TextField(_("does the AMO have the right competences?"), blank=True)
    basis = models.JSONField(null=True, blank=True)  # what the year's work showed, frozen
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="amo_annual_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}"
