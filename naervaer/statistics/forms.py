"""What the statistics need to know about the organisation: the group it is compared with and
its agreement's feriefridage (for the estimate of leave when none is recorded)."""

from __future__ import annotations

from django import forms

from naervaer.people.models import Organisation


class ComparisonForm(forms.ModelForm[Organisation]):
    class Meta:
        model = Organisation
        fields = ["sector", "industry_code", "extra_holiday_days"]
