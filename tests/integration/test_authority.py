"""Authority across sites: a manager acts on an account only when they manage every site it
belongs to; a role change never leaves staff with sites they may not hold; quizzes stay at home."""

from __future__ import annotations

import pytest

from core.errors import PermissionDenied, ValidationFailed
from core.roles import Role
from rules.loader import default_rulebook
from tests.integration.helpers import PASSWORD, add_user, edit_user, first_manager


@pytest.fixture
def two_sites(services):  # type: ignore[no-untyped-def]
    """boss manages A and B; area.boss manages A and B; cuihu.boss manages B only."""
    boss = first_manager(services)
    site_a = min(boss.site_ids)
    site_b = services.sites.create_site(boss, name="翠湖服务中心", timezone="Asia/Shanghai").id
    boss = services.accounts.actor_for_user(boss.user_id)
    for username, sites in (("area.boss", [site_a, site_b]), ("cuihu.boss", [site_b])):
        services.accounts.create_user(
            boss, username=username, display_name=username, gender="male", role="manager",
            site_ids=sites, password=PASSWORD,
        )  # fmt: skip
    area = services.accounts.authenticate("area.boss", PASSWORD)
    cuihu = services.accounts.authenticate("cuihu.boss", PASSWORD)
    return boss, area, cuihu, site_a, site_b


ACTIONS = {
    "reset_password": lambda s, actor, uid, sites: s.accounts.reset_password(actor, uid, "taken-over-1"),
    "demote": lambda s, actor, uid, sites: edit_user(s, actor, uid, "片区主管", "staff", [sites[1]]),
    "edit_sites": lambda s, actor, uid, sites: edit_user(s, actor, uid, "片区主管", "manager", [sites[1]]),
    "deactivate": lambda s, actor, uid, sites: s.accounts.set_active(actor, uid, False, "离职"),
}


@pytest.mark.parametrize("action", ACTIONS)
def test_a_manager_of_one_site_cannot_act_on_a_manager_of_more_sites(services, two_sites, action):
    _, area, cuihu, site_a, site_b = two_sites
    with pytest.raises(PermissionDenied) as err:
        ACTIONS[action](services, cuihu, area.user_id, (site_a, site_b))
    assert err.value.key == "error.user_has_other_sites"
    still = services.accounts.authenticate("area.boss", PASSWORD)  # the old password still works
    assert (still.role, still.site_ids) == (Role.MANAGER, {site_a, site_b})


@pytest.mark.parametrize("action", ACTIONS)
def test_a_manager_of_every_site_of_the_account_may_act_on_it(services, two_sites, action):
    boss, area, _, site_a, site_b = two_sites
    ACTIONS[action](services, boss, area.user_id, (site_a, site_b))


def test_a_manager_of_one_site_may_still_see_the_account_and_its_history(services, two_sites):
    _, area, cuihu, _, _ = two_sites
    assert "area.boss" in {u.username for u in services.accounts.list_users(cuihu)}
    assert services.accounts.user_history(cuihu, area.user_id)


def test_a_role_change_never_leaves_staff_with_two_sites(services, two_sites):
    boss, area, _, site_a, site_b = two_sites
    with pytest.raises(ValidationFailed) as err:
        edit_user(services, boss, area.user_id, "片区主管", "staff", [site_a, site_b])
    assert err.value.key == "error.one_site_only"
    view = edit_user(services, boss, area.user_id, "片区主管", "staff", [site_b])
    assert (view.role, view.site_ids) == (Role.STAFF, {site_b})


def test_a_quiz_cannot_be_started_at_another_sites_centre(services, two_sites):
    boss, _, _, site_a, site_b = two_sites
    trainee = add_user(services, boss, "newbie", "trainee")  # at site A
    with pytest.raises(PermissionDenied):
        services.quizzes.start(trainee, default_rulebook(), "onboarding", site_id=site_b)
    assert services.quizzes.start(trainee, default_rulebook(), "onboarding", site_id=site_a)
