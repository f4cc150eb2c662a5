"""A fleksjob: an employment on special terms for someone with a permanently reduced work
ability, granted by the municipality (lov om en aktiv beskæftigelsesindsats, kapitel 20).

Nothing about the reduced work ability itself is recorded — only the terms of the job.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from naervaer.people.models import Employment, Sector
from naervaer.rules.working_life import BonusEligibility, fleksjob_bonus

SMALL_HOURS = Decimal(10)  # seed 000: "fleksjob i ti timer eller mindre om ugen"


class Fleksjob(models.Model):
    class Subsidy(models.TextChoices):
        TO_EMPLOYEE = "to_employee", _("Fleksløntilskud to the employee (rules from 2013)")
        TO_EMPLOYER = "to_employer", _("Wage subsidy to the employer (jobs from before 2013)")

    employment = models.OneToOneField(
        Employment, on_delete=models.CASCADE, related_name="fleksjob", verbose_name=_("employment")
    )
    started_on = models.DateField(_("fleksjob from"))
    granted_by = models.CharField(_("granted by (municipality)"), max_length=100)
    subsidy = models.CharField(
        _("the municipality's subsidy"),
        max_length=20,
        choices=Subsidy.choices,
        default=Subsidy.TO_EMPLOYEE,
    )
    subsidy_per_month = models.DecimalField(
        _("wage subsidy to the employer per month (DKK)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("Only for fleksjob from before 2013, where the employer receives it."),
    )
    bonus_claimed_on = models.DateField(_("fleksjob bonus claimed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("fleksjob")
        verbose_name_plural = _("fleksjob")
        ordering = ["employment__person__name"]

    def __str__(self) -> str:
        return str(self.employment)

    def clean(self) -> None:
        if self.started_on and self.employment_id and self.started_on < self.employment.start:
            raise ValidationError(
                {"started_on": _("The fleksjob cannot start before the employment.")}
            )
        if self.subsidy == self.Subsidy.TO_EMPLOYEE and self.subsidy_per_month:
            raise ValidationError(
                {
                    "subsidy_per_month": _(
                        "Under the 2013 rules the municipality pays the subsidy to the "
                        "employee, not the employer."
                    )
                }
            )

    @property
    def weekly_hours(self) -> Decimal:
        return Decimal(self.employment.weekly_hours)

    @property
    def small_hours(self) -> bool:
        return self.weekly_hours <= SMALL_HOURS

    def bonus(self) -> BonusEligibility:
        """The fleksjob bonus by the rules in force when the job started."""
        private = self.employment.unit.organisation.sector == Sector.PRIVATE
        return fleksjob_bonus(self.started_on, self.weekly_hours, private_employer=private)

    def bonus_due(self, today: dt.date) -> dt.date | None:
        """When to claim the bonus, if it is still to be claimed and not long past."""
        eligibility = self.bonus()
        claimable = eligibility.claimable_from
        if claimable is None or self.bonus_claimed_on is not None:
            return None
        if claimable < today - dt.timedelta(days=92):
            return None
        return claimable


def fleksjob_people_ids(organisation_id: int, today: dt.date) -> set[int]:
    """Everyone of the organisation in a fleksjob today."""
    return set(
        Fleksjob.objects.filter(
            employment__person__organisation_id=organisation_id, started_on__lte=today
        )
        .filter(models.Q(employment__end__isnull=True) | models.Q(employment__end__gte=today))
        .values_list("employment__person_id", flat=True)
    )
