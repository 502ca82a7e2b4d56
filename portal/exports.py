"""CSV and XLSX downloads of tables: one function, the same columns in both formats.

CSV is UTF-8 with a byte order mark so that Excel reads ``č`` and ``ž`` correctly; text
cells that a spreadsheet would run as a formula (starting with = + - @) get a leading
apostrophe. XLSX (openpyxl) has a bold, frozen header row, column widths and real date
cells.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from portal.downloads import as_download

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    header: str
    width: int = 15
    kind: str = "text"  # text, number, date, datetime, bool


def _safe_text(value: str) -> str:
    if value and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _plain(value, kind: str):
    """A cell's value for the CSV."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return (
            timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
            if timezone.is_aware(value)
            else value.strftime("%Y-%m-%d %H:%M")
        )
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, (int, float)):
        return str(value)
    return _safe_text(str(value))


def _cell(value):
    """A cell's value for the XLSX: dates as dates, numbers as numbers."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        return value
    if isinstance(value, (datetime.date, int, float, Decimal)) or value is None:
        return value
    return _safe_text(str(value))


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    return as_download(response, filename)


def tabular_response(
    *, filename: str, fmt: str, columns: Sequence[Column], rows: Iterable[Sequence]
) -> HttpResponse:
    """The table as a download; ``filename`` has no extension, ``fmt`` is csv or xlsx."""
    if fmt == "xlsx":
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = filename[:31]
        sheet.append([column.header for column in columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for index, column in enumerate(columns, start=1):
            sheet.column_dimensions[
                sheet.cell(row=1, column=index).column_letter
            ].width = column.width
        for row in rows:
            sheet.append([_cell(value) for value in row])
            for index, column in enumerate(columns, start=1):
                cell = sheet.cell(row=sheet.max_row, column=index)
                if column.kind == "date":
                    cell.number_format = "yyyy-mm-dd"
                elif column.kind == "datetime":
                    cell.number_format = "yyyy-mm-dd hh:mm"
        buffer = io.BytesIO()
        workbook.save(buffer)
        return _attachment(
            HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE), f"{filename}.xlsx"
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_safe_text(column.header) for column in columns])
    for row in rows:
        writer.writerow(
            [_plain(value, column.kind) for value, column in zip(row, columns, strict=True)]
        )
    return _attachment(
        HttpResponse(
            ("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
        ),
        f"{filename}.csv",
    )
