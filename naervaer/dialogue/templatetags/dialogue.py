"""Showing ratings: one decimal the Danish way, a level for colour, a width for a bar."""

from __future__ import annotations

from decimal import Decimal

from django import template

from naervaer.dialogue.services import format_rating

register = template.Library()


@register.filter
def rating(value: float | None) -> str:
    return format_rating(value)


@register.filter
def rating_change(value: Decimal | None) -> str:
    return format_rating(value, signed=True)


@register.filter
def level(value: float | None) -> str:
    """The tool reads 4–5 as "works well"; below 2.5 is where to go deeper."""
    if value is None:
        return "none"
    if value >= 4:
        return "high"
    if value >= 2.5:
        return "mid"
    return "low"


@register.filter
def bar(value: float | None) -> str:
    """Width of a bar in a 0–100 SVG viewBox, for a rating on the 1–5 scale."""
    return f"{(value or 0) * 20:.0f}"
