"""An unexpected error shows an incident id, never a traceback; the log has the trace under that id."""

import logging

import pytest

from accounts.service import AccountService
from tests.app.conftest import login


def test_a_bug_on_a_page_shows_an_incident_id_and_logs_the_trace(app, installed, monkeypatch, caplog):
    def broken(self, actor):
        raise RuntimeError("the users table went away")

    monkeypatch.setattr(AccountService, "list_users", broken)
    login(app, "boss")
    with caplog.at_level(logging.ERROR, logger="frontdesk.incidents"):
        app.switch_page("app_pages/admin/users.py").run()
    assert not app.exception  # no traceback element reaches the page
    message = app.error[0].value
    assert message.startswith("抱歉，系统出了点问题")
    incident = message.split("事件编号 ")[1].split(" ")[0]
    record = next(r for r in caplog.records if incident in r.getMessage())
    assert record.exc_info and "the users table went away" in str(record.exc_info[1])
    assert "the users table went away" not in message


@pytest.mark.parametrize("key", ["showErrorDetails"])
def test_streamlit_is_told_to_show_no_error_details(key):
    from pathlib import Path

    config = (Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert f'{key} = "none"' in config
