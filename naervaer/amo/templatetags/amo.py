from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

from naervaer.amo.prevention import starting_themes

register = template.Library()


@register.filter
def isodate(value: str | None) -> dt.date | None:
    """A date stored as ISO text in a snapshot, back as a date for the ``date`` filter."""
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@register.inclusion_tag("amo/_industry_themes.html")
def industry_themes(process: Any) -> dict[str, Any]:
    """The starting themes for the process's organisation's industry, not yet added."""
    industry, themes = starting_themes(process.organisation.industry_code or "")
    present = set(process.themes.values_list("title", flat=True))
    return {
        "process": process,
        "industry": industry,
        "themes": [t for t in themes if str(t.title) not in present],
    }
