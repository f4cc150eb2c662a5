"""Every file Nærvær hands out as CSV or XLSX is written here, so none can attack its reader.

- **No formulas.** A text cell starting with ``= + - @``, a tab or a carriage return is a formula
  to Excel and LibreOffice (OWASP "CSV Injection"; ``=HYPERLINK(...)`` in a name sends data
  away). In CSV such a cell gets a leading apostrophe, which the spreadsheet shows as text and
  our importer removes again. In XLSX every string is written as a string cell, never inferred.
- **Danish Excel.** CSV is UTF-8 with a BOM (so æ, ø, å open right), semicolon-separated, with a
  decimal comma and dates as dd-mm-yyyy; XLSX has real numbers and date cells.
- **Constant memory.** Rows are consumed as they come: CSV is yielded in chunks (for a
  ``StreamingHttpResponse``), XLSX is written in openpyxl's write-only mode to a temporary file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from itertools import chain, islice
from typing import IO, TYPE_CHECKING, Any, Protocol, runtime_checkable

from django.http import FileResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell

Row = Sequence[object]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
_CHUNK_ROWS = 5000
XLSX_MAX_ROWS = 1_048_576  # rows of one sheet in Excel, the header included


def neutralise(text: str) -> str:
    """Text a spreadsheet would run as a formula, made plain text (the apostrophe prefix)."""
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_cell(value: object) -> str:
    convert = _CSV_TEXT.get(type(value))
    return convert(value) if convert is not None else _csv_text_of_subclass(value)


@lru_cache(maxsize=65536)
def _date_text(value: dt.date) -> str:
    """Cached: an export of a million rows holds a few thousand distinct dates."""
    return value.strftime("%d-%m-%Y")


def _number_text(value: Decimal | float) -> str:
    return format(value.normalize() if isinstance(value, Decimal) else value, "f").replace(".", ",")


# By exact type, one lookup per cell (an export's cost is its cells); subclasses below.
_CSV_TEXT: dict[type, Callable[[Any], str]] = {
    str: neutralise,
    int: str,
    type(None): lambda _value: "",
    bool: lambda value: "1" if value else "0",
    dt.date: _date_text,
    dt.datetime: lambda value: value.strftime("%d-%m-%Y %H:%M"),
    Decimal: _number_text,
    float: _number_text,
}


def _csv_text_of_subclass(value: object) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.datetime):
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, Decimal | float):
        return _number_text(value)
    if isinstance(value, int):
        return str(value)
    return neutralise(str(value))


def _csv_cells(row: Row) -> Iterator[str]:
    return map(csv_cell, row)


@runtime_checkable
class WritesOwnCsv(Protocol):
    """Rows that write their CSV body (the lines after the header) themselves: the same bytes
    ``csv_chunks`` would write of their values, made faster by what knows them (the database
    formats an absence export of a million rows with no Python per cell)."""

    def csv_body(self) -> Iterator[bytes]: ...


def csv_chunks(header: Sequence[str], rows: Iterable[Row]) -> Iterator[bytes]:
    """The file in pieces of a few thousand rows, BOM first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(_csv_cells(header))
    if isinstance(rows, WritesOwnCsv):
        yield buffer.getvalue().encode()
        yield from rows.csv_body()
        return
    iterator = iter(rows)
    while True:
        writer.writerows(map(_csv_cells, islice(iterator, _CHUNK_ROWS)))
        chunk = buffer.getvalue()
        if not chunk:
            return
        yield chunk.encode()
        buffer.seek(0)
        buffer.truncate()


def csv_bytes(header: Sequence[str], rows: Iterable[Row]) -> bytes:
    return b"".join(csv_chunks(header, rows))


@dataclass
class Sheet:
    title: str
    header: Sequence[str]
    rows: Iterable[Row]
    width: int | None = None  # every column's width in characters; None: Excel's default
    wrap: bool = False  # long text wrapped in its cell (free-text answers)


def write_xlsx(sheets: Sequence[Sheet], target: IO[bytes]) -> None:
    """Each sheet's rows in order; rows beyond what a sheet can hold (``XLSX_MAX_ROWS`` with
    its header) continue on a sheet of the same title with a number ("Fravær 2")."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for spec in sheets:
        for part, rows in enumerate(_parts(spec.rows, XLSX_MAX_ROWS - 1), start=1):
            title = spec.title if part == 1 else f"{spec.title[:27]} {part}"
            sheet = workbook.create_sheet(title=_sheet_title(title))
            if spec.width:
                from openpyxl.utils import get_column_letter

                for i in range(1, len(spec.header) + 1):
                    sheet.column_dimensions[get_column_letter(i)].width = spec.width
            header = []
            for name in spec.header:
                cell = _cell(sheet, name)
                cell.font = bold
                header.append(cell)
            sheet.append(header)
            if spec.wrap:
                for row in rows:
                    cells = [_cell(sheet, v) for v in row]
                    for cell in cells:
                        cell.alignment = wrap
                    sheet.append(cells)
            else:
                for row in rows:
                    sheet.append([_value(sheet, v) for v in row])
    workbook.save(target)


def _parts(rows: Iterable[Row], size: int) -> Iterator[Iterator[Row]]:
    """``rows`` in consecutive parts of at most ``size``, each to be read before the next;
    always at least one part (an empty sheet still has its header)."""
    iterator = iter(rows)
    part: Iterator[Row] = islice(iterator, size)
    while True:
        yield part
        first = next(iterator, None)
        if first is None:
            return
        part = chain([first], islice(iterator, size - 1))


def _sheet_title(title: str) -> str:
    return "".join(c for c in title if c not in "[]:*?/\\")[:31] or "Ark"


def _value(sheet: Any, value: Any) -> Any:  # Any: openpyxl takes dates too, its stubs do not
    """What to append for ``value``: the plain value where openpyxl types it right (a cell
    object per value costs it twice the time), a cell where it would not: text starting with
    "=" (a formula) or like "#N/A" (an error value), and dates (written dd-mm-yyyy)."""
    kind = type(value)
    if kind is str:
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        if text.startswith("=") or text in ERROR_CODES:
            return _cell(sheet, text)
        return text
    if kind is int or kind is float or value is None:
        return value
    if kind is Decimal:
        return float(value)
    return _cell(sheet, value)


def _cell(sheet: Any, value: Any) -> Cell:  # Any: openpyxl takes dates too, its stubs do not
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"  # never "f": text starting with = stays text
        return cell
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, dt.datetime):
        cell.number_format = "dd-mm-yyyy hh:mm"
    elif isinstance(value, dt.date):
        cell.number_format = "dd-mm-yyyy"
    return cell


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(sheets, buffer)
    return buffer.getvalue()


def _attachment(response: StreamingHttpResponse, filename: str) -> StreamingHttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"  # may hold health data: never in a shared cache
    return response


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Row]
) -> StreamingHttpResponse:
    return _attachment(
        StreamingHttpResponse(csv_chunks(header, rows), content_type=CSV_TYPE), filename
    )


def xlsx_response(filename: str, sheets: Sequence[Sheet]) -> StreamingHttpResponse:
    """Written to a temporary file (constant memory), then streamed from it."""
    file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the response
    write_xlsx(sheets, file)
    file.seek(0)
    return _attachment(FileResponse(file, content_type=XLSX_TYPE), filename)
