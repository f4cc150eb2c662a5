from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from naervaer.formfields import DateInput, DecimalField
from naervaer.seniors.models import SeniorConversation, SeniorPolicy


class SeniorPolicyForm(forms.ModelForm[SeniorPolicy]):
    senior_days = DecimalField(
        label=_("senior days a year"),
        required=False,
        min_value=0,
        max_value=20,
        help_text=_("As agreed locally or in the collective agreement; empty if none."),
    )

    class Meta:
        model = SeniorPolicy
        fields = ["from_age", "interval_months", "senior_days", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}


class SeniorConversationForm(forms.ModelForm[SeniorConversation]):
    class Meta:
        model = SeniorConversation
        fields = [
            "held_on",
            "balance",
            "demands",
            "wishes",
            *SeniorConversation.MEASURES,
            "agreed",
            "follow_up_on",
        ]
        widgets = {
            "held_on": DateInput(),
            "follow_up_on": DateInput(),
            "balance": forms.RadioSelect,
            "demands": forms.Textarea(attrs={"rows": 3}),
            "wishes": forms.Textarea(attrs={"rows": 3}),
            "agreed": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_held_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["held_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Record the conversation once it has been held."))
        if day.year < 1900:
            raise forms.ValidationError(_("Enter a date from 1900 onwards."))
        return day
