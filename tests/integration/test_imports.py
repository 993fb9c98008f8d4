"""Every import refuses, with the row and the field, what it cannot keep as written: times before 2000 or
still to come, text longer than its column, a satisfaction that is no whole number 1-5, NUL bytes; reads
the encodings Excel and phone systems write; says why a file is unreadable instead of a traceback; leaves
no site behind when refused on an empty database; and refuses the same file twice unless asked again."""

import io

import pytest
from openpyxl import Workbook

from accounts.sites import all_sites
from checklists.cli import main as calls_main
from core.errors import ValidationFailed
from core.imports import ImportRefused
from desk.cli import main as desk_main
from desk.owners.tables import Owner
from desk.requests.tables import Request
from services import open_services
from tests.conftest import FakeClock
from tests.integration.helpers import add_user, first_manager

HEADER = "类型,登记时间,房号,业主,电话,来源,类别,内容,紧急程度,部门,完成时间,有效性,回访时间,满意度"
REPAIR = "报修,2026-10-03 09:15,3-2-1201,李先生,13812345678,电话,水电,厨房水管漏水,一般,工程部,2026-10-03 15:00,,2026-10-04 10:00,5"  # noqa: E501


def repair(**cells: str) -> str:
    """The good repair row with some cells replaced (by header name)."""
    values = dict(zip(HEADER.split(","), REPAIR.split(","), strict=True))
    values.update(cells)
    return ",".join(values.values())


@pytest.fixture
def env(db_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", db_url)
    return {"LANG": "en_US.UTF-8"}


@pytest.fixture
def desk(env, tmp_path, capsys):
    """`python -m desk import FILE ...` on the test database, at the tests' fixed moment."""

    def run(data: bytes | str, *args: str, name: str = "log.csv") -> tuple[int, str]:
        path = tmp_path / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        capsys.readouterr()
        code = desk_main(["import", str(path), *args], env, clock=FakeClock())
        captured = capsys.readouterr()
        return code, captured.out + captured.err

    return run


def csv_of(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


def counts(db_url: str) -> tuple[int, int]:
    """(sites, requests) in the database."""
    svc = open_services(db_url)
    try:
        with svc.sessions() as session:
            return len(all_sites(svc.sessions)), session.query(Request).count()
    finally:
        svc.engine.dispose()


def test_times_before_2000_or_still_to_come_are_refused_by_row_and_field(desk, db_url):
    code, said = desk(
        csv_of(
            REPAIR,
            repair(登记时间="2026-12-24 09:00", 完成时间="", 回访时间="", 满意度=""),
            repair(登记时间="1999-12-31 23:00", 完成时间="", 回访时间="", 满意度=""),
            repair(完成时间="2026-10-03 08:00", 回访时间="", 满意度=""),
        )
    )
    assert code == 1
    assert "row 3: Received: 2026-12-24 09:00 is in the future." in said
    assert "row 4: Received: 1999-12-31 23:00 is before the year 2000." in said
    assert "row 5: Completed: Completed before it was received." in said
    assert counts(db_url) == (0, 0)


def test_text_longer_than_its_column_is_refused_never_cut_short(desk, db_url):
    code, said = desk(csv_of(repair(业主="李" * 51), repair(房号="3-" * 21), repair(内容="漏" * 2001)))
    assert code == 1
    assert "row 2: Owner: Too long: 51 characters, the field holds at most 50." in said
    assert "row 3: Unit: Too long: 42 characters, the field holds at most 40." in said
    assert "row 4: Content: Too long: 2001 characters, the field holds at most 2000." in said
    assert counts(db_url) == (0, 0)  # nor a site: the database was empty


@pytest.mark.parametrize("score", ["4.5", "0", "6", "inf", "好"])
def test_a_satisfaction_that_is_not_a_whole_number_from_1_to_5_is_refused(desk, db_url, score):
    code, said = desk(csv_of(repair(满意度=score)))
    assert code == 1
    assert f"row 2: Satisfaction: '{score}' is not a satisfaction score" in said
    assert counts(db_url) == (0, 0)


def test_a_nul_byte_is_refused_with_its_row_and_field(desk):
    code, said = desk(csv_of(REPAIR, repair(内容="漏\x00水")))
    assert code == 1
    assert "row 3: Content: Contains a NUL character" in said


def test_refusals_speak_chinese_when_asked(desk):
    code, said = desk(csv_of(repair(业主="李" * 51)), "--lang", "zh")
    assert code == 1
    assert "太长：51 个字符，该字段最多 50 个。" in said


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030"], ids=["utf8", "utf8-bom", "utf16-bom", "gb18030"]
)
def test_the_encodings_excel_writes_are_read_without_being_named(desk, db_url, encoding):
    code, said = desk(csv_of(REPAIR).encode(encoding))
    assert (code, counts(db_url)) == (0, (1, 1)), said


def test_a_latin1_file_is_never_guessed_but_read_when_named(desk, db_url):
    latin1 = "kind,received_at,unit,owner,phone,channel,category,content\n"
    latin1 += "repair,2026-10-03 09:15,3-2-1201,Müller,,phone,water_electric,Fenêtre cassée à côté\n"
    code, said = desk(latin1.encode("latin-1"))
    assert code == 1
    assert "neither UTF-8 nor GB18030" in said and "choose Latin-1" in said
    assert desk(latin1.encode("latin-1"), "--encoding", "latin-1")[0] == 0
    svc = open_services(db_url)
    with svc.sessions() as session:
        row = session.query(Request.contact_name, Request.content).one()
    assert tuple(row) == ("Müller", "Fenêtre cassée à côté")
    svc.engine.dispose()


def test_utf16_without_a_byte_order_mark_is_named_as_such(desk):
    code, said = desk(csv_of(REPAIR).encode("utf-16-le"))
    assert code == 1
    assert "UTF-16 without a byte-order mark" in said


def test_a_damaged_workbook_or_an_old_xls_gets_a_clear_message(desk, db_url):
    code, said = desk(b"PK\x03\x04 this is no workbook", name="log.xlsx")
    assert (code, "The workbook cannot be read" in said, "Traceback" in said) == (1, True, False)
    code, said = desk(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, name="log.xlsx")
    assert code == 1 and "old .xls" in said
    assert counts(db_url) == (0, 0)


def test_a_one_megabyte_cell_is_refused_with_its_row(desk):
    code, said = desk(csv_of(REPAIR, repair(内容="漏" * 1_000_000)))
    assert code == 1
    assert "row 3: -: A cell holds more than 131072 characters" in said
    book = Workbook()
    book.active.append(HEADER.split(","))
    book.active.append(repair(内容="漏" * 1_000_000).split(","))
    buffer = io.BytesIO()
    book.save(buffer)
    code, said = desk(buffer.getvalue(), name="log.xlsx")
    assert code == 1  # a workbook cell holds at most 32767 characters (Excel's limit): still too long
    assert "row 2: Content: Too long: 32767 characters, the field holds at most 2000." in said


def test_the_same_desk_log_twice_is_refused_unless_asked_again(desk, db_url):
    assert desk(csv_of(REPAIR))[0] == 0
    code, said = desk(csv_of(REPAIR), name="copy-of-log.csv")
    assert code == 1
    assert "imported into this centre already" in said and "add --again" in said
    assert counts(db_url) == (1, 1)
    assert desk(csv_of(REPAIR), "--again")[0] == 0
    assert counts(db_url) == (1, 2)


def test_a_refused_call_import_into_an_empty_database_leaves_no_site(env, tmp_path, capsys, db_url):
    path = tmp_path / "calls.csv"
    path.write_text("start,answer,end,extension,disposition,id\n2026-11-03 09:15:00,,,8001,perhaps,c1\n")
    assert calls_main(["calls", "import", str(path)], env, clock=FakeClock()) == 1
    assert "row 2: disposition: Unknown disposition 'perhaps'" in capsys.readouterr().err
    assert counts(db_url) == (0, 0)


def test_call_records_refuse_times_to_come_and_extensions_longer_than_kept(env, tmp_path, capsys, db_url):
    path = tmp_path / "calls.csv"
    rows = ["2026-12-24 09:15:00,,,8001,no answer,c1", f"2026-11-03 09:15:00,,,{'8' * 41},no answer,c2"]
    path.write_text("\n".join(["start,answer,end,extension,disposition,id", *rows]) + "\n")
    assert calls_main(["calls", "import", str(path)], env, clock=FakeClock()) == 1
    err = capsys.readouterr().err
    assert "row 2: start: 2026-12-24 09:15 is in the future." in err
    assert "row 3: extension: Too long: 41 characters, the field holds at most 40." in err


def test_call_records_in_utf16_with_a_byte_order_mark_are_read(env, tmp_path, capsys, db_url):
    path = tmp_path / "calls.csv"
    text = "开始时间,接听时间,结束时间,分机,状态\n2026-11-03 09:15:00,2026-11-03 09:15:09,,8003,已接\n"
    path.write_bytes(text.encode("utf-16"))
    assert calls_main(["calls", "import", str(path)], env, clock=FakeClock()) == 0
    assert "Read 1 calls" in capsys.readouterr().out


OWNERS = "房号,姓名,关系,电话,备注\n1-1-101,张先生,业主,13812345678,\n1-1-102,王女士,租户,,\n"


@pytest.fixture
def owners(services):
    manager = first_manager(services)
    staff = add_user(services, manager, "xiaoli", "staff")
    return services, staff, min(staff.site_ids)


def test_an_owner_records_upload_that_cannot_be_read_gets_a_clear_refusal(owners):
    services, staff, site = owners
    for data, name, key in (
        (b"PK\x03\x04garbage", "owners.xlsx", "import.error.xlsx_unreadable"),
        (b"\xff\xfe\x00", "owners.csv", "import.error.not_this_encoding"),
        (b"%PDF-1.7", "owners.pdf", "import.error.file_type"),
    ):
        with pytest.raises(ValidationFailed) as refused:
            services.owner_records.import_file(staff, site, data, name)
        assert refused.value.key == key


def test_an_owner_note_longer_than_the_form_takes_is_refused_not_cut(owners):
    services, staff, site = owners
    data = f"房号,姓名,备注\n1-1-101,张先生,{'备' * 501}\n".encode()
    with pytest.raises(ImportRefused) as refused:
        services.owner_records.import_file(staff, site, data, "owners.csv")
    [problem] = refused.value.problems
    assert (problem.row, problem.field, problem.error.key) == (2, "note", "error.too_long")


def test_the_same_owner_records_file_twice_is_refused_unless_asked_again(owners):
    services, staff, site = owners
    data = OWNERS.encode("gb18030")
    assert services.owner_records.import_file(staff, site, data, "owners.csv") == 2
    with pytest.raises(ValidationFailed) as refused:
        services.owner_records.import_file(staff, site, data, "owners (1).csv")
    assert (refused.value.key, refused.value.params["rows"]) == ("import.error.already_imported", 2)
    assert services.owner_records.import_file(staff, site, data, "owners.csv", again=True) == 2
    with services.sessions() as session:
        assert session.query(Owner).count() == 4
