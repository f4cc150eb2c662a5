"""Work accidents, near misses and round-table meetings.

Privacy by design: what happened and why is recorded, because that is what prevents the next
accident; the injury, its treatment and any diagnosis are not, and no field may ever hold them
(Lov om brug af helbredsoplysninger; DOMAIN.md, "Privacy"). The EASY report itself holds what
the authorities need; Nærvær keeps its date and reference.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from naervaer.absence.models import AbsenceSpell
from naervaer.people.models import Organisation, Person, Unit
from naervaer.rules.working_life import AccidentReport, work_accident_report


class WorkAccident(models.Model):
    """A work accident that hurt someone, or a near miss that could have."""

    class Kind(models.TextChoices):
        ACCIDENT = "accident", _("Work accident")
        NEAR_MISS = "near_miss", _("Near miss")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ACCIDENT)
    happened_on = models.DateField(_("date of the accident"))
    # The register outlives a unit that is closed: the accident stays, without its unit.
    unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("where (unit)"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="work_accidents",
        verbose_name=_("injured employee"),
    )
    spell = models.OneToOneField(
        AbsenceSpell,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="work_accident",
        verbose_name=_("the absence it caused"),
    )
    what_happened = models.TextField(
        _("what happened"),
        max_length=2000,
        help_text=_(
            "The course of events and the circumstances: task, place, equipment, time pressure. "
            "Never the injury, treatment or any diagnosis."
        ),
    )
    cause = models.TextField(_("why it could happen"), max_length=2000, blank=True)
    may_give_compensation = models.BooleanField(
        _("may give compensation"),
        default=False,
        help_text=_(
            "E.g. treatment costs or lasting effects expected, even without absence: then the "
            "accident must be reported too."
        ),
    )
    absent_days_beyond = models.PositiveSmallIntegerField(
        _("days absent after the day of the accident"),
        null=True,
        blank=True,
        help_text=_("Calendar days, weekends included. Taken from the absence when linked."),
    )
    reported_on = models.DateField(_("reported in EASY on"), null=True, blank=True)
    easy_reference = models.CharField(_("EASY reference"), max_length=40, blank=True)
    apv_problem = models.ForeignKey(
        # By name: the AMO's app reads accidents for its annual discussion, so workinjury
        # must not import it (docs/architecture.md, "Who may import whom").
        "amo.ApvProblem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("APV problem"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("work accident")
        verbose_name_plural = _("work accidents")
        ordering = ["-happened_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="near_miss", person__isnull=True, spell__isnull=True)
                | Q(kind="accident"),
                name="near_miss_has_no_injured",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.happened_on}"

    def clean(self) -> None:
        if self.kind == self.Kind.NEAR_MISS and (self.person_id or self.spell_id):
            raise ValidationError(_("A near miss hurt nobody: leave the employee empty."))
        if self.kind == self.Kind.ACCIDENT and not self.person_id:
            raise ValidationError({"person": _("Choose the employee who was hurt.")})
        if self.reported_on and self.happened_on and self.reported_on < self.happened_on:
            raise ValidationError({"reported_on": _("The report cannot be before the accident.")})

    def days_absent(self, today: dt.date) -> int:
        """Calendar days of absence after the day of the accident, from the linked absence when
        there is one (while it lasts, up to today)."""
        if self.spell is not None:
            last = self.spell.last_day or today
            start = max(self.spell.first_day, self.happened_on + dt.timedelta(days=1))
            return max(0, (last - start).days + 1)
        return self.absent_days_beyond or 0

    def report(self, today: dt.date) -> AccidentReport | None:
        """The duty to report, by the rules in force; ``None`` for a near miss (no duty)."""
        if self.kind == self.Kind.NEAR_MISS:
            return None
        return work_accident_report(
            self.happened_on,
            self.days_absent(today),
            may_give_compensation=self.may_give_compensation,
        )


class RoundTableMeeting(models.Model):
    """A round-table meeting for a work-injured employee with the municipality, the union, the
    insurer and the doctor (seed 000: early effort, the Fastholdelsescenter), and the plan it
    agreed: tasks, hours, aids and who does what — never medical details."""

    accident = models.ForeignKey(
        WorkAccident, on_delete=models.CASCADE, related_name="round_tables"
    )
    held_on = models.DateField(_("held on"))
    with_employee = models.BooleanField(_("the employee"), default=True)
    with_municipality = models.BooleanField(_("the municipality"), default=False)
    with_union = models.BooleanField(_("the union"), default=False)
    with_insurer = models.BooleanField(_("the insurer"), default=False)
    with_doctor = models.BooleanField(_("the doctor"), default=False)
    agreed_plan = models.TextField(
        _("agreed plan"),
        max_length=4000,
        help_text=_("Tasks, hours, aids, training and who does what. Nothing medical."),
    )
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("round-table meeting")
        verbose_name_plural = _("round-table meetings")
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.accident} – {self.held_on}"

    def clean(self) -> None:
        if self.follow_up_on and self.held_on and self.follow_up_on < self.held_on:
            raise ValidationError(
                {"follow_up_on": _("The follow-up cannot be before the meeting.")}
            )

    @property
    def participants(self) -> list[str]:
        names = (
            (self.with_employee, _("the employee")),
            (self.with_municipality, _("the municipality")),
            (self.with_union, _("the union")),
            (self.with_insurer, _("the insurer")),
            (self.with_doctor, _("the doctor")),
        )
        return [str(name) for present, name in names if present]
