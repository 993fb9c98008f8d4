"""Builders for integration tests: a set-up installation with a manager, and accounts of each role."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

import pytest

from core.errors import ValidationFailed
from core.roles import Actor
from rules.loader import default_rulebook
from services import Services

PASSWORD = "correct-horse-1"
MORNING = datetime(2026, 11, 26, 1, 30, tzinfo=UTC)  # 09:30 in Shanghai
# The first-run form of a fresh installation, as first_manager fills it in.
FIRST_MANAGER_FORM = {
    "site_name": "阳光花园服务中心",
    "timezone": "Asia/Shanghai",
    "username": "boss",
    "display_name": "王主管",
    "gender": "female",
    "password": PASSWORD,
    "password_confirm": PASSWORD,
}


def first_manager(services: Services, site_name: str = "阳光花园服务中心") -> Actor:
    return services.accounts.setup_first_manager(**(FIRST_MANAGER_FORM | {"site_name": site_name}))


def add_user(
    services: Services,
    manager: Actor,
    username: str,
    role: str,
    gender: str = "male",
    *,
    site_ids: Iterable[int] | None = None,
    display_name: str | None = None,
) -> Actor:
    """An account made by `manager` (at the manager's first site unless `site_ids`), logged in."""
    services.accounts.create_user(
        manager,
        username=username,
        display_name=display_name or username.title(),
        gender=gender,
        role=role,
        site_ids=[min(manager.site_ids)] if site_ids is None else list(site_ids),
        password=PASSWORD,
    )
    return services.accounts.authenticate(username, PASSWORD)


def edit_user(
    services: Services,
    by: Actor,
    user_id: int,
    name: str,
    role: str,
    site_ids: Iterable[int],
    gender: str = "male",
) -> Any:
    """`by`'s edit of an account: its name, role and sites (and gender, male unless given)."""
    return services.accounts.update_user(
        by, user_id, display_name=name, gender=gender, role=role, site_ids=list(site_ids)
    )


def refusal(step: Callable[..., object], *args: Any, **kwargs: Any) -> ValidationFailed:
    """The refusal `step(*args, **kwargs)` must end in, for the test to check its key, field and
    parameters."""
    with pytest.raises(ValidationFailed) as err:
        step(*args, **kwargs)
    return err.value


def manager_and_staff(services: Services) -> tuple[Services, Actor, Actor, int]:
    """A set-up centre with a manager and a staff member: (services, manager, staff, the site id)."""
    manager = first_manager(services)
    staff = add_user(services, manager, "xiaoli", "staff")
    return services, manager, staff, min(manager.site_ids)


def phone_audit(
    services: Services, manager: Actor, staff: Actor, site_id: int, said: str, **changes: Any
) -> Any:
    """The manager's audit of a call `staff` answered this morning with `said` (one ring unless
    `changes` say otherwise)."""
    values = dict(site_id=site_id, user_id=staff.user_id, channel="phone", observed_at=MORNING, rings=1,
                  said=said, default_scenario="phone.answer")  # fmt: skip
    return services.audits.record(manager, default_rulebook(), **(values | changes))


def desk_people(services: Services) -> tuple[Services, Actor, Actor, Actor, int]:
    """A set-up centre with a manager, a staff member and a trainee: (services, manager, staff, trainee,
    the centre's site id)."""
    manager = first_manager(services)
    staff = add_user(services, manager, "xiaoli", "staff")
    trainee = add_user(services, manager, "newbie", "trainee")
    return services, manager, staff, trainee, min(manager.site_ids)


def desk_form(site_id: int, **changes):  # type: ignore[no-untyped-def]
    """A complete repair intake; pass changes for other cases."""
    from desk.requests.intake import IntakeForm

    values = dict(
        site_id=site_id, kind="repair", unit="3-2-1201", contact_name="李先生", contact_phone="13812345678",
        channel="phone", category="water_electric", urgency="normal", content="厨房水管漏水",
    )  # fmt: skip
    values.update(changes)
    return IntakeForm(**values)


def dispatched_repair(services: Services, staff: Actor, site_id: int) -> int:
    """A repair taken at the desk and sent to engineering: its id."""
    rid = services.request_intake.intake(staff, desk_form(site_id))
    services.request_workflow.act(staff, rid, "dispatch", department="engineering")
    return rid


def certify(services: Services, user_id: int, site_id: int) -> None:
    """A certificate of the current rulebook, as a passed certification would leave it."""
    from datetime import UTC, datetime

    from quizzes.certification import critical_wordings
    from quizzes.tables import QuizAttempt, QuizCertificate
    from rules.loader import default_rulebook

    rulebook = default_rulebook()
    at = datetime(2026, 10, 1, tzinfo=UTC)
    with services.sessions.begin() as session:
        attempt = QuizAttempt(
            user_id=user_id,
            site_id=site_id,
            blueprint_id="certification",
            purpose="certification",
            seed=1,
            rulebook_version=rulebook.version_label,
            pass_mark=80,
            started_at=at,
            status="submitted",
            finished_at=at,
            question_count=20,
            correct_count=20,
            score=100.0,
            passed=True,
            critical_failed=[],
        )
        session.add(attempt)
        session.flush()
        session.add(
            QuizCertificate(
                user_id=user_id,
                site_id=site_id,
                blueprint_id="certification",
                attempt_id=attempt.id,
                issued_at=at,
                expires_at=datetime(2027, 10, 1, tzinfo=UTC),
                score=100.0,
                rulebook_version=rulebook.version_label,
                critical_rules=critical_wordings(rulebook),
                status="active",
                recertify_rules=[],
            )
        )


def right(question):  # type: ignore[no-untyped-def]
    """The right answer to a quiz question, as its widget would give it."""
    if question.kind == "true_false":
        return question.answer
    if question.kind == "single":
        return question.correct[0]
    return list(question.correct)
