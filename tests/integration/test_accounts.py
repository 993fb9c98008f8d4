"""Accounts on a real database (SQLite and PostgreSQL): setup, login, lockout, management by role."""

import pytest

from core.errors import AuthenticationFailed, NotFound, PermissionDenied, ValidationFailed
from core.roles import Role
from store.history import for_record
from tests.integration.helpers import FIRST_MANAGER_FORM, PASSWORD, add_user, edit_user, first_manager


def test_a_new_installation_needs_setup_until_the_first_manager_exists(services):
    assert services.accounts.needs_setup()
    manager = first_manager(services)
    assert not services.accounts.needs_setup()
    assert manager.role is Role.MANAGER
    assert len(manager.site_ids) == 1
    assert [s.name for s in services.sites.my_sites(manager)] == ["阳光花园服务中心"]


def test_setup_cannot_run_twice(services):
    first_manager(services)
    with pytest.raises(PermissionDenied) as err:
        first_manager(services, site_name="另一个中心")
    assert err.value.key == "error.setup_done"


@pytest.mark.parametrize(
    ("field", "value", "key"),
    [
        ("site_name", "  ", "error.site_name_empty"),
        ("username", "", "error.username_empty"),
        ("display_name", "", "error.display_name_empty"),
        ("password", "short", "error.password_too_short"),
        ("password_confirm", "different-password", "error.password_mismatch"),
        ("timezone", "Nowhere/City", "error.timezone_invalid"),
    ],
)
def test_setup_refuses_bad_input_and_creates_nothing(services, field, value, key):
    form = dict(FIRST_MANAGER_FORM)
    form[field] = value
    with pytest.raises(ValidationFailed) as err:
        services.accounts.setup_first_manager(**form)
    assert err.value.key == key
    assert services.accounts.needs_setup()


def test_login_with_the_right_password_returns_the_user(services):
    first_manager(services)
    actor = services.accounts.authenticate(" BOSS ", PASSWORD)
    assert actor.username == "boss"
    assert actor.display_name == "王主管"


def test_unknown_user_and_wrong_password_get_the_same_refusal(services):
    first_manager(services)
    with pytest.raises(AuthenticationFailed) as unknown:
        services.accounts.authenticate("nobody", PASSWORD)
    with pytest.raises(AuthenticationFailed) as wrong:
        services.accounts.authenticate("boss", "wrong-password")
    assert (unknown.value.key, unknown.value.params) == (wrong.value.key, wrong.value.params)
    assert wrong.value.key == "error.login_wrong"


def test_empty_login_fields_are_refused_before_any_lookup(services):
    with pytest.raises(ValidationFailed) as err:
        services.accounts.authenticate("", "")
    assert err.value.key == "error.login_empty"


def wrong_logins(services, username, times, client=None):  # type: ignore[no-untyped-def]
    for _ in range(times):
        with pytest.raises(AuthenticationFailed) as err:
            services.accounts.authenticate(username, "wrong-password", client)
        assert err.value.key == "error.login_wrong"


def too_soon(services, username, client=None, password=PASSWORD):  # type: ignore[no-untyped-def]
    with pytest.raises(AuthenticationFailed) as err:
        services.accounts.authenticate(username, password, client)
    assert err.value.key == "error.login_too_soon"
    return err.value.params["seconds"]


def test_repeated_wrong_passwords_wait_longer_and_longer_instead_of_a_lock(services, clock):
    first_manager(services)
    wrong_logins(services, "boss", 3)
    assert too_soon(services, "boss") == 5  # even the right password waits
    clock.advance(seconds=5)
    wrong_logins(services, "boss", 1)
    assert too_soon(services, "boss") == 10
    clock.advance(seconds=10)
    assert services.accounts.authenticate("boss", PASSWORD).username == "boss"
    wrong_logins(services, "boss", 2)  # a success starts a fresh count
    clock.advance(minutes=15)  # the old lock would still hold; the wait never lasts that long
    assert services.accounts.authenticate("boss", PASSWORD).username == "boss"


def test_an_unknown_username_waits_exactly_like_a_real_one(services):
    first_manager(services)
    wrong_logins(services, "nobody", 3)
    wrong_logins(services, "boss", 3)
    assert too_soon(services, "nobody") == too_soon(services, "boss") == 5


def test_one_client_address_trying_many_usernames_is_slowed_down(services, clock):
    first_manager(services)
    for n in range(20):
        wrong_logins(services, f"guess{n}", 1, client="10.0.0.66")
    assert too_soon(services, "boss", client="10.0.0.66") == 5
    assert services.accounts.authenticate("boss", PASSWORD, "10.0.0.7").username == "boss"


def test_a_right_password_does_not_clear_the_addresss_other_failures(services):
    first_manager(services)
    for n in range(19):
        wrong_logins(services, f"guess{n}", 1, client="10.0.0.66")
    services.accounts.authenticate("boss", PASSWORD, "10.0.0.66")
    wrong_logins(services, "guess99", 1, client="10.0.0.66")
    assert too_soon(services, "boss", client="10.0.0.66") == 5


def test_the_first_wait_leaves_a_history_row(services):
    manager = first_manager(services)
    wrong_logins(services, "boss", 3)
    with services.sessions() as session:
        actions = [row.action for row in for_record(session, "user", manager.user_id)]
    assert actions.count("lock") == 1


def test_a_manager_reset_lifts_the_wait(services):
    manager = first_manager(services)
    add_user(services, manager, "xiaoli", "staff")
    wrong_logins(services, "xiaoli", 3)
    [view] = [u for u in services.accounts.list_users(manager) if u.username == "xiaoli"]
    assert view.locked is True
    assert services.accounts.reset_password(manager, view.id, "brand-new-pass").locked is False
    assert services.accounts.authenticate("xiaoli", "brand-new-pass").username == "xiaoli"


def test_a_deactivated_user_cannot_log_in(services):
    manager = first_manager(services)
    staff = add_user(services, manager, "xiaoli", "staff")
    services.accounts.set_active(manager, staff.user_id, False, reason="离职")
    with pytest.raises(AuthenticationFailed) as err:
        services.accounts.authenticate("xiaoli", PASSWORD)
    assert err.value.key == "error.login_inactive"
    assert services.accounts.actor_for_user(staff.user_id) is None


def test_deactivation_needs_a_reason_and_is_recorded_never_deleted(services):
    manager = first_manager(services)
    staff = add_user(services, manager, "xiaoli", "staff")
    with pytest.raises(ValidationFailed) as err:
        services.accounts.set_active(manager, staff.user_id, False, reason="  ")
    assert err.value.key == "error.reason_required"
    services.accounts.set_active(manager, staff.user_id, False, reason="离职")
    users = {u.username: u for u in services.accounts.list_users(manager)}
    assert users["xiaoli"].active is False
    entries = services.accounts.user_history(manager, staff.user_id)
    assert entries[0].action == "deactivate"
    assert entries[0].note == "离职"
    assert entries[0].changes == {"active": [True, False]}
    assert entries[0].actor_name == "王主管"


def test_duplicate_username_is_refused(services):
    manager = first_manager(services)
    add_user(services, manager, "xiaoli", "staff")
    with pytest.raises(ValidationFailed) as err:
        add_user(services, manager, "XiaoLi", "trainee")
    assert err.value.key == "error.username_taken"
    assert err.value.field == "username"


@pytest.mark.parametrize("role", ["trainee", "staff"])
def test_only_managers_manage_accounts(services, role):
    manager = first_manager(services)
    other = add_user(services, manager, "colleague", "staff")
    actor = add_user(services, manager, "someone", role)
    calls = [
        lambda: services.accounts.list_users(actor),
        lambda: services.accounts.create_user(
            actor,
            username="sneaky",
            display_name="S",
            gender="male",
            role="manager",
            site_ids=list(actor.site_ids),
            password=PASSWORD,
        ),
        lambda: services.accounts.set_active(actor, other.user_id, False, reason="x"),
        lambda: services.accounts.reset_password(actor, other.user_id, "another-pass-1"),
        lambda: edit_user(services, actor, actor.user_id, "X", "manager", actor.site_ids),
        lambda: services.sites.create_site(actor, name="新中心", timezone="Asia/Shanghai"),
        lambda: services.sites.update_site(actor, min(actor.site_ids), name="改名", timezone="Asia/Shanghai"),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert services.accounts.actor_for_user(actor.user_id).role is Role(role)


def test_a_manager_changes_a_role_and_it_applies_at_once(services):
    manager = first_manager(services)
    trainee = add_user(services, manager, "newbie", "trainee")
    edit_user(services, manager, trainee.user_id, "新人", "staff", manager.site_ids)
    refreshed = services.accounts.actor_for_user(trainee.user_id)
    assert refreshed.role is Role.STAFF
    assert refreshed.display_name == "新人"
    changes = services.accounts.user_history(manager, trainee.user_id)[0].changes
    assert changes["role"] == ["trainee", "staff"]


def test_a_manager_cannot_change_their_own_role_or_deactivate_themselves(services):
    manager = first_manager(services)
    with pytest.raises(PermissionDenied):
        edit_user(services, manager, manager.user_id, "王主管", "staff", manager.site_ids, gender="female")
    with pytest.raises(PermissionDenied):
        services.accounts.set_active(manager, manager.user_id, False, reason="test")


def test_staff_belong_to_one_site_and_managers_may_have_several(services):
    manager = first_manager(services)
    second = services.sites.create_site(manager, name="翠湖服务中心", timezone="Asia/Shanghai")
    manager = services.accounts.actor_for_user(manager.user_id)
    assert manager.site_ids == {min(manager.site_ids), second.id}
    with pytest.raises(ValidationFailed) as err:
        add_user(services, manager, "twosites", "staff", site_ids=manager.site_ids)
    assert err.value.key == "error.one_site_only"
    area_boss = add_user(services, manager, "area.boss", "manager", site_ids=manager.site_ids)
    assert services.accounts.actor_for_user(area_boss.user_id).site_ids == manager.site_ids


def test_a_manager_cannot_touch_people_of_another_site(services):
    manager = first_manager(services)
    other_site = services.sites.create_site(manager, name="翠湖服务中心", timezone="Asia/Shanghai")
    manager = services.accounts.actor_for_user(manager.user_id)
    cuihu_boss = add_user(services, manager, "cuihu.boss", "manager", site_ids=[other_site.id])
    xiaoli = add_user(services, manager, "xiaoli", "staff")  # at the first site
    assert "xiaoli" not in {u.username for u in services.accounts.list_users(cuihu_boss)}
    with pytest.raises(NotFound):
        services.accounts.reset_password(cuihu_boss, xiaoli.user_id, "another-pass-1")
    with pytest.raises(PermissionDenied):
        add_user(
            services, cuihu_boss, "intruder", "staff", site_ids=[min(manager.site_ids - {other_site.id})]
        )


def test_user_changes_own_password_only_with_the_current_one(services):
    manager = first_manager(services)
    with pytest.raises(ValidationFailed) as err:
        services.accounts.change_own_password(manager, "wrong-current", "new-password-1", "new-password-1")
    assert err.value.key == "error.current_password_wrong"
    services.accounts.change_own_password(manager, PASSWORD, "new-password-1", "new-password-1")
    assert services.accounts.authenticate("boss", "new-password-1").username == "boss"


def test_language_preference_is_remembered(services):
    manager = first_manager(services)
    assert manager.language == "zh"
    services.accounts.set_language(manager, "en")
    assert services.accounts.authenticate("boss", PASSWORD).language == "en"
    with pytest.raises(ValidationFailed):
        services.accounts.set_language(manager, "fr")


def test_history_never_holds_a_password_hash(services):
    manager = first_manager(services)
    staff = add_user(services, manager, "xiaoli", "staff")
    services.accounts.reset_password(manager, staff.user_id, "another-pass-1")
    with services.sessions() as session:
        rows = for_record(session, "user", staff.user_id)
    assert [r.action for r in rows] == ["create", "password_reset"]
    assert "$argon2" not in repr([r.changes for r in rows])
