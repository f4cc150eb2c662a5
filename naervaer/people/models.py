"""Who's who: organisations, their unit trees, people and employments, users and roles."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from naervaer.rules.cvr import is_valid_cvr, normalise_cvr

UNIT_SEPARATOR = "/"
DB07_PATTERN = re.compile(r"^\d{2,6}$")


def validate_cvr(value: str) -> None:
    if not is_valid_cvr(value):
        raise ValidationError(
            _("%(value)s is not a valid CVR number (8 digits with a correct check digit)."),
            params={"value": value},
            code="invalid_cvr",
        )


def validate_db07(value: str) -> None:
    if value and not DB07_PATTERN.match(value):
        raise ValidationError(
            _("An industry code (DB07) has 2 to 6 digits, e.g. 841100."), code="invalid_db07"
        )


class Sector(models.TextChoices):
    """Danmarks Statistik's sectors (``naervaer.rules.benchmarks.Sector``)."""

    STATE = "state", pgettext_lazy("sector", "State")
    REGION = "region", _("Region")
    MUNICIPALITY = "municipality", _("Municipality")
    PRIVATE = "private", _("Private")


class Organisation(models.Model):
    """An employer or a job centre. No data crosses between organisations."""

    class Kind(models.TextChoices):
        EMPLOYER = "employer", _("Employer")
        JOBCENTRE = "jobcentre", _("Job centre")

    slug = models.SlugField(_("short name"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.EMPLOYER)
    cvr = models.CharField(_("CVR number"), max_length=8, validators=[validate_cvr])
    industry_code = models.CharField(
        _("industry code (DB07)"), max_length=6, blank=True, validators=[validate_db07]
    )
    sector = models.CharField(
        _("sector"),
        max_length=20,
        blank=True,
        choices=Sector.choices,
        help_text=_("Compared with published absence figures for this sector."),
    )
    extra_holiday_days = models.PositiveSmallIntegerField(
        _("extra holiday days (feriefridage) a year"),
        default=5,
        validators=[MaxValueValidator(30)],
        help_text=_(
            "From the collective agreement. Used with the holiday act's 25 days to estimate "
            "leave when none is recorded."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.cvr = normalise_cvr(self.cvr)


class Unit(models.Model):
    """A unit in an organisation's tree, e.g. "Ældreplejen/Hjemmeplejen Nord".

    ``path`` is the full name from the root, joined by "/", so a sub-tree is one indexed
    prefix query (``path = X or path startswith "X/"``) instead of a recursive walk.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="units")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    name = models.CharField(_("name"), max_length=120)
    path = models.CharField(_("full name"), max_length=1000, editable=False)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "path"], name="unit_unique_path"),
        ]

    def __str__(self) -> str:
        return self.path

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.path = f"{self.parent.path}{UNIT_SEPARATOR}{self.name}" if self.parent else self.name
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if UNIT_SEPARATOR in self.name:
            raise ValidationError({"name": _("A unit name cannot contain '/'.")})

    @property
    def depth(self) -> int:
        return self.path.count(UNIT_SEPARATOR)


def subtree_q(paths: list[str], field: str = "path") -> Q:
    """A filter matching units whose path lies in the sub-tree of any of ``paths``.

    A path inside another's sub-tree adds nothing and is left out: a head of area who also
    leads each of the 374 units below (as the demo's does at 50,000 employees) is one
    condition, not 750, which SQLite refused to nest ("Expression tree is too large")."""
    given = set(paths)
    q = Q(pk__in=[])
    for path in sorted(given):
        parts = path.split(UNIT_SEPARATOR)
        if any(UNIT_SEPARATOR.join(parts[:i]) in given for i in range(1, len(parts))):
            continue
        q |= Q(**{field: path}) | Q(**{f"{field}__startswith": path + UNIT_SEPARATOR})
    return q


class User(AbstractUser):
    """A login. It belongs to one organisation (operators with no organisation see nothing).

    What a user may see follows from their roles (``Role``), from leading units (as a manager,
    through their ``Person``) and from being an employee (their own ``Person``); the rules are
    in ``naervaer.access``.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class Role(models.Model):
    """An organisation-wide role of a user. Manager and employee follow from ``Person``."""

    class Kind(models.TextChoices):
        HR = "hr", _("HR")
        AMO = "amo", _("Work-environment organisation (AMO)")
        CASEWORKER = "caseworker", _("Caseworker")
        ADMIN = "admin", _("Administrator")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(_("role"), max_length=20, choices=Kind.choices)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="role_unique")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_kind_display()}"


class Person(models.Model):
    """An employee of an organisation, identified by the payroll system's employee number."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="people")
    employee_id = models.CharField(_("employee number"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    # Only for the organisation's senior policy (seed 000): from which age a senior conversation
    # is offered. Not shown in absence lists or statistics of small groups.
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    user = models.OneToOneField(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="person"
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "employee_id"], name="person_unique_employee_id"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def employment_on(self, day: dt.date) -> Employment | None:
        for employment in self.employments.all():
            if employment.covers(day):
                return employment
        return None


class Employment(models.Model):
    """A person's employment in a unit with agreed weekly hours (part-time is common)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="employments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="employments")
    weekly_hours = models.DecimalField(
        _("weekly hours"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("80"))],
    )
    start = models.DateField(_("employment start"))
    end = models.DateField(_("employment end"), null=True, blank=True)
    pays_salary = models.BooleanField(
        _("salary during sickness"),
        default=True,
        help_text=_(
            "No: the employer pays sickness benefit (or nothing) instead of salary; this decides "
            "the deadline for reporting the absence (sygedagpengeloven § 40)."
        ),
    )
    job_group = models.CharField(
        _("job group"),
        max_length=100,
        blank=True,
        help_text=_("KRL's personalegruppe or a DISCO-08 major group, as payroll gives it."),
    )

    class Meta:
        verbose_name = _("employment")
        verbose_name_plural = _("employments")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="employment_end_after_start",
            ),
            models.UniqueConstraint(fields=["person", "start"], name="employment_unique_start"),
        ]
        indexes = [
            models.Index(fields=["unit", "end"]),
            # Covers the head counts of a drill-down (the employments of its units overlapping
            # a period, counted per unit and per person) without reading the rows.
            models.Index(fields=["unit", "start", "end", "person"], name="employment_unit_period"),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.unit}"

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class UnitLeadership(models.Model):
    """A person leads a unit and with it the unit's whole sub-tree (nærmeste leder)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="leaderships")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="leaderships")

    class Meta:
        verbose_name = _("unit leadership")
        verbose_name_plural = _("unit leaderships")
        constraints = [models.UniqueConstraint(fields=["person", "unit"], name="leadership_unique")]

    def __str__(self) -> str:
        return f"{self.person} → {self.unit}"


def leader_names(units: models.QuerySet[Unit]) -> defaultdict[int, list[str]]:
    """The names of each unit's leaders, by name, in one query. (A prefetch through
    ``leaderships__person`` asks for every leader by id, which SQLite refuses for a large
    employer's 1,780 units: "Expression tree is too large".)"""
    names: defaultdict[int, list[str]] = defaultdict(list)
    for unit_id, name in (
        UnitLeadership.objects.filter(unit__in=units)
        .order_by("person__name", "pk")
        .values_list("unit_id", "person__name")
    ):
        names[unit_id].append(name)
    return names
