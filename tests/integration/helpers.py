"""Builders for integration tests: a set-up installation with a manager, and accounts of each role."""

from __future__ import annotations

from core.roles import Actor
from services import Services

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


def desk_form(site_id: int, **changes):  # type: ignore[no-untyped-def]
    """A complete repair intake; pass changes for other cases."""
    from desk.requests.intake import IntakeForm

    values = dict(
        site_id=site_id, kind="repair", unit="3-2-1201", contact_name="李先生", contact_phone="13812345678",
        channel="phone", category="water_electric", urgency="normal", content="厨房水管漏水",
    )  # fmt: skip
    values.update(changes)
    return IntakeForm(**values)
