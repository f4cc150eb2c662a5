"""Pre-aggregated absence figures per unit and calendar month, so the dashboards of an employer
with tens of thousands of people read a few thousand rows instead of every spell.

Absence that has ended is aggregated (its hours and duration band no longer change), in three
layers (``naervaer.statistics.aggregates``):

- per person, unit and month (``PersonMonth``, ``PersonMonthAbsence``): each person's own
  contribution, which a change to that person's absence, time off or employments replaces in the
  same transaction; ``PersonMonth`` is also the membership table the distinct-people counts read;
- per unit and month (``UnitMonth``, ``UnitMonthAbsence``): the sums of the first layer, summed
  again by the database for exactly the units and months a change touched;
- per sub-tree and month (``SubtreeMonth``, ``SubtreeMonthAbsence``): the unit rows of a unit and
  every unit below it, summed again for the units above a change. A dashboard's group (an area
  of 700 units) or the organisation's trend is then a row per month, not 700.

The sub-tree rows are also summed over the default year and the year before it
(``SubtreePeriod``, ``SubtreePeriodAbsence``, the years in ``BuiltPeriod``): a dashboard's groups
and its early warning then read a row per unit, not twelve per unit and kind. They are stored the
first time a page asks for the year and summed again with the sub-tree rows of every change.

The heat map's days are kept the same way, a month at a time: each layer's month row holds the
hours a day on the month's first day (``opening_*``), and its day rows (``PersonDay``,
``UnitDay``, ``SubtreeDay``, ``OngoingDay``) how much they change on a later day. A change of
someone's absence replaces their rows, and the sums above them, like the monthly figures.

Ongoing absence is stored per spell for the months that are over (``OngoingMonth``): its
hours there no longer change, only its duration band does, so the band is worked out on the day
the figures are read. The month a page reads that is not over yet is computed live.

A month is built for the whole organisation the first time a page asks for it (``BuiltMonth``)
and kept up to date from then on. ``naervaer stats --rebuild`` builds everything from scratch
(repair). ``CountedEmployment`` is the copy of the employments the figures were computed from, so
an employee import finds the people whose employments changed by comparing the two.
"""

from __future__ import annotations

from django.db import models

from naervaer.absence.models import AbsenceSpell
from naervaer.people.models import Organisation, Person, Unit


class BuiltMonth(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    # The month was over when its ongoing absence was stored (``OngoingMonth``); until then a
    # page computes that absence live.
    ongoing_counted = models.BooleanField(default=False)
    # Built with the heat map's days (``*Day`` rows, ``opening_*``). A month built before they
    # existed has none until it is built again; the heat map computes it from the rows.
    days_counted = models.BooleanField(default=False)
    # Disclosure control's decision of the month for the AMO (``naervaer.statistics.
    # disclosure``), kept until the facts it rests on change: every such change counts up
    # ``generation`` in its own transaction, and a decision is used only while the generation it
    # was made at is still the month's.
    generation = models.PositiveIntegerField(default=0)
    decision = models.JSONField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "month"], name="built_month_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.month:%Y-%m}"


class MonthFigures(models.Model):
    """Possible working hours (agreed hours minus recorded leave), the leave hours and the
    employment days of a month. ``opening_*``: the possible hours a day, and the absent hours a
    day of ended absence, on the month's first day: the heat map's starting level, which the
    ``*Day`` rows change on later days (``naervaer.rules.heatmap.month_changes``)."""

    month = models.DateField()
    possible_hours = models.FloatField(default=0)
    leave_hours = models.FloatField(default=0)
    employee_days = models.IntegerField(default=0)
    opening_possible = models.FloatField(default=0)
    opening_absent = models.FloatField(default=0)

    class Meta:
        abstract = True


class MonthAbsence(models.Model):
    """Ended absence in a month, by kind and duration band. ``spells`` ended in the month;
    ``starts_*`` began in it."""

    month = models.DateField()
    kind = models.CharField(max_length=20)
    band = models.CharField(max_length=8)
    absent_hours = models.FloatField(default=0)
    spells = models.IntegerField(default=0)
    short_spells = models.IntegerField(default=0)
    spell_days = models.IntegerField(default=0)  # calendar days of the spells ended
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
        abstract = True


class DayChange(models.Model):
    """How much the possible hours a day and the absent hours a day of ended absence change from
    ``day`` on, a day after the first of ``month`` (the heat map's days)."""

    month = models.DateField()
    day = models.DateField()
    possible = models.FloatField(default=0)
    absent = models.FloatField(default=0)

    class Meta:
        abstract = True


class UnitMonth(MonthFigures):
    """The figures of everyone employed in a unit in a month."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    # The unit's people in the month, each once (its ``PersonMonth`` rows): summed over units,
    # the people of a month are counted without reading a row per person.
    people = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "month"], name="unit_month_unique")]
        indexes = [models.Index(fields=["month", "unit"])]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month:%Y-%m}"


class UnitMonthAbsence(MonthAbsence):
    """Ended absence of a unit's people in a month."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "month", "kind", "band"], name="unit_month_absence_unique"
            )
        ]
        indexes = [models.Index(fields=["month", "unit"])]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month:%Y-%m} {self.kind} {self.band}"


class SubtreeMonth(MonthFigures):
    """``UnitMonth`` of a unit and every unit below it. ``people``: each person once, however
    many of the sub-tree's units they were employed in that month."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    people = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "month"], name="subtree_month_unique")
        ]
        indexes = [
            # The early warning's employee-years of every unit: read from the index alone.
            models.Index(fields=["month", "unit", "employee_days"], name="subtree_month_days"),
            # A drill-down's groups and the employee-years of the units below it: a few hundred
            # units' months, read from the index alone, in unit order (by the month first, both
            # databases read every unit's months and PostgreSQL tested each against the list).
            models.Index(
                fields=["unit", "month", "possible_hours", "leave_hours", "employee_days"],
                name="subtree_month_by_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month:%Y-%m}"


class SubtreeMonthAbsence(MonthAbsence):
    """``UnitMonthAbsence`` of a unit and every unit below it."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "month", "kind", "band"], name="subtree_month_absence_unique"
            )
        ]
        indexes = [
            # The early warning's short spells of every unit: one range of the index, read
            # from the index alone (by unit first, PostgreSQL probed it 1,780 times).
            models.Index(
                fields=["band", "month", "unit", "kind", "short_spells"],
                name="subtree_absence_short",
            ),
            # A drill-down's groups and their early warning, summed from the index alone in the
            # order they are grouped by (unit, band): with the unique index SQLite read 22,000
            # rows of the table and sorted them (``selectors.EVERY_BAND``).
            models.Index(
                fields=[
                    "unit",
                    "band",
                    "month",
                    "kind",
                    "absent_hours",
                    "spells",
                    "short_spells",
                    "spell_days",
                ],
                name="subtree_absence_by_unit_band",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month:%Y-%m} {self.kind} {self.band}"


class BuiltPeriod(models.Model):
    """A year whose sums per sub-tree are stored (``SubtreePeriod``, ``SubtreePeriodAbsence``):
    the pages' default period, the last 12 full months, or the early warning's year before it
    (``aggregates.default_years``). Stored the first time a page asks for it and kept up to
    date with the months from then on; dropped two months after the pages moved on."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    first = models.DateField()
    last = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "first", "last"], name="built_period_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.first:%Y-%m}–{self.last:%Y-%m}"


class SubtreePeriod(models.Model):
    """``SubtreeMonth`` summed over the months of a stored period (``BuiltPeriod``), month by
    month in order: the same additions, in the same order, as the database's ``SUM`` over the
    months read by the index ``subtree_month_by_unit``. A unit with no month row has no row."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    first = models.DateField()
    last = models.DateField()
    possible_hours = models.FloatField(default=0)
    leave_hours = models.FloatField(default=0)
    employee_days = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "first", "last"], name="subtree_period_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.first:%Y-%m}–{self.last:%Y-%m}"


class SubtreePeriodAbsence(models.Model):
    """``SubtreeMonthAbsence`` of the headline kinds (``rules.statistics.HEADLINE_KINDS``)
    summed over a stored period, by band, in the order of the index
    ``subtree_absence_by_unit_band`` (month, then kind): the sums a drill-down's groups and the
    early warning read, one row per unit and band instead of one per month and kind."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    first = models.DateField()
    last = models.DateField()
    band = models.CharField(max_length=8)
    absent_hours = models.FloatField(default=0)
    spells = models.IntegerField(default=0)
    short_spells = models.IntegerField(default=0)
    spell_days = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "first", "last", "band"], name="subtree_period_absence_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.first:%Y-%m}–{self.last:%Y-%m} {self.band}"


class UnitDay(DayChange):
    """The changes of a unit's hours a day: the sums of its ``PersonDay`` rows."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "month", "day"], name="unit_day_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day}"


class SubtreeDay(DayChange):
    """``UnitDay`` of a unit and every unit below it."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "month", "day"], name="subtree_day_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day}"


class PersonMonth(MonthFigures):
    """One person's agreed and possible hours in one unit in one month: their share of
    ``UnitMonth``, and the membership row the distinct-people counts are read from."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    # Employed in another unit too in the same month (moved, or two jobs): the few people that
    # ``UnitMonth.people`` summed over units would count twice.
    shared = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "unit", "month"], name="person_month_unique")
        ]
        indexes = [
            # Distinct people of units over months: read from the index alone.
            models.Index(fields=["unit", "month", "person"], name="person_month_count"),
            # The few people in two units in a month, found from the units (``UnitMonth.people``).
            models.Index(
                fields=["unit", "month", "person"],
                name="person_month_shared",
                condition=models.Q(shared=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.unit_id} {self.month:%Y-%m}"


class PersonMonthAbsence(MonthAbsence):
    """One person's ended absence in one unit and month: their share of ``UnitMonthAbsence``."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "unit", "month", "kind", "band"],
                name="person_month_absence_unique",
            )
        ]
        indexes = [models.Index(fields=["unit", "month"], name="person_month_absence_unit")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.unit_id} {self.month:%Y-%m} {self.kind} {self.band}"


class PersonDay(DayChange):
    """The changes of one person's hours a day in one unit: their share of ``UnitDay``."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "unit", "month", "day"], name="person_day_unique"
            )
        ]
        indexes = [models.Index(fields=["unit", "month"], name="person_day_unit")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.unit_id} {self.day}"


class OngoingMonth(models.Model):
    """An ongoing spell's absent hours in one unit in one month that is over. ``first_day`` is
    the spell's: its band (``naervaer.rules.statistics.band_of``) grows with each day it goes on,
    so it is worked out when read. Ongoing spells have not ended, so count no spells."""

    spell = models.ForeignKey(AbsenceSpell, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    kind = models.CharField(max_length=20)
    first_day = models.DateField()
    absent_hours = models.FloatField(default=0)
    opening_absent = models.FloatField(default=0)  # hours a day on the month's first day

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["spell", "unit", "month"], name="ongoing_month_unique")
        ]
        indexes = [
            models.Index(fields=["unit", "month"], name="ongoing_month_unit"),
            models.Index(fields=["person", "month"], name="ongoing_month_person"),
        ]

    def __str__(self) -> str:
        return f"{self.spell_id} {self.unit_id} {self.month:%Y-%m}"


class OngoingDay(models.Model):
    """How much an ongoing spell's absent hours a day in a unit change from ``day`` on, in a
    month that is over (with ``OngoingMonth.opening_absent``, the heat map's days)."""

    spell = models.ForeignKey(AbsenceSpell, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    day = models.DateField()
    absent = models.FloatField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["spell", "unit", "day"], name="ongoing_day_unique")
        ]
        indexes = [
            models.Index(fields=["unit", "month"], name="ongoing_day_unit"),
            models.Index(fields=["person", "month"], name="ongoing_day_person"),
        ]

    def __str__(self) -> str:
        return f"{self.spell_id} {self.unit_id} {self.day}"


class CountedEmployment(models.Model):
    """An employment as the figures last counted it (plain ids: it outlives a deleted one)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    person_id = models.IntegerField()
    employment_id = models.IntegerField()
    unit_id = models.IntegerField()
    start = models.DateField()
    end = models.DateField(null=True)
    weekly_hours = models.DecimalField(max_digits=5, decimal_places=2)

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "person_id"], name="counted_employment_person")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.unit_id} {self.start}"
