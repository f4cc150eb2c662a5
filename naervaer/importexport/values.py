"""Parsing cell values the way Danish users write them: 24-12-2026, 24.12.2026, 37,5.

Everything a parser returns fits the database as the models declare it, so PostgreSQL can never
refuse what the importer accepted: text within its column's length and free of NUL and other
control characters and of the invisible bidirectional controls that make a name read backwards
(Trojan Source, CVE-2021-42574); dates in 1900–2100.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from django.utils.translation import gettext as _

from naervaer.importexport.tabular import Cell

EXCEL_EPOCH = dt.date(1899, 12, 30)
FIRST_YEAR, LAST_YEAR = 1900, 2100
# C0 and C1 controls (tab included: no field of ours holds one) and the Unicode bidirectional
# controls: embeddings, overrides, isolates and the marks.
FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
DANISH_DATE = re.compile(r"(\d{1,2})[-./](\d{1,2})[-./](\d{4}|\d{2})")


class BadValue(ValueError):
    """A cell's value cannot be used; the message says why, in the user's language."""


def is_blank(value: Cell) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_date(value: Cell) -> dt.date:
    if type(value) is str:
        return _date_in_range(value)  # the usual cell, parsed once per distinct text
    return _in_range(_date(value))


@lru_cache(maxsize=65536)
def _date_in_range(value: str) -> dt.date:
    return _in_range(_date_from_text(value.strip()))


def _in_range(day: dt.date) -> dt.date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise BadValue(
            _("The date %(value)s is not between %(first)s and %(last)s.")
            % {
                "value": f"{day.day:02d}-{day.month:02d}-{day.year:04d}",
                "first": FIRST_YEAR,
                "last": LAST_YEAR,
            }
        )
    return day


def _date(value: Cell) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    # A date cell that Excel lost the format of: a serial day number.
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        return EXCEL_EPOCH + dt.timedelta(days=int(value))
    return _date_from_text(str(value).strip())


@lru_cache(maxsize=65536)
def _date_from_text(text: str) -> dt.date:
    """Cached: a file of a million rows holds a few thousand distinct dates. The common forms
    are matched without strptime (a tenth of its cost)."""
    try:
        if match := ISO_DATE.fullmatch(text):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        if match := DANISH_DATE.fullmatch(text):
            year = int(match[3]) if len(match[3]) == 4 else _two_digit_year(int(match[3]))
            return dt.date(year, int(match[2]), int(match[1]))
    except ValueError:
        pass  # 31-02-2024: a date's shape, not a date
    raise BadValue(
        _("'%(value)s' is not a date. Use dd-mm-yyyy, dd.mm.yyyy or yyyy-mm-dd.")
        % {"value": text[:40]}
    )


def _two_digit_year(year: int) -> int:
    """As Python's %y (POSIX): 69–99 are 1969–1999, 00–68 are 2000–2068."""
    return 1900 + year if year >= 69 else 2000 + year


def parse_decimal(value: Cell) -> Decimal:
    """37,5 and 37.5 are both 37.5; 1.234,5 is 1234.5 (whichever separator comes last is the
    decimal separator)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(str(value))
    text = str(value).strip().replace(" ", "").replace("\xa0", "")
    if "," in text and "." in text:
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    else:
        text = text.replace(",", ".")
    try:
        result = Decimal(text)
    except InvalidOperation:
        raise BadValue(_("'%(value)s' is not a number.") % {"value": str(value)[:40]}) from None
    if not result.is_finite():
        raise BadValue(_("'%(value)s' is not a number.") % {"value": str(value)[:40]})
    return result


def parse_percent(value: Cell) -> int:
    if is_blank(value):
        return 100
    if isinstance(value, str) and value.isdigit() and 1 <= int(value) <= 100:
        return int(value)  # the usual "100", without a Decimal
    text = str(value).strip().rstrip("%").strip() if isinstance(value, str) else value
    number = parse_decimal(text)
    if number != number.to_integral_value():
        raise BadValue(
            _("The percentage must be a whole number, not %(value)s.") % {"value": value}
        )
    if not 1 <= number <= 100:
        raise BadValue(
            _("The percentage must be between 1 and 100, not %(value)s.") % {"value": value}
        )
    return int(number)


def text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # employee numbers typed into Excel become floats
    result = str(value).strip()
    if result[:1] == "'" and result[1:2] in ("=", "+", "-", "@"):
        return result[1:]  # our exports' guard against formulas (naervaer.exports), undone
    return result


def checked_text(value: Cell, max_length: int) -> str:
    """``text(value)``, refused when the database could not hold it or it hides characters."""
    result = text(value)
    if len(result) > max_length:
        raise BadValue(
            _("%(length)s characters is too long; at most %(max)s.")
            % {"length": len(result), "max": max_length}
        )
    if FORBIDDEN.search(result):
        raise BadValue(
            _("The text contains control characters or invisible direction marks: %(value)s")
            % {"value": FORBIDDEN.sub("\N{REPLACEMENT CHARACTER}", result)[:60]}
        )
    return result
