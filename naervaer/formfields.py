"""Form fields for Danish habits, shared by the apps' forms."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from django import forms
from django.db.models import Model, QuerySet

from naervaer.importexport.values import BadValue, parse_decimal
from naervaer.rules import plausibility


class DecimalField(forms.DecimalField):
    """Accepts 37,5 and 37.5, and 1.275,00 with a thousands separator, as people type them."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]  # django-stubs gives DecimalField IntegerField's int
        if value in self.empty_values:
            return None
        try:
            number = parse_decimal(value)
        except BadValue:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        return super().to_python(str(number))


M = TypeVar("M", bound=Model)


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form's field ``name``, known to be a choice (``form.fields`` holds plain ``Field``s)."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField), name
    return field


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """The form's field ``name``, known to be a choice of model instances (a foreign key)."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField), name
    return field


def label_choices(field: forms.ModelChoiceField[M], label: Callable[[M], str]) -> None:
    """Show each instance of the choice as ``label`` says, instead of its ``str()``."""
    # Django calls the field's label_from_instance; setting it on this one field keeps the model
    # form's own field (and its validation) where a subclass would need the whole field again.
    field.label_from_instance = label  # type: ignore[method-assign,assignment]  # one field's labels, see above


def choose_people(field: forms.Field, users: QuerySet[Any]) -> None:
    """A choice of users, shown by their full name (or username when they have none)."""
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = users
    label_choices(field, lambda u: u.get_full_name() or u.username)


def validate_supported_date(value: Any) -> None:
    """A date outside the years the system works with (0001-01-01, 9999-12-31) is refused at the
    form, before a deadline computed from it overflows."""
    from naervaer.badinput import describe

    problems = plausibility.check_dates(value)
    if problems:
        raise forms.ValidationError(describe(problems[0]), code="unsupported_date")


def refuse_unsupported_dates() -> None:
    """Every form's date fields, hand-written or made from a model, check the range: done once at
    start-up (``PeopleConfig.ready``) so that no form of any app can forget it."""
    if validate_supported_date not in forms.DateField.default_validators:
        forms.DateField.default_validators = [
            *forms.DateField.default_validators,
            validate_supported_date,
        ]


class DateInput(forms.DateInput):
    """The browser's own date picker (shown in the user's locale); the value travels as ISO."""

    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)
