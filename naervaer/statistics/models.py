"""Pre-aggregated absence figures per unit and calendar month, so the dashboards of an employer
with tens of thousands of people read a few thousand rows instead of every spell.

Only absence that has ended is aggregated (its hours and duration band no longer change);
ongoing absence is computed live on every request. A month is built for the whole
organisation at once (``BuiltMonth``); any change to ended absence or to employments forgets
the months it touches, and the next request builds them again. ``naervaer stats rebuild``
builds everything from scratch.
"""

from __future__ import annotations

from django.db import models

from naervaer.people.models import Organisation, Unit


class BuiltMonth(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "month"], name="built_month_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.month:%Y-%m}"


class UnitMonth(models.Model):
    """Possible working hours (agreed hours minus recorded leave), the leave hours and the
    employment days of everyone employed in a unit in a month."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    possible_hours = models.FloatField(default=0)
    leave_hours = models.FloatField(default=0)
    employee_days = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "month"], name="unit_month_unique")]
        indexes = [models.Index(fields=["month", "unit"])]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month:%Y-%m}"


class UnitMonthAbsence(models.Model):
    """Ended absence of a unit's people in a month, by kind and duration band. ``spells`` ended
    in the month; ``starts_*`` began in it."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    kind = models.CharField(max_length=20)
    band = models.CharField(max_length=8)
    absent_hours = models.FloatField(default=0)
    spells = models.IntegerField(default=0)
    short_spells = models.IntegerField(default=0)
    # Spells that began in the month, by weekday (Monday first), summable in SQL.
    starts_mon = models.IntegerField(default=0)
    starts_tue = models.IntegerField(default=0)
    starts_wed = models.IntegerField(default=0)
    starts_thu = models.IntegerField(default=0)
    starts_fri = models.IntegerField(default=0)
    starts_sat = models.IntegerField(default=0)
    starts_sun = models.IntegerField(default=0)

    WEEKDAY_FIELDS = (
        "starts_mon",
        "starts_tue",
        "starts_wed",
        "starts_thu",
        "starts_fri",
        "starts_sat",
        "starts_sun",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "month", "kind", "band"], name="unit_month_absence_unique"
            )
        ]
        indexes = [models.Index(fields=["month", "unit"])]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month:%Y-%m} {self.kind} {self.band}"
