"""A real server (`streamlit run serve.py`) on a free port and a headless Debian Chromium.

Never `playwright install`: the browser is Debian's /usr/bin/chromium, driven via executable_path.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest

from core.roles import Actor
from services import Services, open_services
from store.clock import NOW_VARIABLE
from tests.conftest import FakeClock, skip_or_fail
from tests.integration.helpers import PASSWORD, add_user, first_manager

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
# Counts the reruns a page asks for and the runs that end (see the script): wait_idle waits for both.
SETTLE_SCRIPT = (Path(__file__).parent / "settle.js").read_text(encoding="utf-8")
# Every journey happens on a Thursday at 09:30 in Shanghai (the morning shift is on, the night shift's
# end check has closed), whatever the machine's hour; `@pytest.mark.e2e_now("...")` sets another moment.
# The server and the test's own seeding both read it through store.clock.configured_clock.
E2E_NOW = "2026-11-26T09:30:00+08:00"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_server(db_url: str, log_path: Path) -> Iterator[str]:
    """`streamlit run serve.py` on a free port and the given database, until the block ends."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": db_url}
    log = log_path.open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "serve.py",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120  # a busy CI machine starts Streamlit slowly
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"server did not start: {log_path.read_text()[-2000:]}")
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _server_clock_and_database(request, tmp_path, monkeypatch) -> str:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'e2e.db'}"
    moment = request.node.get_closest_marker("e2e_now")
    monkeypatch.setenv(NOW_VARIABLE, moment.args[0] if moment else E2E_NOW)
    # Tests that prepare data open the same database, on the same clock.
    monkeypatch.setenv("E2E_DATABASE_URL", url)
    return url


@contextmanager
def seeding(at: datetime | None = None) -> Iterator[Services]:
    """The server's database, opened by the test to prepare a journey's data: on the journey's clock, or
    on one stopped at `at`. Closed when the block ends, so that only the server holds it."""
    svc = open_services(os.environ["E2E_DATABASE_URL"], clock=None if at is None else FakeClock(at))
    try:
        yield svc
    finally:
        svc.engine.dispose()


def manager_and_xiaoli(svc: Services) -> tuple[Actor, Actor, int]:
    """The first-run manager (boss) and Xiaoli, the staff member most journeys log in as:
    (manager, Xiaoli, the centre's site id)."""
    manager = first_manager(svc)
    return manager, add_user(svc, manager, "xiaoli", "staff", gender="female"), min(manager.site_ids)


@pytest.fixture
def server(request, tmp_path, monkeypatch) -> Iterator[str]:
    url = _server_clock_and_database(request, tmp_path, monkeypatch)
    with running_server(url, tmp_path / "server.log") as address:
        yield address


@pytest.fixture
def two_servers(request, tmp_path, monkeypatch) -> Iterator[tuple[str, str]]:
    """Two app processes on one database file, as behind a proxy that spreads the browsers."""
    url = _server_clock_and_database(request, tmp_path, monkeypatch)
    with (
        running_server(url, tmp_path / "server-a.log") as a,
        running_server(url, tmp_path / "server-b.log") as b,
    ):
        yield a, b


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):  # type: ignore[no-untyped-def]
    report = yield
    if report.when == "call":
        item.e2e_failed = report.failed  # the browser fixture photographs a failed journey's pages
    return report


@pytest.fixture
def browser(request):
    if not Path(CHROMIUM).exists():
        skip_or_fail(f"Chromium not found at {CHROMIUM} (apt-get install chromium)", "REQUIRE_E2E")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("playwright is not installed (make test installs it)", "REQUIRE_E2E")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        patient = _PatientBrowser(chromium)
        yield patient
        if getattr(request.node, "e2e_failed", False):
            for index, page in enumerate(patient.pages):
                if not page.is_closed():
                    screenshot(page, f"FAILED-{request.node.name}-{index}")
        chromium.close()


# A loaded CI machine can take its time over a rerun: waits are generous, never sleeps.
TIMEOUT_MS = 90_000


class _PatientBrowser:
    """The browser, handing out pages whose waits allow for a busy machine."""

    def __init__(self, browser) -> None:  # type: ignore[no-untyped-def]
        self._browser = browser
        self.pages: list = []

    def new_page(self, **kwargs):  # type: ignore[no-untyped-def]
        page = self._browser.new_page(**kwargs)
        page.set_default_timeout(TIMEOUT_MS)
        page.add_init_script(SETTLE_SCRIPT)
        self.pages.append(page)
        return page

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self._browser, name)


def wait_idle(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until every run the page has asked for so far (a click, a page load) has finished."""
    page.wait_for_function("() => window.__settled()", timeout=TIMEOUT_MS)


def log_out(page) -> None:  # type: ignore[no-untyped-def]
    """Open the logout page from the menu and confirm (it also offers to log out everywhere)."""
    page.get_by_test_id("stSidebarNav").get_by_text("退出登录", exact=True).click()
    wait_idle(page)
    # The cookie is cleared by /api/logout after the click; the next login must not cross it.
    with page.expect_response(lambda r: r.url.endswith("/api/logout") and r.ok):
        page.get_by_role("button", name="确认退出").click()
    wait_idle(page)


def log_in_awaiting_cookie(page, server: str, username: str, path: str = "") -> None:  # type: ignore[no-untyped-def]
    """Log in on the page at `path` of `server` and wait for the login cookie. It comes from /api/session
    after the click: cleared or read by another tab before it arrives, it would be set again or missed."""
    page.goto(f"{server}/{path}" if path else server)
    wait_idle(page)
    page.get_by_role("textbox", name="用户名").fill(username)
    page.get_by_role("textbox", name="密码").fill(PASSWORD)
    with page.expect_response(lambda r: r.url == f"{server}/api/session" and r.ok):
        page.get_by_role("button", name="登录").click()
    wait_idle(page)


def screenshot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
