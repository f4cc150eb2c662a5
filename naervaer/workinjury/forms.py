from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from naervaer.formfields import DateInput, choose_people, model_choice_field
from naervaer.people.models import Person, Unit
from naervaer.workinjury.models import RoundTableMeeting, WorkAccident

if TYPE_CHECKING:
    from naervaer.amo.models import ApvProblem


class AccidentForm(forms.ModelForm[WorkAccident]):
    """Register or update an accident or near miss. The units and employees offered are those
    the user may act for (``naervaer.access``)."""

    class Meta:
        model = WorkAccident
        fields = [
            "kind",
            "happened_on",
            "unit",
            "person",
            "what_happened",
            "cause",
            "may_give_compensation",
            "absent_days_beyond",
            "reported_on",
            "easy_reference",
            "apv_problem",
        ]
        widgets = {
            "happened_on": DateInput(),
            "reported_on": DateInput(),
            "what_happened": forms.Textarea(attrs={"rows": 4}),
            "cause": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(
        self,
        *args: Any,
        units: QuerySet[Unit],
        people: QuerySet[Person],
        apv_problems: QuerySet[ApvProblem],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "unit").queryset = units
        model_choice_field(self, "person").queryset = people
        # Linked into the AMO's APV, so the accident's cause is followed up as a problem there.
        model_choice_field(self, "apv_problem").queryset = apv_problems
        if self.instance.spell_id:
            # The absence says how long it lasted; nobody types it twice.
            del self.fields["absent_days_beyond"]

    def clean_happened_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["happened_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("An accident cannot be registered before it happens."))
        if day.year < 1900:
            raise forms.ValidationError(_("Enter a date from 1900 onwards."))
        return day


class RoundTableForm(forms.ModelForm[RoundTableMeeting]):
    class Meta:
        model = RoundTableMeeting
        fields = [
            "held_on",
            "with_employee",
            "with_municipality",
            "with_union",
            "with_insurer",
            "with_doctor",
            "agreed_plan",
            "follow_up_on",
            "responsible",
        ]
        widgets = {
            "held_on": DateInput(),
            "follow_up_on": DateInput(),
            "agreed_plan": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_people(self.fields["responsible"], users)
