"""Spreadsheets staff open in Excel: CSV files that open correctly in a German spreadsheet
(UTF-8 with BOM, semicolons) and .xlsx workbooks. No cell is ever taken for a formula.
Reading uploads: files.py; the columns of an entry: resources.py; the admin: admin.py."""

import csv
import io

from django.http import StreamingHttpResponse

# A cell starting with one of these is taken for a formula by spreadsheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """The value as text that a spreadsheet shows as it is and never runs as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Line:
    """A file-like object whose write() hands back the line, for streaming csv.writer."""

    def write(self, line):
        return line


def csv_lines(header, rows):
    writer = csv.writer(_Line(), delimiter=";")
    yield "\ufeff" + writer.writerow(header)
    for row in rows:
        yield writer.writerow([spreadsheet_safe(value) for value in row])


def csv_response(filename, header, rows):
    """A streamed CSV download; `rows` may be a generator, so memory stays flat."""
    response = StreamingHttpResponse(
        csv_lines(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_bytes(header, rows, sheet_title="Liste"):
    """An .xlsx workbook with `header` in bold as its frozen first row and `rows` below;
    every value is written as text, so that "=…" stays a text and never runs."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title)
    sheet.freeze_panes = "A2"
    widths = [min(max(len(str(title)), 10), 40) + 2 for title in header]
    for index, width in enumerate(widths):
        sheet.column_dimensions[_column_letter(index)].width = width

    def text_cell(value, bold=False):
        cell = WriteOnlyCell(sheet, value="" if value is None else str(value))
        cell.data_type = "s"  # a text, also when it starts with "="
        if bold:
            cell.font = Font(bold=True)
        return cell

    sheet.append([text_cell(title, bold=True) for title in header])
    for row in rows:
        sheet.append([text_cell(value) for value in row])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _column_letter(index):
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)
