"""Reading CSV and XLSX files as payroll systems and Danish Excel users produce them.

CSV: UTF-8 (with or without BOM) or Windows-1252; comma, semicolon (Danish Excel) or tab as
separator. XLSX: the first sheet; date cells arrive as dates. The first non-empty row is the
header; row numbers are the file's own (header = row 1), so users can find a reported row.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

Cell = str | int | float | dt.date | dt.datetime | None


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
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def read_csv(data: bytes) -> Table:
    text = decode_text(data)
    lines = text.splitlines()
    header_line = next((line for line in lines if line.strip()), "")
    if not header_line:
        raise FileProblem(_("The file is empty."))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(header_line))
    columns: list[str] | None = None
    rows: list[tuple[int, dict[str, Cell]]] = []
    for record in reader:
        if not any(cell.strip() for cell in record):
            continue
        if columns is None:
            columns = [_normalise_header(c) for c in record]
            continue
        values: dict[str, Cell] = {
            col: (record[i].strip() if i < len(record) else "") for i, col in enumerate(columns)
        }
        rows.append((reader.line_num, values))
    return Table(columns or [], rows)


def read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FileProblem(_("The file is not a valid Excel (XLSX) file.")) from exc
    sheet = workbook.worksheets[0]
    columns: list[str] | None = None
    rows: list[tuple[int, dict[str, Cell]]] = []
    for number, record in enumerate(sheet.iter_rows(values_only=True), start=1):
        if not any(cell not in (None, "") for cell in record):
            continue
        if columns is None:
            columns = [_normalise_header(c) for c in record]
            continue
        rows.append((number, {col: _cell(record, i) for i, col in enumerate(columns) if col}))
    workbook.close()
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
    if data[:2] == b"PK" or filename.lower().endswith((".xlsx", ".xlsm")):
        return read_xlsx(data)
    return read_csv(data)


def require_columns(table: Table, required: tuple[str, ...]) -> None:
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise FileProblem(
            _("The file lacks the column(s) %(missing)s. Expected columns: %(expected)s.")
            % {"missing": ", ".join(missing), "expected": ", ".join(required)}
        )
