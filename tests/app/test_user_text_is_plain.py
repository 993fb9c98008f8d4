"""What a user typed reaches the page as typed: never as markdown, a link or a bare address turned into one
(the login toast, a heading, a refusal quoting the value; see tests/unit/test_plain_text.py)."""

from datetime import UTC, datetime

import pytest

from tests.app.conftest import login, pages_on_clock, type_into
from tests.integration.helpers import PASSWORD, first_manager
from tests.unit.test_plain_text import TEXT_REWRITES, source_is_escaped, text_node
from ui.context import plain

LINKY_NAME = "[王](https://evil.example) www.evil.example"


def shows_as_typed(markdown: str, typed: str) -> bool:
    """The typed text is in the markdown only in its inert form, and nothing in it can become a link."""
    inert = plain(typed)
    parsed = text_node(inert)
    return (
        inert in markdown
        and typed not in markdown
        and source_is_escaped(inert)
        and not any(p.search(parsed) for p in TEXT_REWRITES.values())
    )


@pytest.fixture
def desk_services(app_db, monkeypatch):
    """An installation whose staff member has a name that looks like a link, on a fixed clock."""
    with pages_on_clock(app_db, monkeypatch, datetime(2026, 11, 26, 2, 0, tzinfo=UTC)) as services:
        manager = first_manager(services)
        services.accounts.create_user(
            manager, username="xiaoli", display_name=LINKY_NAME, gender="female", role="staff",
            site_ids=list(manager.site_ids), password=PASSWORD,
        )  # fmt: skip
        yield services


def test_the_login_toast_and_the_home_heading_show_the_name_as_typed(app, desk_services):
    login(app, "xiaoli")
    assert not app.exception
    [toast] = [t.value for t in app.toast]
    assert shows_as_typed(toast, LINKY_NAME), toast
    assert shows_as_typed(app.title[0].value, LINKY_NAME), app.title[0].value


def test_a_key_s_heading_shows_its_room_as_typed(app, desk_services):
    staff = desk_services.accounts.authenticate("xiaoli", PASSWORD)
    room = "**机房** [钥匙](http://evil.example)"
    desk_services.keys.add_key(staff, min(staff.site_ids), room=room, purpose="设备间")
    login(app, "xiaoli")
    app.switch_page("app_pages/desk/keys.py").run()
    assert not app.exception
    [heading] = [h.value for h in app.subheader]
    assert shows_as_typed(heading, room), heading


def test_a_refusal_quoting_a_typed_value_shows_it_as_typed(app, desk_services):
    login(app, "xiaoli")
    app.switch_page("app_pages/desk/owners.py").run()
    phone = "[x](a.cn) b@e.cn"  # the field takes 20 characters
    type_into(app, owner_unit="3-2-1201", owner_name="李先生")
    app.text_input(key="owner_phone").input(phone)
    next(b for b in app.button if b.label == "保存").click()
    app.run()
    [error] = [e.value for e in app.error]
    assert shows_as_typed(error, phone), error
