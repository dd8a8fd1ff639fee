"""Reading a spreadsheet staff upload (.xlsx or CSV) into a tablib Dataset, or refusing it
with a German message that says what is wrong and what to do.

Checked before anything is parsed: the size of the upload, the kind of file by its
content (an .xlsx is a zip archive; a CSV is text), and for an .xlsx how much its parts
unpack to and how strongly they are compressed (a zip bomb unpacks a few kilobytes into
gigabytes). openpyxl reads the sheet in read-only mode, with defusedxml against XML entity
bombs; formulas are refused, not evaluated: a value must be what staff see.
"""

import csv
import datetime
import io
import zipfile

import tablib
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# A CSV from our own export marks a text that starts like a formula with an apostrophe.
FORMULA_GUARD = "'"
FORMULA_START = "="
# How many lines a CSV file is sniffed for its delimiter.
SNIFF_BYTES = 64 * 1024


class SpreadsheetError(Exception):
    """An upload that cannot be read as a table; the message is German and for staff."""


def read_upload(name, content, size=None):
    """The table in the uploaded file `name` with the bytes `content` (left unread, b"",
    when its `size` is over the limit): a Dataset whose headers are the first row's
    texts, without empty rows."""
    size = len(content) if size is None else size
    size_limit = settings.SPREADSHEET_MAX_BYTES
    if size > size_limit:
        raise SpreadsheetError(
            _(
                "Die Datei ist zu groß (%(size)s). Es gehen höchstens %(limit)s auf einmal: "
                "bitte teilen Sie die Tabelle auf."
            )
            % {"size": filesizeformat(size), "limit": filesizeformat(size_limit)}
        )
    if not content.strip():
        raise SpreadsheetError(_("Die Datei ist leer."))
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix == "xlsx" or zipfile.is_zipfile(io.BytesIO(content)):
        rows = xlsx_rows(content)
    elif suffix in ("csv", "txt", ""):
        rows = csv_rows(content)
    else:
        raise SpreadsheetError(wrong_format_message())
    return as_dataset(rows)


def wrong_format_message():
    return _(
        "Diese Datei ist keine Tabelle, die wir lesen können. Bitte speichern Sie sie als "
        "Excel-Arbeitsmappe (.xlsx) oder als CSV-Datei und laden Sie sie erneut hoch. "
        "Ältere Excel-Dateien (.xls) öffnen Sie dazu in Excel und wählen „Speichern unter“."
    )


# --- .xlsx -------------------------------------------------------------------------------


def check_archive(content):
    """Refuse an .xlsx that is no zip archive, or that unpacks to too much (a zip bomb)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise SpreadsheetError(wrong_format_message()) from error
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members) or 1
    if unpacked > settings.SPREADSHEET_MAX_UNPACKED_BYTES or unpacked / packed > 200:
        raise SpreadsheetError(
            _(
                "Die Excel-Datei entpackt sich auf %(size)s und wird deshalb nicht gelesen. "
                "Eine Tabelle mit Partnern ist viel kleiner; bitte prüfen Sie, woher die "
                "Datei stammt, oder speichern Sie die Tabelle neu als .xlsx."
            )
            % {"size": filesizeformat(unpacked)}
        )
    if "xl/workbook.xml" not in archive.namelist():
        raise SpreadsheetError(wrong_format_message())


def xlsx_rows(content):
    """The cell values of the first sheet, row by row; refuses formulas."""
    import openpyxl

    check_archive(content)
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise SpreadsheetError(wrong_format_message()) from error
    try:
        sheet = book.worksheets[0]
        rows, formulas = [], []
        for number, row in enumerate(sheet.iter_rows(), 1):
            values = []
            for cell in row:
                if getattr(cell, "data_type", None) == "f":
                    formulas.append((number, getattr(cell, "column_letter", "?")))
                values.append(cell.value)
            rows.append(values)
            if len(rows) > settings.SPREADSHEET_MAX_ROWS + 1:
                raise too_many_rows()
    except SpreadsheetError:
        raise
    except Exception as error:
        raise SpreadsheetError(wrong_format_message()) from error
    finally:
        book.close()
    if formulas:
        raise formulas_error(formulas)
    return rows


def formulas_error(cells):
    shown = ", ".join(
        _("Zeile %(row)d, Spalte %(column)s") % {"row": row, "column": column}
        for row, column in cells[:5]
    )
    more = _(" und %d weitere") % (len(cells) - 5) if len(cells) > 5 else ""
    return SpreadsheetError(
        _(
            "Die Tabelle enthält Formeln (%(cells)s%(more)s). Formeln werden nicht "
            "übernommen: bitte ersetzen Sie sie durch ihre Werte (in Excel: Zellen kopieren, "
            "dann „Einfügen als Werte“) und laden Sie die Datei erneut hoch."
        )
        % {"cells": shown, "more": more}
    )


def too_many_rows():
    return SpreadsheetError(
        _(
            "Die Tabelle hat mehr als %(limit)s Zeilen. Bitte importieren Sie sie in "
            "mehreren Teilen."
        )
        % {"limit": f"{settings.SPREADSHEET_MAX_ROWS:,}".replace(",", ".")}
    )


# --- CSV ---------------------------------------------------------------------------------


def decode(content):
    """CSV text: UTF-8 (with or without BOM), else Windows-1252, as German Excel saves it."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if b"\x00" in content:  # no text file at all (a PDF, an image, an old .xls)
        raise SpreadsheetError(wrong_format_message())
    return content.decode("cp1252", errors="replace")


def csv_rows(content):
    text = decode(content)
    if "\x00" in text:
        raise SpreadsheetError(wrong_format_message())
    try:
        dialect = csv.Sniffer().sniff(text[:SNIFF_BYTES], delimiters=";,\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ";"
    rows, formulas = [], []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, row in enumerate(reader, 1):
            values = []
            for column, value in enumerate(row):
                if value.startswith(FORMULA_START):
                    formulas.append((number, column_letter(column)))
                values.append(unguard(value))
            rows.append(values)
            if len(rows) > settings.SPREADSHEET_MAX_ROWS + 1:
                raise too_many_rows()
    except csv.Error as error:
        raise SpreadsheetError(wrong_format_message()) from error
    if formulas:
        raise formulas_error(formulas)
    return rows


def unguard(value):
    """A text as our export wrote it, without the apostrophe that kept it from being a
    formula ("'=Siegel" back to "=Siegel" is refused above; "'+49 …" to "+49 …")."""
    if value.startswith(FORMULA_GUARD) and value[1:2] in ("=", "+", "-", "@"):
        return value[1:]
    return value


def column_letter(index):
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


# --- The table ---------------------------------------------------------------------------


def cell_text(value):
    """A cell as the text staff typed; dates from Excel stay dates."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return value.strip()
    return value


def as_dataset(rows):
    rows = [[cell_text(value) for value in row] for row in rows]
    rows = [row for row in rows if any(value != "" for value in row)]
    if not rows:
        raise SpreadsheetError(_("Die Tabelle enthält keine Zeilen."))
    headers = [str(value) for value in rows[0]]
    while headers and headers[-1] == "":
        headers.pop()
    if not any(headers):
        raise SpreadsheetError(
            _("Die erste Zeile der Tabelle muss die Spaltenüberschriften enthalten.")
        )
    seen = set()
    for header in headers:
        if header and header.casefold() in seen:
            raise SpreadsheetError(
                _("Die Spalte „%(column)s“ kommt zweimal vor. Bitte behalten Sie eine davon.")
                % {"column": header}
            )
        seen.add(header.casefold())
    if len(rows) == 1:
        raise SpreadsheetError(
            _("Die Tabelle enthält nur die Spaltenüberschriften und keine Zeile darunter.")
        )
    dataset = tablib.Dataset(headers=headers)
    width = len(headers)
    for row in rows[1:]:
        row = (list(row) + [""] * width)[:width]
        dataset.append(row)
    return dataset
