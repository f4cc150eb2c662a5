"""Sickness absence spells.

Privacy by design: no field records the medical reason for an absence, and none ever may
(Lov om brug af helbredsoplysninger; DOMAIN.md, "Privacy").
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from naervaer.people.models import Person


class Kind(models.TextChoices):
    SICKNESS = "sickness", _("Own sickness")
    WORK_ACCIDENT = "work_accident", _("Work accident")
    PREGNANCY = "pregnancy", _("Pregnancy-related")


class ReportedVia(models.TextChoices):
    PHONE = "phone", _("Phone")
    IN_PERSON = "in_person", _("In person")
    MESSAGE = "message", _("Text message or e-mail")
    SELF_SERVICE = "self_service", _("Self-service")
    IMPORT = "import", _("Import from payroll")
    API = "api", _("API")


class AbsenceSpellQuerySet(models.QuerySet["AbsenceSpell"]):
    def ongoing_on(self, day: dt.date) -> AbsenceSpellQuerySet:
        # "Not begun after the day" rather than "begun by the day": the same spells, but not a
        # condition SQLite reads through the index on first days, which would be every spell
        # so far; the few with no last day or a later one are read through theirs.
        return self.filter(Q(last_day__isnull=True) | Q(last_day__gte=day)).exclude(
            first_day__gt=day
        )

    def of_many_people(self, people: models.QuerySet[Person]) -> AbsenceSpellQuerySet:
        """The spells of ``people``, many of them, among the few spells of a day or of the last
        days: the person is compared as ``person_id + 0``, so the databases read those spells
        through their own index (``absence_spell_last_day``, ``absence_spell_self_reports``),
        not every spell of each person through theirs (50,000 index searches for a large
        employer's HR: half a second a query). For a team, ``person__in`` is the faster."""
        return self.alias(of_person=F("person_id") + 0).filter(of_person__in=people.values("pk"))

    def overlapping(self, first: dt.date, last: dt.date | None) -> AbsenceSpellQuerySet:
        qs = self.filter(Q(last_day__isnull=True) | Q(last_day__gte=first))
        return qs if last is None else qs.filter(first_day__lte=last)


class AbsenceSpell(models.Model):
    """One period of sickness absence (sygefraværsperiode) of a person.

    ``last_day`` is empty while the person is still absent. The degree of absence may change
    during the spell (partial return); it is a step function kept in ``AbsenceDegree`` rows,
    the first of which starts on ``first_day``.
    """

    # No index of its own: the unique (person, first_day) constraint's index starts with it.
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="spells", db_index=False
    )
    first_day = models.DateField(_("first day of absence"))
    last_day = models.DateField(_("last day of absence"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SICKNESS)
    section56 = models.BooleanField(
        _("covered by a §56 agreement"),
        default=False,
        help_text=_(
            "Chronic or long-term illness with a §56 agreement: refund from the first day."
        ),
    )
    work_environment_related = models.BooleanField(
        _("related to the work environment"),
        default=False,
        help_text=_("Only when known: the employee or the workplace has said so."),
    )
    reported_via = models.CharField(
        _("reported via"), max_length=20, choices=ReportedVia.choices, default=ReportedVia.PHONE
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AbsenceSpellQuerySet.as_manager()

    class Meta:
        verbose_name = _("absence spell")
        verbose_name_plural = _("absence spells")
        ordering = ["-first_day"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__isnull=True) | Q(last_day__gte=models.F("first_day")),
                name="spell_last_day_after_first_day",
            ),
            models.UniqueConstraint(fields=["person", "first_day"], name="spell_unique_start"),
        ]
        # (person, first_day) is the unique constraint's index: a second one only slows writes.
        indexes = [
            models.Index(fields=["first_day", "last_day"]),
            # Who is absent on a day: "no last day, or a last day from that day on" reads the
            # few such spells through this index (and the next) instead of every spell. With
            # the person and the first day in it, a large employer's "which of these are ours"
            # and "oldest first" are read from the index alone: the API's poll for the last
            # week at 50,000 employees, 15,000 spells, 47 → 17 ms to count (issue 14).
            models.Index(fields=["last_day", "person", "first_day"], name="absence_spell_last_day"),
            # The few ongoing spells, which the statistics compute live on every page.
            models.Index(
                fields=["person"], condition=Q(last_day__isnull=True), name="absence_spell_ongoing"
            ),
            # The absences people reported themselves in the last days (the front page).
            models.Index(
                fields=["updated_at"],
                condition=Q(reported_via="self_service"),
                name="absence_spell_self_reports",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.first_day}–{self.last_day or '…'}"

    @property
    def is_open(self) -> bool:
        return self.last_day is None

    def calendar_days(self, today: dt.date) -> int:
        """Calendar days from the first day to the last day (or ``today`` while ongoing)."""
        end = self.last_day or today
        return (end - self.first_day).days + 1

    def degree_on(self, day: dt.date) -> int:
        """Percent absent on ``day`` (0 outside the spell)."""
        if day < self.first_day or (self.last_day and day > self.last_day):
            return 0
        percent = 100
        for degree in self.degrees.all():  # ordered by from_day
            if degree.from_day > day:
                break
            percent = degree.percent
        return percent

    @property
    def is_partial(self) -> bool:
        return any(d.percent < 100 for d in self.degrees.all())


class AbsenceDegree(models.Model):
    """From ``from_day`` (until the next step or the end of the spell) the person is
    ``percent`` % absent. 100 is full absence; 40 means absent 40 %, at work 60 %."""

    # No index of its own: the unique (spell, from_day) constraint's index starts with it.
    spell = models.ForeignKey(
        AbsenceSpell, on_delete=models.CASCADE, related_name="degrees", db_index=False
    )
    from_day = models.DateField(_("from"))
    percent = models.PositiveSmallIntegerField(
        _("degree of absence (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("degree of absence")
        verbose_name_plural = _("degrees of absence")
        ordering = ["from_day"]
        constraints = [
            models.UniqueConstraint(fields=["spell", "from_day"], name="degree_unique_day"),
            models.CheckConstraint(
                condition=Q(percent__gte=1) & Q(percent__lte=100), name="degree_percent_1_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_day}: {self.percent} %"


class TimeOffKind(models.TextChoices):
    """Planned leave (not possible working time, never absence) and a child's sickness (absence
    of its own cause, without follow-up). The values are ``naervaer.rules.statistics``'s."""

    HOLIDAY = "holiday", _("Holiday")
    EXTRA_HOLIDAY = "extra_holiday", _("Extra holiday day (feriefridag)")
    CARE_DAY = "care_day", _("Care day (omsorgsdag)")
    CHILD_SICKNESS = "child_sickness", _("Child's sickness")


LEAVE_KINDS = frozenset({TimeOffKind.HOLIDAY, TimeOffKind.EXTRA_HOLIDAY, TimeOffKind.CARE_DAY})


class TimeOff(models.Model):
    """Time away from work that is not the person's own sickness, as payroll exports it:
    holiday, feriefridage, omsorgsdage (taken out of the possible working time in the
    statistics, as Danmarks Statistik and DA do) and a child's sickness (counted as absence of
    its own cause). No follow-up ever starts from it. ``percent`` of each working day."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="time_off")
    kind = models.CharField(_("kind"), max_length=20, choices=TimeOffKind.choices)
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    percent = models.PositiveSmallIntegerField(
        _("share of the day (%)"),
        default=100,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("time off")
        verbose_name_plural = _("time off")
        ordering = ["first_day"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=models.F("first_day")),
                name="time_off_last_day_after_first_day",
            ),
            models.CheckConstraint(
                condition=Q(percent__gte=1) & Q(percent__lte=100), name="time_off_percent_1_100"
            ),
            models.UniqueConstraint(
                fields=["person", "kind", "first_day"], name="time_off_unique_start"
            ),
        ]
        indexes = [models.Index(fields=["first_day", "last_day"])]

    def __str__(self) -> str:
        return f"{self.person}: {self.kind} {self.first_day}–{self.last_day}"

    @property
    def is_leave(self) -> bool:
        return self.kind in LEAVE_KINDS


class HolidaySickness(models.Model):
    """What the holiday act asks of a sickness that falls in holiday (ferieloven § 12, stk.
    2–4): the day the employee notified the employer and whether the medical documentation
    has been given. Only yes or no: never what the documentation says."""

    spell = models.OneToOneField(
        AbsenceSpell, on_delete=models.CASCADE, related_name="holiday_sickness"
    )
    notified_on = models.DateField(_("employer notified on"))
    notice_excused = models.BooleanField(
        _("late notice not the employee's fault"),
        default=False,
        help_text=_("Then the sick days before the notice count too (§ 12, stk. 4)."),
    )
    documented = models.BooleanField(_("medical documentation given"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sickness during holiday")
        verbose_name_plural = _("sickness during holiday")

    def __str__(self) -> str:
        return f"{self.spell}: notified {self.notified_on}"
