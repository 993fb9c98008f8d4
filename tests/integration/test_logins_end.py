"""A password reset, a password change, a deactivation and a role change end the account's open
logins (the old cookie stops working); "log out everywhere" ends them all."""

from __future__ import annotations

import pytest

from tests.integration.helpers import PASSWORD, add_user, edit_user, first_manager


def cookie_for(services, user_id):  # type: ignore[no-untyped-def]
    """A login in one browser: (login id, cookie token)."""
    login_id, code = services.login_sessions.start(user_id)
    return login_id, services.login_sessions.redeem(code).token


@pytest.fixture
def people(services):  # type: ignore[no-untyped-def]
    manager = first_manager(services)
    staff = add_user(services, manager, "xiaoli", "staff")
    return manager, staff, [cookie_for(services, staff.user_id) for _ in range(2)]


def logged_in(services, logins):  # type: ignore[no-untyped-def]
    return [services.login_sessions.user_for_token(token) is not None for _, token in logins]


CHANGES = {
    "password_reset": lambda s, m, u: s.accounts.reset_password(m, u.user_id, "brand-new-pass-1"),
    "deactivation": lambda s, m, u: s.accounts.set_active(m, u.user_id, False, "离职"),
    "role_change": lambda s, m, u: edit_user(s, m, u.user_id, "小李", "trainee", u.site_ids),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_managers_change_ends_every_open_login_of_the_account(services, people, change):
    manager, staff, logins = people
    manager_login = cookie_for(services, manager.user_id)
    CHANGES[change](services, manager, staff)
    assert logged_in(services, logins) == [False, False]
    assert [services.login_sessions.is_live(login_id) for login_id, _ in logins] == [False, False]
    assert logged_in(services, [manager_login]) == [True]


def test_a_name_change_keeps_the_logins(services, people):
    manager, staff, logins = people
    edit_user(services, manager, staff.user_id, "李晓", "staff", staff.site_ids)
    assert logged_in(services, logins) == [True, True]


def test_a_password_change_ends_the_other_logins_and_keeps_this_one(services, people):
    _, staff, logins = people
    services.accounts.change_own_password(
        staff, PASSWORD, "brand-new-pass-1", "brand-new-pass-1", keep_login=logins[0][0]
    )
    assert logged_in(services, logins) == [True, False]


def test_log_out_everywhere_ends_every_login_of_the_account_only(services, people):
    manager, staff, logins = people
    manager_login = cookie_for(services, manager.user_id)
    services.login_sessions.revoke_all(staff.user_id)
    assert logged_in(services, logins) == [False, False]
    assert logged_in(services, [manager_login]) == [True]
