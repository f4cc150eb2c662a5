from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from naervaer.absence.forms import DateInput
from naervaer.formfields import DecimalField
from naervaer.jobcentre.models import Activity, Case, Conversation, Meeting


class CaseForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Case
        fields = [
            "citizen",
            "reference",
            "status",
            "employer",
            "employer_cvr",
            "first_day",
            "reported_on",
            "info_form_sent_on",
            "info_form_returned_on",
            "over_8_weeks",
            "retention_plan",
            "retention_plan_document",
            "rule_set",
        ]
        widgets = {
            "first_day": DateInput(),
            "reported_on": DateInput(),
            "info_form_sent_on": DateInput(),
            "info_form_returned_on": DateInput(),
            "retention_plan": forms.Textarea(attrs={"rows": 2}),
            "over_8_weeks": forms.NullBooleanSelect(),
        }


class ScreeningForm(forms.ModelForm):  # type: ignore[type-arg]
    def __init__(self, *args: Any, caseworkers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].queryset = caseworkers
        self.fields["caseworker"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["category"].required = True
        self.fields["category"].help_text = _(
            "A first assessment; the case is categorised again at every follow-up."
        )

    class Meta:
        model = Case
        fields = ["caseworker", "category"]


class ConversationForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Conversation
        fields = [
            "held_on",
            "category",
            "gradual_return",
            "more_information",
            "involve_workplace",
            "involve_doctor",
            "entitled",
            "notes",
        ]
        widgets = {"held_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}


class ActivityForm(forms.ModelForm):  # type: ignore[type-arg]
    hours_per_week = DecimalField(label=_("hours per week"), min_value=0.5, max_value=60)

    class Meta:
        model = Activity
        fields = ["kind", "hours_per_week", "start", "end"]
        widgets = {"start": DateInput(), "end": DateInput()}


class MeetingForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Meeting
        fields = ["kind", "held_on", "participants", "agreed_plan"]
        widgets = {"held_on": DateInput(), "agreed_plan": forms.Textarea(attrs={"rows": 3})}


class PlanForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Case
        fields = ["plan"]
        widgets = {"plan": forms.Textarea(attrs={"rows": 4})}


class CloseForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Case
        fields = ["closed_on"]
        widgets = {"closed_on": DateInput()}
