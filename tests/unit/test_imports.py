"""The row checks every import shares (core.imports), the file reader (core.sheets), and the column
lengths each import refuses beyond, which must be what the tables hold."""

import io
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import Workbook

from core.errors import ValidationFailed
from core.imports import (
    FUTURE_SLACK,
    ImportRefused,
    file_digest,
    in_order,
    moment_in_range,
    rating,
    refuse_nul,
    shown,
    text_cell,
)
from core.sheets import csv_rows, decode_text, read_sheet

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def key_of(call) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as refused:
        call()
    return refused.value.key


@pytest.mark.parametrize(("value", "score"), [("5", 5), (4.0, 4), (1, 1), ("3.0", 3), (" 2 ", 2), ("", None)])
def test_a_satisfaction_is_a_whole_number_from_1_to_5(value, score):
    assert rating(value, "satisfaction") == score


@pytest.mark.parametrize("value", ["4.5", 4.5, "0", 6, "-1", "nan", float("nan"), "inf", True, "好", "5分"])
def test_anything_else_is_no_satisfaction_score(value):
    assert key_of(lambda: rating(value, "satisfaction")) == "import.error.rating"


def test_a_time_must_have_happened_since_2000():
    assert moment_in_range(NOW, "at", NOW) == NOW
    assert moment_in_range(NOW + FUTURE_SLACK, "at", NOW) == NOW + FUTURE_SLACK  # clocks differ a little
    assert key_of(lambda: moment_in_range(NOW + FUTURE_SLACK + timedelta(seconds=1), "at", NOW)) == (
        "import.error.in_future"
    )
    assert key_of(lambda: moment_in_range(datetime(1999, 12, 31, 23, tzinfo=UTC), "at", NOW)) == (
        "import.error.before_2000"
    )


def test_a_later_time_before_the_earlier_one_is_refused_on_the_later_field():
    with pytest.raises(ValidationFailed) as refused:
        in_order(NOW, NOW - timedelta(minutes=1), "completed_at", "desk.import.before_received")
    assert (refused.value.key, refused.value.field) == ("desk.import.before_received", "completed_at")
    in_order(NOW, None, "completed_at", "desk.import.before_received")  # nothing to compare


def test_text_is_never_cut_short_and_never_holds_a_nul():
    assert text_cell("  李先生 ", "owner", 3) == "李先生"
    with pytest.raises(ValidationFailed) as refused:
        text_cell("李" * 4, "owner", 3)
    assert refused.value.params == {"max": 3, "length": 4}
    assert key_of(lambda: text_cell("a\x00b", "owner", 10)) == "import.error.nul_byte"
    with pytest.raises(ValidationFailed) as refused:
        refuse_nul({"unit": "1-1-101", "content": "漏\x00水"})
    assert refused.value.field == "content"


def test_a_cell_quoted_in_a_message_is_cut_so_a_huge_cell_does_not_flood_the_screen():
    assert shown("x" * 10) == "x" * 10
    assert shown("x" * 1_000_000) == "x" * 40 + "…"


def test_the_same_bytes_have_the_same_fingerprint():
    assert file_digest(b"a,b\n") == file_digest(b"a,b\n") != file_digest(b"a,b\r\n")
    assert len(file_digest(b"")) == 40  # fits the history's record id


TEXT = "房号,姓名\n1-1-101,张先生\n"


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "utf-32", "gb18030"])
def test_utf8_utf16_with_bom_and_gb18030_are_detected(codec):
    data = TEXT.encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data
    assert decode_text(data).lstrip("\ufeff") == TEXT


def test_latin1_is_never_guessed_but_read_when_named():
    data = "Müller,Fenêtre,à\n".encode("latin-1")
    assert key_of(lambda: decode_text(data)) == "import.error.encoding_unknown"
    assert decode_text(data, "latin-1") == "Müller,Fenêtre,à\n"
    assert key_of(lambda: decode_text("李".encode("gb18030"), "utf-8")) == "import.error.not_this_encoding"
    assert key_of(lambda: decode_text(b"x", "ebcdic")) == "import.error.encoding_choice"


def test_utf16_without_a_byte_order_mark_is_told_apart_from_nul_bytes_in_text():
    assert key_of(lambda: decode_text(TEXT.encode("utf-16-le"))) == "import.error.utf16_without_bom"
    assert decode_text(b"a,b\x00c\n") == "a,b\x00c\n"  # one NUL: refused later, by row and field


def test_an_undecodable_byte_is_named_by_its_line():
    with pytest.raises(ValidationFailed) as refused:
        decode_text(b"ok\nok\n\xff\xff\n")
    assert refused.value.params == {"line": 3}


def test_a_csv_cell_too_big_for_any_field_refuses_the_file_with_its_row():
    with pytest.raises(ImportRefused) as refused:
        csv_rows("a,b\n1,2\n3," + "x" * 200_000 + "\n")
    [problem] = refused.value.problems
    assert (problem.row, problem.error.key) == (3, "import.error.cell_too_big")


def test_workbooks_that_cannot_be_read_are_refused_by_what_they_are():
    assert key_of(lambda: read_sheet(b"PK\x03\x04broken", ".xlsx")) == "import.error.xlsx_unreadable"
    assert key_of(lambda: read_sheet(b"plain text", ".xlsx")) == "import.error.xlsx_unreadable"
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    assert key_of(lambda: read_sheet(ole, ".xlsx")) == "import.error.xlsx_legacy"
    assert key_of(lambda: read_sheet(b"x", ".xls")) == "import.error.file_type"
    assert key_of(lambda: read_sheet(b"x" * (20 * 1024 * 1024 + 1), ".csv")) == "import.error.file_too_big"


def test_a_workbook_gives_its_first_sheets_rows():
    book = Workbook()
    book.active.append(["房号", "姓名"])
    book.active.append(["1-1-101", 12.0])
    buffer = io.BytesIO()
    book.save(buffer)
    assert read_sheet(buffer.getvalue(), ".XLSX") == [["房号", "姓名"], ["1-1-101", 12]]


def test_each_import_refuses_beyond_what_its_table_columns_hold():
    from checklists.calls import records as calls
    from checklists.calls.tables import PhoneCall
    from desk.owners import records as owners
    from desk.owners.tables import Owner, Unit
    from desk.requests import importer
    from desk.requests.tables import Request

    def length(column) -> int:  # type: ignore[no-untyped-def]
        return column.property.columns[0].type.length

    assert importer.LIMITS["unit"] == length(Unit.code)
    assert importer.LIMITS["owner"] == length(Request.contact_name) == length(Owner.name)
    assert importer.LIMITS["phone"] == length(Request.contact_phone)
    assert length(Request.content) is None  # Text: the intake form's limit applies
    assert (length(Owner.name), length(Owner.phone)) == (owners.NAME_MAX, owners.PHONE_MAX)
    assert length(Owner.note) is None  # Text: the form's 500 applies
    assert (length(PhoneCall.extension), length(PhoneCall.call_key)) == (calls.EXTENSION_MAX, calls.KEY_MAX)
