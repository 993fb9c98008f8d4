"""In a real browser, with Streamlit's own markdown renderer: a name that looks like a link, a bare web
address is shown as typed in the home heading and the sidebar (the login toast, which soon fades, is an
AppTest), and a key's room likewise in its heading: nothing becomes a link, emphasis or an icon."""

import os

import pytest

from services import open_services
from tests.e2e.conftest import screenshot, wait_idle
from tests.e2e.test_desk_journey import go, log_in
from tests.integration.helpers import PASSWORD, first_manager

pytestmark = pytest.mark.e2e

NAME = "[王](https://evil.example) www.x.cn"
ROOM = "**机房** :smile: boss@evil.example"
MARKUP = "a:not([href^='#']), img, strong, em, del, code, h4, ul, ol, blockquote, span[role=img]"


@pytest.fixture
def linky_staff(server):
    svc = open_services(os.environ["E2E_DATABASE_URL"])
    manager = first_manager(svc)
    svc.accounts.create_user(
        manager, username="xiaoli", display_name=NAME, gender="female", role="staff",
        site_ids=list(manager.site_ids), password=PASSWORD,
    )  # fmt: skip
    staff = svc.accounts.authenticate("xiaoli", PASSWORD)
    svc.keys.add_key(staff, min(staff.site_ids), room=ROOM, purpose="设备间")
    svc.engine.dispose()


def shown(locator) -> str:  # type: ignore[no-untyped-def]
    return locator.inner_text().replace("\u2060", "").strip()


def test_typed_names_and_rooms_show_as_typed_never_as_links(server, browser, linky_staff):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    log_in(page, server, "xiaoli")
    title = page.get_by_test_id("stHeading").first
    assert shown(title) == f"你好，{NAME}"
    assert title.locator(MARKUP).count() == 0
    sidebar = page.get_by_test_id("stSidebar").get_by_test_id("stCaptionContainer")
    assert NAME in shown(sidebar) and sidebar.locator(MARKUP).count() == 0
    screenshot(page, "plain-01-home")

    go(page, "钥匙")
    heading = page.get_by_test_id("stHeading").filter(has_text="机房").first
    heading.wait_for()
    assert ROOM in shown(heading)
    assert heading.locator(MARKUP).count() == 0
    wait_idle(page)
    screenshot(page, "plain-02-key")
