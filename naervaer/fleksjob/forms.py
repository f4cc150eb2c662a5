from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from naervaer.fleksjob.models import Fleksjob
from naervaer.formfields import DateInput, DecimalField, label_choices, model_choice_field
from naervaer.people.models import Employment


class FleksjobForm(forms.ModelForm[Fleksjob]):
    subsidy_per_month = DecimalField(required=False, min_value=0, max_digits=10, decimal_places=2)

    class Meta:
        model = Fleksjob
        fields = [
            "employment",
            "started_on",
            "granted_by",
            "subsidy",
            "subsidy_per_month",
            "bonus_claimed_on",
        ]
        widgets = {"started_on": DateInput(), "bonus_claimed_on": DateInput()}

    def __init__(self, *args: Any, employments: QuerySet[Employment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = model_choice_field(self, "employment")
        field.queryset = employments
        label_choices(
            field, lambda e: f"{e.person.name} – {e.unit.path} ({e.weekly_hours:g} t/uge)"
        )
        self.fields["subsidy_per_month"].label = Fleksjob._meta.get_field(
            "subsidy_per_month"
        ).verbose_name
        self.fields["subsidy_per_month"].help_text = Fleksjob._meta.get_field(
            "subsidy_per_month"
        ).help_text
        if self.instance.pk:
            field.disabled = True
