"""Parsing cell values the way Danish users write them: 24-12-2026, 24.12.2026, 37,5."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from naervaer.importexport.tabular import Cell

DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y", "%d-%m-%y", "%d.%m.%y")
EXCEL_EPOCH = dt.date(1899, 12, 30)


class BadValue(ValueError):
    """A cell's value cannot be used; the message says why, in the user's language."""


def is_blank(value: Cell) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_date(value: Cell) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    # A date cell that Excel lost the format of: a serial day number.
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        return EXCEL_EPOCH + dt.timedelta(days=int(value))
    text = str(value).strip()
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a date, no time
        except ValueError:
            continue
    raise BadValue(
        _("'%(value)s' is not a date. Use dd-mm-yyyy, dd.mm.yyyy or yyyy-mm-dd.") % {"value": text}
    )


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
        raise BadValue(_("'%(value)s' is not a number.") % {"value": value}) from None
    if not result.is_finite():
        raise BadValue(_("'%(value)s' is not a number.") % {"value": value})
    return result


def parse_percent(value: Cell) -> int:
    if is_blank(value):
        return 100
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
    return str(value).strip()
