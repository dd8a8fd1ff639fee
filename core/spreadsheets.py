"""CSV files that open correctly in a German spreadsheet: UTF-8 with BOM, semicolons."""

import csv

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
