"""Arbejdstilsynet's visits and decisions, and authorised work-environment advice.

About the workplace, never a person: a decision concerns a work process or a place.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from naervaer.people.models import Employment, Organisation, Sector, Unit
from naervaer.rules.working_life import AdviceSubsidy, advice_subsidy


class Inspection(models.Model):
    """A visit from the Danish Working Environment Authority (Arbejdstilsynet)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    visited_on = models.DateField(_("visited on"))
    unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit visited"),
    )
    summary = models.TextField(
        _("what the inspection looked at and found"), max_length=4000, blank=True
    )
    smiley = models.CharField(
        _("smiley"),
        max_length=10,
        blank=True,
        choices=[
            ("green", _("Green")),
            ("yellow", _("Yellow")),
            ("red", _("Red")),
            ("crown", _("Crown (certified)")),
        ],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-visited_on", "-pk"]

    def __str__(self) -> str:
        return str(self.visited_on)


class Decision(models.Model):
    """A decision from the inspection: an improvement notice with a deadline, an immediate
    notice, a notice to use an authorised adviser, a prohibition, or guidance."""

    class Kind(models.TextChoices):
        IMMEDIATE = "immediate", _("Immediate notice (strakspåbud)")
        DEADLINE = "deadline", _("Notice with a deadline (påbud med frist)")
        ADVICE = "advice", _("Notice to use an authorised adviser (rådgivningspåbud)")
        PROHIBITION = "prohibition", _("Prohibition (forbud)")
        GUIDANCE = "guidance", _("Written guidance (vejledning)")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    about = models.TextField(_("about"), max_length=2000)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible"),
    )
    done_on = models.DateField(_("complied with on"), null=True, blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return self.get_kind_display()

    def clean(self) -> None:
        visited = self.inspection.visited_on if self.inspection_id else None
        if self.kind in (self.Kind.DEADLINE, self.Kind.ADVICE) and not self.deadline:
            raise ValidationError({"deadline": _("A notice with a deadline needs its deadline.")})
        if visited and self.deadline and self.deadline < visited:
            raise ValidationError({"deadline": _("The deadline cannot be before the visit.")})
        if visited and self.done_on and self.done_on < visited:
            raise ValidationError({"done_on": _("It cannot be done before the visit.")})


class Advice(models.Model):
    """Authorised work-environment advice the workplace bought, with its documented cost and
    the support that applied when it started."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    adviser = models.CharField(_("adviser"), max_length=200)
    authorised = models.BooleanField(_("authorised by Arbejdstilsynet"), default=True)
    topic = models.CharField(_("topic"), max_length=300)
    started_on = models.DateField(_("started on"))
    cost = models.DecimalField(
        _("documented cost (DKK, excl. VAT)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )
    decision = models.ForeignKey(
        Decision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="advice",
        verbose_name=_("ordered by a decision"),
    )
    subsidy_claimed = models.DecimalField(
        _("support claimed (DKK)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )

    class Meta:
        verbose_name = _("advice")
        verbose_name_plural = _("advice")
        ordering = ["-started_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.adviser}: {self.topic}"

    def subsidy(self) -> tuple[AdviceSubsidy | None, Decimal]:
        """The scheme in force when the advice started and the most it could refund."""
        if not self.authorised:
            return None, Decimal(0)
        organisation = self.organisation
        employees = (
            Employment.objects.filter(person__organisation=organisation, start__lte=self.started_on)
            .filter(Q(end__isnull=True) | Q(end__gte=self.started_on))
            .values("person")
            .distinct()
            .count()
        )
        return advice_subsidy(
            self.started_on,
            self.cost,
            ordered_by_authority=self.decision_id is not None,
            private_employer=organisation.sector == Sector.PRIVATE,
            employees=employees,
        )

    def clean(self) -> None:
        if self.subsidy_claimed is not None and self.cost is not None and self.started_on:
            _scheme, most = self.subsidy()
            if self.subsidy_claimed > most:
                raise ValidationError(
                    {
                        "subsidy_claimed": _("At most %(most)s DKK can be claimed for this advice.")
                        % {"most": number_format(most, 2, force_grouping=True)}
                    }
                )
