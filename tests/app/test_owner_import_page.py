"""The owner records page's upload through AppTest: an unreadable file and a bad row each get a clear
message (never a traceback), and the same file a second time is refused until the box is ticked."""

from datetime import UTC, datetime

import pytest

from tests.app.conftest import login, pages_on_clock

GOOD = "房号,姓名,关系,电话\n1-1-101,张先生,业主,13812345678\n1-1-102,王女士,租户,\n".encode("gb18030")


@pytest.fixture
def desk(installed, app_db, monkeypatch):
    with pages_on_clock(app_db, monkeypatch, datetime(2026, 11, 26, 2, 0, tzinfo=UTC)) as services:
        yield services


def upload(app, name: str, data: bytes, again: bool = False):
    app.file_uploader(key="owners_upload").set_value((name, data, "text/csv"))
    app.run()
    if again:
        app.checkbox(key="owners_again").check()
    next(b for b in app.button if b.label == "导入").click()
    return app.run()


def test_an_unreadable_upload_and_a_bad_row_get_clear_messages(app, desk):
    login(app, "xiaoli")
    app.switch_page("app_pages/desk/owners.py").run()
    upload(app, "owners.xlsx", b"PK\x03\x04 not a workbook")
    assert not app.exception
    assert [e.value for e in app.error] == ["工作簿无法读取：文件已损坏或不是 .xlsx 文件。"]
    upload(app, "owners.csv", "房号,姓名,备注\n1-1-101,张先生,".encode() + "备".encode() * 501)
    assert not app.exception
    assert "owners.csv：第 2 行：说明：内容过长，最多 500 个字符。" in [t.value for t in app.text]


def test_the_same_file_twice_is_refused_until_the_box_is_ticked(app, desk):
    login(app, "xiaoli")
    app.switch_page("app_pages/desk/owners.py").run()
    upload(app, "owners.csv", GOOD)
    assert app.success[0].value == "已导入 2 条。"
    upload(app, "owners-copy.csv", GOOD)
    assert "该文件已导入过本服务中心" in app.error[0].value
    upload(app, "owners-copy.csv", GOOD, again=True)
    assert app.success[0].value == "已导入 2 条。"
