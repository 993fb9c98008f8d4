"""Two desks acting on the same record at once: exactly one wins, on SQLite and on PostgreSQL,
whether the requests come from threads of one server or from separate processes."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from accounts.tables import LoginThrottle
from core import lockout
from desk.requests.workflow import Status
from quizzes.tables import QuizAttempt
from store.tables import HistoryRow
from tests.integration.helpers import PASSWORD, add_user, desk_form, first_manager
from tests.integration.races import in_processes, in_threads
from tests.integration.test_desk_registers import AFTER_HOURS
from tests.integration.test_renovation import renovation_form

THREADS = 20
PROCESSES = 6


@pytest.fixture(params=["threads", "processes"])
def race(request, services, db_url, clock):  # type: ignore[no-untyped-def]
    """race(task, *args) runs the task at once from many workers and returns their answers."""
    if request.param == "threads":
        return lambda task, *args: in_threads(services, task, THREADS, *args)
    return lambda task, *args: in_processes(db_url, clock(), task, PROCESSES, *args)


@pytest.fixture
def team(services):  # type: ignore[no-untyped-def]
    manager = first_manager(services)
    staff = add_user(services, manager, "xiaoli", "staff")
    colleague = add_user(services, manager, "xiaowang", "staff")
    return manager, staff, colleague, min(manager.site_ids)


def winners(answers):  # type: ignore[no-untyped-def]
    assert not [a for a in answers if a[0] == "error"], answers
    return [value for outcome, value in answers if outcome == "ok"]


def test_parallel_wrong_passwords_still_make_the_next_try_wait(services, team, race):
    answers = race("login", "xiaoli", "wrong-password-1")
    assert winners(answers) == []
    refusals = [key for _, key in answers]
    # Only the free tries reach the password check; every other parallel guess must wait.
    free = lockout.PER_USERNAME.free_failures
    assert refusals.count("error.login_wrong") == free
    assert refusals.count("error.login_too_soon") == len(answers) - free
    with services.sessions() as session:
        row = session.get(LoginThrottle, "user:xiaoli")
        locks = session.scalar(
            select(func.count()).where(HistoryRow.entity == "user", HistoryRow.action == "lock")
        )
    assert (row.failures, locks) == (free, 1)


def test_one_set_of_cash_takings_is_handed_over_once(services, team, clock, race):
    _, staff, colleague, site = team
    clock.now = AFTER_HOURS  # the desk takes cash only when the finance office is closed
    services.cash.take(
        staff, site, payer="李先生", unit="3-2-1201", item="物业费", amount="100", method="cash",
        receipt_no="A001",
    )  # fmt: skip
    answers = race("hand_over", staff, site, colleague.user_id)
    assert len(winners(answers)) == 1
    assert {v for o, v in answers if o == "refused"} == {"desk.error.nothing_to_hand_over"}
    assert len(services.cash.handovers(staff)) == 1


def test_one_request_is_dispatched_once(services, team, race):
    _, staff, _, site = team
    rid = services.desk.intake(staff, desk_form(site))
    answers = race("dispatch", staff, rid)
    assert len(winners(answers)) == 1
    events = [e.action for e in services.desk.detail(staff, rid).events]
    assert events.count("dispatch") == 1
    assert services.desk.detail(staff, rid).row.status == Status.DISPATCHED.value


def test_a_renovation_is_approved_or_rejected_not_both(services, team, race):
    manager, staff, _, site = team
    rid = services.renovation.apply(staff, renovation_form(site))
    answers = race("approve_or_reject", manager, rid)
    [(action, status)] = winners(answers)
    assert status == {"approve": "approved", "reject": "rejected"}[action]
    with services.sessions() as session:
        steps = session.scalars(
            select(HistoryRow.action).where(
                HistoryRow.entity == "renovation", HistoryRow.action.in_(["approve", "reject"])
            )
        ).all()
    assert steps == [action]


def test_only_one_attempt_of_a_quiz_is_in_progress(services, team, race):
    manager = team[0]
    trainee = add_user(services, manager, "newbie", "trainee")
    answers = race("start_quiz", trainee, "onboarding")
    assert len(set(winners(answers))) == 1 and len(winners(answers)) == len(answers)
    with services.sessions() as session:
        running = session.scalar(
            select(func.count()).where(
                QuizAttempt.user_id == trainee.user_id, QuizAttempt.status == "in_progress"
            )
        )
    assert running == 1


def test_the_password_is_still_checked_after_a_race(services, team):
    # A guard against a race test that passes because nothing can log in any more.
    assert services.accounts.authenticate("xiaoli", PASSWORD).username == "xiaoli"
