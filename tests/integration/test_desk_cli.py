"""`python -m desk import` and `python -m desk stats` on an empty database and on a set-up one."""

import json

import pytest
from openpyxl import Workbook

from desk.cli import main
from services import open_services
from tests.integration.helpers import first_manager

HEADER_ZH = "类型,登记时间,房号,业主,电话,来源,类别,内容,紧急程度,部门,完成时间,有效性,回访时间,满意度"
HEADER_EN = (
    "kind,received_at,unit,owner,phone,channel,category,content,urgency,department,"
    "completed_at,valid,callback_at,satisfaction"
)
GOOD_ROWS = [
    "报修,2026-10-03 09:15,3-2-1201,李先生,13812345678,电话,水电,厨房水管漏水,一般,工程部,"
    "2026-10-03 15:00,,2026-10-04 10:00,5",
    "投诉,2026-10-05 10:00,5-1-302,王女士,13900001111,来访,服务态度,前台态度不好,一般,客服中心,"
    "2026-10-08 18:00,有效,,",
    "咨询,2026-10-06 11:00,1-1-101,张先生,,电话,收费,物业费标准,一般,,2026-10-06 11:00,,,",
]


@pytest.fixture
def env(db_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", db_url)
    return {"LANG": "en_US.UTF-8"}


def write_csv(tmp_path, header, rows, name="log.csv"):
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def stats_json(capsys, env, month="2026-10", *extra):
    capsys.readouterr()
    assert main(["stats", "--month", month, "--json", *extra], env) == 0
    return json.loads(capsys.readouterr().out)


def test_import_into_an_empty_database_creates_the_site_and_keeps_states(tmp_path, env, capsys, db_url):
    path = write_csv(tmp_path, HEADER_ZH, GOOD_ROWS)
    assert main(["import", str(path), "--site", "阳光花园服务中心"], env) == 0
    assert "Imported 3 records into 阳光花园服务中心" in capsys.readouterr().out
    data = stats_json(capsys, env)
    assert data["counts"] == {"repair": 1, "inquiry": 1, "complaint": 1}
    assert data["repair_timely_rate"] == 1.0
    assert data["complaint_timely_rate"] == 0.0  # replied after its 48-hour limit
    assert data["callback_rate"] == 0.5  # the repair's callback done, the complaint's still owed
    assert data["first_contact_resolution_rate"] == pytest.approx(1 / 3)
    svc = open_services(db_url)
    with svc.sessions() as session:
        from desk.requests.tables import Callback, Request

        statuses = sorted(session.query(Request.status).all())
        assert statuses == [("answered",), ("callback_due",), ("closed",)]
        assert session.query(Callback).count() == 2  # imported history: no extra tasks
    svc.engine.dispose()


def test_english_headers_and_values_are_accepted(tmp_path, env, capsys):
    rows = [
        "repair,2026-10-03 09:15,3-2-1201,Li,13812345678,walk-in,water_electric,Leak,urgent,engineering,,,,"
    ]
    assert main(["import", str(write_csv(tmp_path, HEADER_EN, rows))], env) == 0
    assert stats_json(capsys, env)["counts"]["repair"] == 1


def test_an_excel_file_is_imported(tmp_path, env, capsys):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER_ZH.split(","))
    for row in GOOD_ROWS:
        sheet.append([cell or None for cell in row.split(",")])
    path = tmp_path / "log.xlsx"
    book.save(path)
    assert main(["import", str(path)], env) == 0
    assert stats_json(capsys, env)["counts"] == {"repair": 1, "inquiry": 1, "complaint": 1}


def test_bad_rows_are_reported_by_row_number_and_nothing_is_imported(tmp_path, env, capsys):
    rows = [
        GOOD_ROWS[0],
        "报修,yesterday,3-2-1201,李先生,13812345678,电话,水电,漏水,一般,,,,,",
        "投诉,2026-10-05 10:00,5-1-302,王女士,12345,来访,服务态度,态度差,一般,,,,,",
        "报修,2026-10-05 10:00,,王女士,13900001111,来访,水电,漏水,一般,,,,,",
        "维修,2026-10-05 10:00,1-1-101,王女士,13900001111,来访,水电,漏水,一般,,,,,",
    ]
    path = write_csv(tmp_path, HEADER_ZH, rows)
    assert main(["import", str(path)], env) == 1
    err = capsys.readouterr().err
    assert f"{path}: row 3: Received: Cannot read the time 'yesterday'" in err
    assert "row 4: Contact phone: The phone number '12345' is not valid" in err
    assert "row 5: Unit: Please give the unit." in err
    assert "row 6: Kind: Not a valid choice: 维修" in err
    assert "4 row(s) have errors; nothing was imported." in err
    assert stats_json(capsys, env)["counts"] == {"repair": 0, "inquiry": 0, "complaint": 0}


def test_an_unknown_column_is_refused(tmp_path, env, capsys):
    path = write_csv(tmp_path, HEADER_ZH + ",备注", [GOOD_ROWS[0] + ",x"])
    assert main(["import", str(path)], env) == 1
    assert "Unknown column '备注'" in capsys.readouterr().err


def test_import_into_a_named_site_of_several(tmp_path, env, capsys, db_url):
    svc = open_services(db_url)
    manager = first_manager(svc)
    svc.sites.create_site(manager, name="翠湖服务中心", timezone="Asia/Shanghai")
    svc.engine.dispose()
    path = write_csv(tmp_path, HEADER_ZH, GOOD_ROWS)
    assert main(["import", str(path)], env) == 2
    assert "name one with --site" in capsys.readouterr().err
    assert main(["import", str(path), "--site", "翠湖服务中心"], env) == 0
    assert stats_json(capsys, env, "2026-10", "--site", "翠湖服务中心")["counts"]["repair"] == 1
    assert stats_json(capsys, env, "2026-10", "--site", "阳光花园服务中心")["counts"]["repair"] == 0


@pytest.mark.parametrize("argv", [["stats", "--month", "2026-13"], ["import", "missing.csv"]])
def test_a_bad_month_or_a_missing_file_exits_2(env, argv):
    assert main(argv, env) == 2


@pytest.mark.parametrize("argv", [["frobnicate"], ["stats"], ["import"]])
def test_unknown_verbs_and_missing_arguments_exit_2(env, argv):
    with pytest.raises(SystemExit) as caught:
        main(argv, env)
    assert caught.value.code == 2
