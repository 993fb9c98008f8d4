"""A database still busy after the wait shows the clear message on the page: no traceback, no incident."""

import logging
import sqlite3

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from accounts.sites import SiteService
from accounts.tables import Site
from i18n import t
from tests.app.conftest import login
from tests.integration.helpers import PASSWORD


@pytest.fixture
def other_desk_writing(app_db, monkeypatch):
    """hold() makes another desk take the write lock and keep it past the (zero) busy timeout."""
    monkeypatch.setenv("DATABASE_BUSY_TIMEOUT", "0")
    other = sqlite3.connect(make_url(app_db).database, isolation_level=None)
    yield lambda: other.execute("BEGIN IMMEDIATE")
    if other.in_transaction:
        other.execute("ROLLBACK")
    other.close()


def test_a_login_while_another_desk_holds_the_write_lock_is_told_to_try_again(
    app, installed, other_desk_writing, caplog
):
    app.run()  # the login page is open (the app started: schema checked, services built)
    other_desk_writing()
    app.text_input[0].input("boss")
    app.text_input[1].input(PASSWORD)
    with caplog.at_level(logging.ERROR, logger="frontdesk.incidents"):
        app.button[0].click().run()
    assert not app.exception
    assert [e.value for e in app.error] == [t("error.busy", "zh")]
    assert caplog.records == []


def test_a_page_that_does_not_catch_a_busy_database_still_shows_the_message(
    app, installed, other_desk_writing, monkeypatch, caplog
):
    def my_sites_with_a_write(self, actor):  # a read page whose service also writes, say a visit count
        with self._sessions.begin() as session:
            session.scalar(select(func.count()).select_from(Site))

    login(app, "boss")
    monkeypatch.setattr(SiteService, "my_sites", my_sites_with_a_write)
    other_desk_writing()
    with caplog.at_level(logging.ERROR, logger="frontdesk.incidents"):
        app.switch_page("app_pages/home.py").run()
    assert not app.exception
    assert [e.value for e in app.error] == [t("error.busy", "zh")]
    assert caplog.records == []
