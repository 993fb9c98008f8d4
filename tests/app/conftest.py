"""AppTest fixtures: the real app.py on a fresh SQLite file per test."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from services import Services, open_services
from tests.conftest import FakeClock
from tests.integration.helpers import PASSWORD, desk_form, first_manager
from ui import content, context

APP = Path(__file__).resolve().parents[2] / "app.py"


@pytest.fixture
def app_db(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


@pytest.fixture
def app(app_db) -> AppTest:
    return AppTest.from_file(str(APP), default_timeout=30)


@pytest.fixture
def broken_content(tmp_path, monkeypatch) -> None:
    """The pages read their content from a folder whose settings.yaml is empty (line 1, column 1)."""
    (tmp_path / "settings.yaml").write_text("", encoding="utf-8")
    monkeypatch.setattr(content, "default_content_dir", lambda: tmp_path)


@pytest.fixture
def installed(app_db):
    """An installation with a manager 'boss', a staff member 'xiaoli' and a trainee 'newbie'."""
    svc = open_services(app_db)
    manager = first_manager(svc)
    for username, role in (("xiaoli", "staff"), ("newbie", "trainee")):
        svc.accounts.create_user(
            manager,
            username=username,
            display_name=username.title(),
            gender="female",
            role=role,
            site_ids=list(manager.site_ids),
            password=PASSWORD,
        )
    svc.engine.dispose()
    return svc


def login(at: AppTest, username: str, password: str = PASSWORD) -> AppTest:
    at.run()
    inputs = at.text_input
    inputs[0].input(username)
    inputs[1].input(password)
    at.button[0].click()
    return at.run()


def log_out(at: AppTest, everywhere: bool = False) -> AppTest:
    """The logout page asks first, and offers to log out of every browser too."""
    at.switch_page("app_pages/logout.py").run()
    if everywhere:
        at.checkbox[0].check()
    next(b for b in at.button if b.label == "确认退出").click()
    return at.run()


def page_links(at: AppTest) -> list[str]:
    return [link.proto.page for link in at.get("page_link")]


def open_page(at: AppTest, username: str, page: str) -> AppTest:
    """Log in as `username` and open app_pages/`page`.py."""
    login(at, username)
    return at.switch_page(f"app_pages/{page}.py").run()


def type_into(at: AppTest, **texts: str) -> AppTest:
    """Type each text into the text input of that key; the next click sends them."""
    for key, text in texts.items():
        at.text_input(key=key).input(text)
    return at


@contextmanager
def pages_on_clock(app_db: str, monkeypatch: pytest.MonkeyPatch, moment: datetime) -> Iterator[Services]:
    """Services on a clock stopped at `moment`, the ones every page then uses; closed at the end."""
    services = open_services(app_db, clock=FakeClock(moment))
    monkeypatch.setattr(context, "services", lambda: services)
    try:
        yield services
    finally:
        services.engine.dispose()


def click(at: AppTest, label: str) -> AppTest:
    """Press the button with this label and rerun."""
    next(b for b in at.button if b.label == label).click()
    return at.run()


def log_repair_and_complaint(app_db: str) -> None:
    """At the installed centre: an engineering repair, finished and called back (5, satisfied), and an open
    cleaning complaint."""
    svc = open_services(app_db)
    manager = svc.accounts.authenticate("boss", PASSWORD)
    site = min(manager.site_ids)
    repair = svc.desk.intake(manager, desk_form(site, department="engineering"))
    svc.desk.act(manager, repair, "finish")
    svc.desk.record_callback(manager, repair, result="满意", satisfaction=5)
    svc.desk.intake(manager, desk_form(site, kind="complaint", category="cleaning", content="楼道没人打扫"))
    svc.engine.dispose()
