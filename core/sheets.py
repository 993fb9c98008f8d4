"""Rows of cells from an uploaded or named file: a CSV in one of the accepted encodings, or an .xlsx.

Accepted without being told: UTF-8 (with or without a byte-order mark), UTF-16 or UTF-32 with a
byte-order mark, and GB18030 (which includes GBK and GB2312: what Excel on a Chinese Windows saves as
"CSV"). Latin-1 (Western European) is never guessed: almost any bytes read as Latin-1 and many as
GB18030, so such a file is read as Latin-1 only when the caller names it (`encoding="latin-1"`).
Whatever cannot be read is a ValidationFailed (or an ImportRefused naming the row), never a traceback.
"""

from __future__ import annotations

import codecs
import csv
import io

from core.errors import ValidationFailed
from core.imports import ImportRefused, RowProblem

SUFFIXES = (".csv", ".xlsx")
# The --encoding choices (and the upload page's), each with the codec it reads with.
ENCODINGS = {"utf-8": "utf-8-sig", "utf-16": "utf-16", "gb18030": "gb18030", "latin-1": "latin-1"}
MAX_FILE_BYTES = 20 * 1024 * 1024
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an old .xls, or a workbook saved with a password
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_sheet(data: bytes, suffix: str, encoding: str | None = None) -> list[list[object]]:
    """The first worksheet's rows (an .xlsx) or the CSV's rows; a blank line is an empty row."""
    if len(data) > MAX_FILE_BYTES:
        raise ValidationFailed("import.error.file_too_big", max_mb=MAX_FILE_BYTES // 1024 // 1024)
    kind = suffix.lower()
    if kind == ".xlsx":
        return _workbook_rows(data)
    if kind == ".csv":
        return list(csv_rows(decode_text(data, encoding)))
    raise ValidationFailed("import.error.file_type", suffix=suffix)


def decode_text(data: bytes, encoding: str | None = None) -> str:
    """The file's text: in the named encoding, else by its byte-order mark, else UTF-8, else GB18030."""
    if encoding is not None:
        if encoding not in ENCODINGS:
            raise ValidationFailed(
                "import.error.encoding_choice", encoding=encoding, choices=", ".join(ENCODINGS)
            )
        return _decode(data, ENCODINGS[encoding], encoding)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode(data, codec, codec.removesuffix("-sig"))
    if _looks_like_utf16(data):
        raise ValidationFailed("import.error.utf16_without_bom")
    for codec in ("utf-8", "gb18030"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError as exc:
            failed = exc
    raise ValidationFailed("import.error.encoding_unknown", line=_line_of(data, failed.start))


def csv_rows(text: str) -> list[list[str]]:
    """The CSV's rows; a cell too big for any column refuses the file with its row number."""
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text))
    try:
        for cells in reader:
            rows.append(cells)
    except csv.Error as exc:
        key = "import.error.cell_too_big" if "field limit" in str(exc) else "import.error.csv_unreadable"
        raise ImportRefused(
            [RowProblem(len(rows) + 1, None, ValidationFailed(key, max=csv.field_size_limit()))]
        ) from exc
    return rows


def _decode(data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise ValidationFailed(
            "import.error.not_this_encoding", encoding=name, line=_line_of(data, exc.start)
        ) from exc


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _looks_like_utf16(data: bytes) -> bool:
    """Text in UTF-16 without a byte-order mark: the digits, commas and line ends of a CSV each bring a
    NUL byte, all at even or all at odd offsets (a stray NUL in UTF-8 text does not look like that)."""
    sample = data[:4000]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    many, few = max(even, odd), min(even, odd)
    return many >= 4 and many >= len(sample) // 2 * 0.25 and few <= many * 0.05


def _workbook_rows(data: bytes) -> list[list[object]]:
    if data.startswith(_OLE):
        raise ValidationFailed("import.error.xlsx_legacy")
    if not data.startswith(_ZIP):
        raise ValidationFailed("import.error.xlsx_unreadable")
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a damaged zip, XML or workbook part: openpyxl raises many kinds
        raise ValidationFailed("import.error.xlsx_unreadable") from exc
    try:
        if not workbook.worksheets:
            raise ValidationFailed("import.error.xlsx_unreadable")
        return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    except ValidationFailed:
        raise
    except Exception as exc:  # the rows are parsed as they are read: damage shows up here too
        raise ValidationFailed("import.error.xlsx_unreadable") from exc
    finally:
        workbook.close()
