from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from naervaer.formfields import DateInput, DecimalField, choose_people, model_choice_field
from naervaer.inspections.models import Advice, Decision, Inspection
from naervaer.people.models import Unit


class InspectionForm(forms.ModelForm[Inspection]):
    class Meta:
        model = Inspection
        fields = ["visited_on", "unit", "smiley", "summary"]
        widgets = {"visited_on": DateInput(), "summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "unit").queryset = units


class DecisionForm(forms.ModelForm[Decision]):
    class Meta:
        model = Decision
        fields = ["kind", "about", "deadline", "responsible", "done_on"]
        widgets = {
            "deadline": DateInput(),
            "done_on": DateInput(),
            "about": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_people(self.fields["responsible"], users)


class DoneForm(forms.ModelForm[Decision]):
    class Meta:
        model = Decision
        fields = ["done_on"]
        widgets = {"done_on": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["done_on"].required = True


class AdviceForm(forms.ModelForm[Advice]):
    cost = DecimalField(min_value=0, max_digits=12, decimal_places=2)
    subsidy_claimed = DecimalField(required=False, min_value=0, max_digits=12, decimal_places=2)

    class Meta:
        model = Advice
        fields = [
            "adviser",
            "authorised",
            "topic",
            "started_on",
            "cost",
            "decision",
            "subsidy_claimed",
        ]
        widgets = {"started_on": DateInput()}

    def __init__(self, *args: Any, decisions: QuerySet[Decision], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cost"].label = Advice._meta.get_field("cost").verbose_name
        self.fields["subsidy_claimed"].label = Advice._meta.get_field(
            "subsidy_claimed"
        ).verbose_name
        model_choice_field(self, "decision").queryset = decisions
