"""The import page's error messages, with the file's column names marked up as code."""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from naervaer.importexport.importers import ABSENCE_COLUMNS, EMPLOYEE_COLUMNS

register = template.Library()

_COLUMN = re.compile(
    r"\b(" + "|".join(sorted({*EMPLOYEE_COLUMNS, *ABSENCE_COLUMNS}, key=len, reverse=True)) + r")\b"
)


@register.filter
def columns_as_code(message: str) -> SafeString:
    """``employment_start`` is the file's own word, not English in a Danish page: say so."""
    return mark_safe(_COLUMN.sub(r"<code>\1</code>", escape(message)))  # noqa: S308  # escaped first
