"""Reading CSV and XLSX files as payroll systems and Danish Excel users produce them.

CSV: UTF-8 (with or without BOM) or Windows-1252; comma, semicolon (Danish Excel) or tab as
separator. XLSX: the first sheet; date cells arrive as dates. The first non-empty row is the
header; row numbers are the file's own (header = row 1), so users can find a reported row.

A file is a weapon unless it is bounded before it is read: an XLSX (a zip file) is refused when
its parts would inflate beyond ``IMPORT_MAX_INFLATED_BYTES`` — checked in the zip directory
before openpyxl unpacks anything, and zipfile never inflates a part beyond its declared size —
and both formats stop at ``IMPORT_MAX_ROWS`` rows; a CSV field beyond the csv module's limit is
a message, not a crash. XLSX is read in openpyxl's read-only (streaming) mode, ignoring the
sheet's declared size, which a file may get wrong.
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

Cell = str | int | float | dt.date | dt.datetime | None


@contextmanager
def paused_gc() -> Iterator[None]:
    """Python's cycle collector off while a file's rows become objects: it would scan the
    growing heap again and again (a third of the parsing time) for cycles that rows never
    form. Reference counting still frees everything."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class FileProblem(Exception):
    """The file as a whole cannot be read (not a row-level error)."""


@dataclass
class Table:
    columns: list[str]
    rows: list[tuple[int, dict[str, Cell]]]  # (row number in the file, values by column)


def _normalise_header(name: object) -> str:
    return str(name or "").strip().lstrip("\ufeff").strip().lower()


def decode_text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _sniff_delimiter(first_line: str) -> str:
    """The header line's delimiter as the standard library's ``csv.Sniffer`` finds it (quotes
    included). When the line holds more than one candidate, the semicolon Danish Excel writes
    wins; a line with none is a single column."""
    sniffer = csv.Sniffer()
    sniffer.preferred = [";", "\t", ","]
    try:
        return sniffer.sniff(first_line, delimiters=";,\t").delimiter
    except csv.Error:
        return ","


def _too_many_rows() -> FileProblem:
    return FileProblem(
        _("The file has more than %(max)s rows. Split it into smaller files.")
        % {"max": f"{settings.IMPORT_MAX_ROWS:,}".replace(",", ".")}
    )


def read_csv(data: bytes) -> Table:
    text = decode_text(data)
    header_line = next((line for line in io.StringIO(text) if line.strip()), "")
    if not header_line:
        raise FileProblem(_("The file is empty."))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(header_line))
    columns: list[str] | None = None
    rows: list[tuple[int, dict[str, Cell]]] = []
    limit = settings.IMPORT_MAX_ROWS
    try:
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue
            if columns is None:
                columns = [_normalise_header(c) for c in record]
                continue
            if len(rows) >= limit:
                raise _too_many_rows()
            values: dict[str, Cell] = {
                col: (record[i].strip() if i < len(record) else "") for i, col in enumerate(columns)
            }
            rows.append((reader.line_num, values))
    except csv.Error as exc:
        raise FileProblem(
            _(
                "Row %(row)s cannot be read: a field is longer than %(max)s characters, or a "
                "quotation mark is not closed."
            )
            % {"row": reader.line_num, "max": f"{csv.field_size_limit():,}".replace(",", ".")}
        ) from exc
    return Table(columns or [], rows)


def check_inflated_size(data: bytes) -> None:
    """Refuse a zip whose parts declare more than ``IMPORT_MAX_INFLATED_BYTES`` unpacked."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FileProblem(_("The file is not a valid Excel (XLSX) file.")) from exc
    if inflated > settings.IMPORT_MAX_INFLATED_BYTES:
        raise FileProblem(
            _(
                "The Excel file unpacks to %(size)s MB, more than the %(max)s MB allowed. "
                "Split it, or save it as CSV."
            )
            % {
                "size": inflated // 1024**2,
                "max": settings.IMPORT_MAX_INFLATED_BYTES // 1024**2,
            }
        )


def read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    check_inflated_size(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FileProblem(_("The file is not a valid Excel (XLSX) file.")) from exc
    try:
        return _read_sheet(workbook.worksheets[0])
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FileProblem(_("The file is not a valid Excel (XLSX) file.")) from exc
    finally:
        workbook.close()


def _read_sheet(sheet: Any) -> Table:
    # The <dimension> a file declares may be wrong (one row declared, thousands present, or
    # the reverse): read what is there.
    sheet.reset_dimensions()
    columns: list[str] | None = None
    rows: list[tuple[int, dict[str, Cell]]] = []
    limit = settings.IMPORT_MAX_ROWS
    for number, record in enumerate(sheet.iter_rows(values_only=True), start=1):
        if not any(cell not in (None, "") for cell in record):
            continue
        if columns is None:
            columns = [_normalise_header(c) for c in record]
            continue
        if len(rows) >= limit:
            raise _too_many_rows()
        rows.append((number, {col: _cell(record, i) for i, col in enumerate(columns) if col}))
    return Table(columns or [], rows)


def _cell(record: tuple[object, ...], i: int) -> Cell:
    value = record[i] if i < len(record) else None
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dt.datetime | dt.date | int | float) or value is None:
        return value
    return str(value)


def read_table(data: bytes, filename: str) -> Table:
    """Read a CSV or XLSX file, chosen by content (XLSX is a zip file) rather than by name."""
    with paused_gc():
        if data[:2] == b"PK" or filename.lower().endswith((".xlsx", ".xlsm")):
            return read_xlsx(data)
        return read_csv(data)


def require_columns(table: Table, required: tuple[str, ...]) -> None:
    if not table.columns:
        raise FileProblem(_("The file is empty."))
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise FileProblem(
            _("The file lacks the column(s) %(missing)s. Expected columns: %(expected)s.")
            % {"missing": ", ".join(missing), "expected": ", ".join(required)}
        )
    if not table.rows:
        raise FileProblem(_("The file has a header but no rows: nothing to import."))
