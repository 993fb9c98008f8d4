import pytest

from core.errors import PermissionDenied, ValidationFailed
from core.roles import Actor, Permission, Role, require, require_site
from core.validation import clean_timezone, clean_username, timezone_choices


def actor(role: Role, sites=(1,)) -> Actor:
    return Actor(user_id=1, username="u", display_name="U", role=role, site_ids=frozenset(sites))


@pytest.mark.parametrize("role", [Role.TRAINEE, Role.STAFF])
def test_only_managers_may_manage_users(role):
    with pytest.raises(PermissionDenied):
        require(actor(role), Permission.MANAGE_USERS)
    require(actor(Role.MANAGER), Permission.MANAGE_USERS)


def test_trainees_do_not_see_owner_phone_numbers_in_full():
    assert not actor(Role.TRAINEE).can(Permission.SEE_FULL_PHONE)
    assert actor(Role.STAFF).can(Permission.SEE_FULL_PHONE)


def test_a_manager_acts_only_on_their_own_sites():
    with pytest.raises(PermissionDenied):
        require_site(actor(Role.MANAGER, sites=(1, 2)), 3)
    require_site(actor(Role.MANAGER, sites=(1, 2)), 2)


@pytest.mark.parametrize("raw", ["", "  ", "ab", "a b c", "张三", "-dash", "x" * 33])
def test_bad_usernames_are_refused(raw):
    with pytest.raises(ValidationFailed) as err:
        clean_username(raw)
    assert err.value.field == "username"


def test_usernames_are_trimmed_and_lowercased():
    assert clean_username("  Li.Ming_01 ") == "li.ming_01"


def test_unknown_time_zone_is_refused_and_empty_means_shanghai():
    with pytest.raises(ValidationFailed):
        clean_timezone("Mars/Olympus")
    assert clean_timezone("") == "Asia/Shanghai"
    assert timezone_choices()[0] == "Asia/Shanghai"
