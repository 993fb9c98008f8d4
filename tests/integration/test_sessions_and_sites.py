"""Login sessions that survive a refresh, and site settings."""

import pytest

from core.errors import PermissionDenied, ValidationFailed
from tests.integration.helpers import first_manager


def test_a_handoff_code_becomes_a_cookie_token_once(services):
    manager = first_manager(services)
    session_id, code = services.login_sessions.start(manager.user_id)
    issued = services.login_sessions.redeem(code)
    assert issued is not None
    assert services.login_sessions.user_for_token(issued.token) == (session_id, manager.user_id)
    assert services.login_sessions.redeem(code) is None, "a code works only once"


def test_a_handoff_code_expires_after_a_minute(services, clock):
    manager = first_manager(services)
    _, code = services.login_sessions.start(manager.user_id)
    clock.advance(seconds=61)
    assert services.login_sessions.redeem(code) is None


def test_a_login_lasts_twelve_hours(services, clock):
    manager = first_manager(services)
    _, code = services.login_sessions.start(manager.user_id)
    token = services.login_sessions.redeem(code).token
    clock.advance(hours=11, minutes=59)
    assert services.login_sessions.user_for_token(token) is not None
    clock.advance(minutes=1)
    assert services.login_sessions.user_for_token(token) is None


def test_logout_ends_the_login_for_good(services):
    manager = first_manager(services)
    session_id, code = services.login_sessions.start(manager.user_id)
    token = services.login_sessions.redeem(code).token
    services.login_sessions.revoke(session_id)
    assert services.login_sessions.user_for_token(token) is None


def test_a_deactivated_user_loses_their_logins(services):
    manager = first_manager(services)
    from tests.integration.helpers import add_user

    staff = add_user(services, manager, "xiaoli", "staff")
    _, code = services.login_sessions.start(staff.user_id)
    token = services.login_sessions.redeem(code).token
    services.accounts.set_active(manager, staff.user_id, False, reason="离职")
    assert services.login_sessions.user_for_token(token) is None


@pytest.mark.parametrize("token", [None, "", "forged-token"])
def test_unknown_tokens_log_nobody_in(services, token):
    first_manager(services)
    assert services.login_sessions.user_for_token(token) is None


def test_a_manager_renames_their_site_and_the_change_is_recorded(services):
    manager = first_manager(services)
    site_id = min(manager.site_ids)
    view = services.sites.update_site(manager, site_id, name="嘉里服务中心", timezone="Asia/Hong_Kong")
    assert (view.name, view.timezone) == ("嘉里服务中心", "Asia/Hong_Kong")
    from store.history import for_record

    with services.sessions() as session:
        row = for_record(session, "site", site_id)[-1]
    assert row.changes == {
        "name": ["阳光花园服务中心", "嘉里服务中心"],
        "timezone": ["Asia/Shanghai", "Asia/Hong_Kong"],
    }


def test_site_names_are_unique(services):
    manager = first_manager(services)
    with pytest.raises(ValidationFailed) as err:
        services.sites.create_site(manager, name="阳光花园服务中心", timezone="Asia/Shanghai")
    assert err.value.key == "error.site_name_taken"


def test_a_manager_cannot_edit_a_site_not_given_to_them(services):
    manager = first_manager(services)
    with pytest.raises(PermissionDenied):
        services.sites.update_site(manager, 999, name="X", timezone="Asia/Shanghai")
