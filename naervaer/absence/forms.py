"""Forms for the manager's daily work. None asks about the illness: the law forbids it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from naervaer.absence.models import Kind, ReportedVia
from naervaer.formfields import DateInput, DecimalField


def today() -> dt.date:
    return timezone.localdate()


class RegisterSickForm(forms.Form):
    first_day = forms.DateField(label=_("First day of absence"), initial=today, widget=DateInput())
    percent = forms.IntegerField(
        label=_("Degree of absence (%)"),
        initial=100,
        min_value=1,
        max_value=100,
        help_text=_("100 for full absence; less when the employee works part of the time."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, initial=Kind.SICKNESS)
    reported_via = forms.ChoiceField(
        label=_("Reported via"),
        choices=[c for c in ReportedVia.choices if c[0] not in {"import", "api"}],
        initial=ReportedVia.PHONE,
    )
    section56 = forms.BooleanField(label=_("Covered by a §56 agreement"), required=False)
    work_environment_related = forms.BooleanField(
        label=_("Related to the work environment (when known)"), required=False
    )


class ReturnForm(forms.Form):
    back_on = forms.DateField(
        label=_("First day back at work"),
        initial=today,
        widget=DateInput(),
        help_text=_("The last day of absence is the day before."),
    )


class PartialReturnForm(forms.Form):
    from_day = forms.DateField(label=_("From"), initial=today, widget=DateInput())
    percent = forms.IntegerField(
        label=_("Degree of absence (%)"),
        min_value=1,
        max_value=99,
        required=False,
        help_text=_("The share of the working time the employee is still absent."),
    )
    hours_at_work = DecimalField(
        label=_("or: hours per week at work"),
        min_value=Decimal("0.5"),
        max_digits=5,
        decimal_places=2,
        required=False,
        localize=True,
    )

    def __init__(self, *args: Any, weekly_hours: Decimal | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.weekly_hours = weekly_hours
        if weekly_hours:
            self.fields["hours_at_work"].help_text = _(
                "Agreed weekly hours: %(hours)s. The degree of absence is worked out from it."
            ) % {"hours": f"{weekly_hours.normalize():n}".replace(".", ",")}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        percent, hours = data.get("percent"), data.get("hours_at_work")
        if percent is None and hours is None:
            raise forms.ValidationError(
                _("Give either the degree of absence or the hours per week at work.")
            )
        if percent is None and hours is not None:
            if not self.weekly_hours or hours >= self.weekly_hours:
                raise forms.ValidationError(
                    _("The hours at work must be fewer than the agreed weekly hours.")
                )
            data["percent"] = max(1, round(100 * (1 - hours / self.weekly_hours)))
        return data


class CorrectSpellForm(forms.Form):
    first_day = forms.DateField(label=_("First day of absence"), widget=DateInput())
    last_day = forms.DateField(
        label=_("Last day of absence"),
        widget=DateInput(),
        required=False,
        help_text=_("Leave empty while the absence is ongoing."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    section56 = forms.BooleanField(label=_("Covered by a §56 agreement"), required=False)
    work_environment_related = forms.BooleanField(
        label=_("Related to the work environment (when known)"), required=False
    )
