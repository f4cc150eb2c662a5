"""Form fields for Danish habits, shared by the apps' forms."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from naervaer.importexport.values import BadValue, parse_decimal


class DecimalField(forms.DecimalField):
    """Accepts 37,5 and 37.5, and 1.275,00 with a thousands separator, as people type them."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        if value in self.empty_values:
            return None
        try:
            number = parse_decimal(value)
        except BadValue:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        return super().to_python(str(number))


def choose_people(field: forms.Field, users: Any) -> None:
    """A choice of users, shown by their full name (or username when they have none)."""
    field.queryset = users  # type: ignore[attr-defined]
    field.label_from_instance = lambda u: u.get_full_name() or u.username  # type: ignore[attr-defined]
