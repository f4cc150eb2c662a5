"""Follow-up forms. The conversation form has the four topics the law allows, and nothing else."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from naervaer.followup.models import (
    AbsencePolicy,
    Case,
    Conversation,
    PossibilityStatement,
    RetentionPlan,
    Section56Agreement,
)
from naervaer.formfields import DateInput, DecimalField
from naervaer.rules.gradual import HoursStep

TOPIC_WIDGET = forms.Textarea(attrs={"rows": 3})


class ConversationForm(forms.ModelForm[Conversation]):
    """Lov om brug af helbredsoplysninger: a manager may not ask what the illness is, only about
    the expected duration, what the employee can and cannot do, workplace factors and support."""

    class Meta:
        model = Conversation
        fields = [
            "held_on",
            "form",
            "participants",
            "companion",
            "expected_duration",
            "functions",
            "workplace_factors",
            "support",
        ]
        widgets = {
            "held_on": DateInput(),
            "expected_duration": TOPIC_WIDGET,
            "functions": TOPIC_WIDGET,
            "workplace_factors": TOPIC_WIDGET,
            "support": TOPIC_WIDGET,
        }
        help_texts = {
            "participants": _("Who took part, e.g. the employee and the manager."),
            "companion": _("The employee may bring a colleague, the AMR or the TR."),
            "expected_duration": _("How long does the employee expect to be absent?"),
            "functions": _(
                "Which tasks can the employee do, fully or partly, and which not for now?"
            ),
            "workplace_factors": _(
                "Do factors at the workplace contribute to the absence, and can they be changed?"
            ),
            "support": _("What can the workplace do for a quick and lasting return?"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()

    def clean_held_on(self) -> dt.date:
        held_on: dt.date = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("Record a conversation when it has been held."))
        return held_on


class EightWeekForm(forms.Form):
    expected_over_8_weeks = forms.TypedChoiceField(
        label=_("Is the absence expected to last more than 8 weeks from the first day?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )


YES_NO_UNKNOWN = [("", _("Not known")), ("yes", _("Yes")), ("no", _("No"))]


def _yes_no_unknown(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class CaseFactsForm(forms.ModelForm[Case]):
    """What the law needs to know about an absence beyond its dates (never the illness)."""

    expected_over_8_weeks = forms.TypedChoiceField(
        label=_("Is the absence expected to last more than 8 weeks from the first day?"),
        choices=YES_NO_UNKNOWN,
        coerce=_yes_no_unknown,
        empty_value=None,
        required=False,
    )
    expected_over_26_weeks = forms.TypedChoiceField(
        label=_("Is the absence expected to last more than 26 weeks?"),
        choices=YES_NO_UNKNOWN,
        coerce=_yes_no_unknown,
        empty_value=None,
        required=False,
    )
    hours_worked_8_weeks = DecimalField(
        label=_("Hours worked in the 8 weeks before the absence"),
        required=False,
        min_value=Decimal(0),
        max_digits=6,
        decimal_places=2,
        help_text=_("Leave empty to estimate it as weekly hours × 8."),
    )

    class Meta:
        model = Case
        fields = [
            "expected_over_8_weeks",
            "expected_over_26_weeks",
            "early_followup_requested_on",
            "retention_plan_decision",
            "hours_worked_8_weeks",
        ]
        widgets = {"early_followup_requested_on": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        case: Case = self.instance
        for name in ("expected_over_8_weeks", "expected_over_26_weeks"):
            value = getattr(case, name)
            self.initial[name] = "" if value is None else ("yes" if value else "no")
        if case.retention_plan_requested_on is None:
            # Only a request can be agreed to or declined (§ 7 b, stk. 2).
            del self.fields["retention_plan_decision"]

    def clean_early_followup_requested_on(self) -> dt.date | None:
        day: dt.date | None = self.cleaned_data["early_followup_requested_on"]
        if day is not None and day < self.instance.first_day:
            raise forms.ValidationError(_("The request cannot be before the first absence day."))
        if day is not None and day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day


class RetentionPlanForm(forms.ModelForm[RetentionPlan]):
    class Meta:
        model = RetentionPlan
        fields = [
            "gradual_return",
            "changed_tasks",
            "aids",
            "adjustments",
            "measures",
            "responsible",
            "next_follow_up",
            "contact_name",
            "contact_phone",
        ]
        widgets = {"measures": TOPIC_WIDGET, "next_follow_up": DateInput()}
        help_texts = {
            "measures": _("Agreed measures: tasks, hours, aids, changes at the workplace."),
            "responsible": _("Who makes sure it happens."),
            "contact_name": _("Whom the municipality can call at the workplace about the plan."),
        }


class GradualStepForm(forms.Form):
    from_day = forms.DateField(label=_("From"), widget=DateInput(), required=False)
    hours_per_week = DecimalField(
        label=_("Hours per week at work"),
        min_value=Decimal(0),
        max_value=Decimal(80),
        decimal_places=2,
        required=False,
        localize=True,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("from_day") is None) != (data.get("hours_per_week") is None):
            raise forms.ValidationError(_("Give both a date and hours, or leave the row empty."))
        return data


GradualStepFormSet = forms.formset_factory(GradualStepForm, extra=0, min_num=4, max_num=12)


def schedule_from(formset: Any) -> list[HoursStep]:
    """The filled rows in the order they were entered (the plan checks that it is date order)."""
    return [
        HoursStep(f.cleaned_data["from_day"], f.cleaned_data["hours_per_week"])
        for f in formset.forms
        if f.cleaned_data.get("from_day") is not None
    ]


class EmployeeViewForm(forms.Form):
    employee_view = forms.CharField(
        label=_("Your view of the plan"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Your manager sees what you write here. Do not write about your illness."),
    )


class StatementPart1Form(forms.ModelForm[PossibilityStatement]):
    class Meta:
        model = PossibilityStatement
        fields = [
            "filled_on",
            "normal_tasks",
            "limitations",
            "agreed_adjustments",
            "reply_by",
            "contact_name",
            "contact_phone",
        ]
        help_texts = {
            "contact_name": _("Whom the doctor can call at the workplace."),
        }
        widgets = {
            "filled_on": DateInput(),
            "reply_by": DateInput(),
            "normal_tasks": TOPIC_WIDGET,
            "limitations": TOPIC_WIDGET,
            "agreed_adjustments": TOPIC_WIDGET,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["filled_on"].initial = timezone.localdate()


class StatementPart2Form(forms.ModelForm[PossibilityStatement]):
    class Meta:
        model = PossibilityStatement
        fields = [
            "part2_received_on",
            "conclusion",
            "doctor_adjustments",
            "expected_duration",
            "fee",
            "fee_paid_on",
        ]
        widgets = {
            "part2_received_on": DateInput(),
            "fee_paid_on": DateInput(),
            "doctor_adjustments": TOPIC_WIDGET,
        }
        field_classes = {"fee": DecimalField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["part2_received_on"].required = True
        self.fields["conclusion"].required = True


class Section56Form(forms.ModelForm[Section56Agreement]):
    class Meta:
        model = Section56Agreement
        fields = ["valid_from", "valid_to", "approved_on", "municipality"]
        widgets = {
            "valid_from": DateInput(),
            "valid_to": DateInput(),
            "approved_on": DateInput(),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The agreement cannot end before it begins."))
        return data


class PolicyForm(forms.ModelForm[AbsencePolicy]):
    class Meta:
        model = AbsencePolicy
        fields = [
            "care_spells",
            "care_within_days",
            "bradford_threshold",
            "care_conversation_within_days",
            "remind_managers",
            "remind_hr",
            "retention_years",
        ]

    def clean_retention_years(self) -> int:
        value: int = self.cleaned_data["retention_years"]
        if value < 1:
            raise forms.ValidationError(_("Keep absence data for at least a year."))
        return value

    def clean_care_spells(self) -> int:
        value: int = self.cleaned_data["care_spells"]
        if value < 2:
            raise forms.ValidationError(_("At least 2 absences, or every absence would count."))
        return value
