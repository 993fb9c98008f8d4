"""Builders for integration tests: a set-up installation with a manager, and accounts of each role."""

from __future__ import annotations

from core.roles import Actor
from store.services import Services

PASSWORD = "correct-horse-1"


def first_manager(services: Services, site_name: str = "阳光花园服务中心") -> Actor:
    return services.accounts.setup_first_manager(
        site_name=site_name,
        timezone="Asia/Shanghai",
        username="boss",
        display_name="王主管",
        gender="female",
        password=PASSWORD,
        password_confirm=PASSWORD,
    )


def add_user(services: Services, manager: Actor, username: str, role: str, gender: str = "male") -> Actor:
    services.accounts.create_user(
        manager,
        username=username,
        display_name=username.title(),
        gender=gender,
        role=role,
        site_ids=[min(manager.site_ids)],
        password=PASSWORD,
    )
    return services.accounts.authenticate(username, PASSWORD)
