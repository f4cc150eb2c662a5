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
from collections.abc import Iterator, Mapping, Sequence
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


Record = tuple[Cell, ...]


@dataclass
class Table:
    """The file's header and its rows: (row number in the file, the cells in the order of
    ``columns``; a short row lacks its last cells). Tuples, not a dict per row: a million rows
    are read with each column's position looked up once. Text cells are stripped, so a blank
    cell is ``None`` or ``""``."""

    columns: list[str]
    rows: list[tuple[int, Record]]

    @classmethod
    def of_records(cls, columns: Sequence[str], records: Sequence[Mapping[str, Cell]]) -> Table:
        """A table of rows given as values by column name (row numbers from 1)."""
        return cls(
            list(columns),
            [(i, tuple(_strip(r.get(c)) for c in columns)) for i, r in enumerate(records, start=1)],
        )


def _strip(value: Cell) -> Cell:
    return value.strip() if isinstance(value, str) else value


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
    rows: list[tuple[int, Record]] = []
    limit = settings.IMPORT_MAX_ROWS
    try:
        for record in reader:
            cells = tuple(map(str.strip, record))
            if not any(cells):
                continue
            if columns is None:
                columns = [_normalise_header(c) for c in record]
                continue
            if len(rows) >= limit:
                raise _too_many_rows()
            rows.append((reader.line_num, cells))
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
    rows: list[tuple[int, Record]] = []
    limit = settings.IMPORT_MAX_ROWS
    for number, record in enumerate(sheet.iter_rows(values_only=True), start=1):
        if not any(cell not in (None, "") for cell in record):
            continue
        if columns is None:
            columns = [_normalise_header(c) for c in record]
            continue
        if len(rows) >= limit:
            raise _too_many_rows()
        rows.append((number, tuple(_cell(value) for value in record[: len(columns)])))
    return Table(columns or [], rows)


def _cell(value: object) -> Cell:
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
