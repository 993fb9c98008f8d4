"""Shift checks on a real database (SQLite and PostgreSQL): self-checks, lateness, the race for one
shift, amendments, corrective actions, spot checks, the roster, missed checks and the board."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from checklists import check_records
from checklists.self_checks import SelfChecks
from checklists.settings import Weights
from checklists.shifts import Kind, SlotStatus
from checklists.spot_checks import SpotChecks
from core.errors import NotFound, PermissionDenied, ValidationFailed
from rules.loader import default_rulebook
from store.history import for_record
from tests.integration.helpers import add_user, first_manager

RULEBOOK = default_rulebook()
DAY = date(2026, 11, 26)
ALCOHOL = "before_shift.no_alcohol"  # critical, asked to everyone at the start of a shift
BADGE = "dress.badge_on_left_chest"  # major


def beijing(hour: int, minute: int = 0, day: int = 26) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=ZoneInfo("Asia/Shanghai")).astimezone(UTC)


@pytest.fixture
def team(services, clock):
    clock.now = beijing(6, 50)
    manager = first_manager(services)
    staff = add_user(services, manager, "xiaoli", "staff", gender="female")
    other = add_user(services, manager, "xiaozhang", "staff", gender="male")
    trainee = add_user(services, manager, "newbie", "trainee")
    return manager, staff, other, trainee


def history_of(services, entity: str, entity_id: int):
    with services.sessions() as session:
        return for_record(session, entity, entity_id)


def site_of(actor) -> int:
    return min(actor.site_ids)


def items(services, actor, kind: Kind = Kind.START):
    return services.checks.today(actor, RULEBOOK).items[kind]


def answers(services, actor, kind: Kind = Kind.START, **overrides: str):
    chosen = {i.rule_id: "pass" for i in items(services, actor, kind)}
    chosen.update({k.replace("__", "."): v for k, v in overrides.items()})
    return chosen


def submit(services, actor, *, shift_id="morning", day=DAY, kind=Kind.START, notes=None, **overrides):
    return services.checks.submit(
        actor,
        RULEBOOK,
        shift_date=day,
        shift_id=shift_id,
        kind=kind.value,
        answers=answers(services, actor, kind, **overrides),
        notes=notes or {},
    )


# --- the staff member's own check ------------------------------------------------------------------


def test_a_start_check_is_scored_and_kept_with_the_rulebook_version(services, team, clock):
    _, staff, _, _ = team
    clock.now = beijing(7, 5)
    result = submit(services, staff, dress__badge_on_left_chest="fail", notes={BADGE: "工作牌落在家里"})
    asked = items(services, staff)
    total = sum(i.weight for i in asked)
    assert result.score == pytest.approx(100 * (total - 2) / total)
    assert result.passed  # one major item missed stays above the 80 % pass mark
    assert not result.late
    assert result.rulebook_version == RULEBOOK.version_label
    assert [a.rule_id for a in result.answers] == [i.rule_id for i in asked]
    assert next(a for a in result.answers if a.rule_id == BADGE).note == "工作牌落在家里"
    assert [h.action for h in history_of(services, "shift_check", result.id)] == ["submit"]


def test_women_are_asked_the_womens_grooming_items_and_men_the_mens(services, team):
    _, staff, other, _ = team
    women = {i.rule_id for i in items(services, staff)}
    men = {i.rule_id for i in items(services, other)}
    assert any(r.startswith("grooming.women_") for r in women)
    assert not any(r.startswith("grooming.men_") for r in women)
    assert any(r.startswith("grooming.men_") for r in men)


def test_a_critical_failure_fails_the_check(services, team, clock):
    _, staff, _, _ = team
    clock.now = beijing(7, 0)
    result = submit(services, staff, before_shift__no_alcohol="fail", notes={ALCOHOL: "昨晚聚餐"})
    assert result.score > 80
    assert result.critical_failed
    assert not result.passed


def test_a_start_check_after_the_grace_period_is_marked_late(services, team, clock):
    _, staff, _, _ = team
    clock.now = beijing(7, 16)
    assert submit(services, staff).late


@pytest.mark.parametrize(
    ("now", "day", "key"),
    [
        (beijing(5, 59), DAY, "checks.error.future_shift"),
        (beijing(9, 0), date(2026, 11, 27), "checks.error.future_shift"),
        (beijing(17, 1), DAY, "checks.error.closed"),
    ],
)
def test_a_check_for_a_future_shift_or_after_the_window_closed_is_refused(
    services, team, clock, now, day, key
):
    _, staff, _, _ = team
    clock.now = now
    with pytest.raises(ValidationFailed) as err:
        submit(services, staff, day=day)
    assert err.value.key == key


def test_a_failed_item_without_a_note_is_refused(services, team, clock):
    _, staff, _, _ = team
    clock.now = beijing(7, 0)
    with pytest.raises(ValidationFailed) as err:
        submit(services, staff, dress__badge_on_left_chest="fail")
    assert err.value.key == "checks.error.note_required"
    assert services.checks.my_checks(staff) == []


def test_one_check_per_person_shift_and_kind(services, team, clock):
    _, staff, _, _ = team
    clock.now = beijing(7, 0)
    submit(services, staff)
    with pytest.raises(ValidationFailed) as err:
        submit(services, staff)
    assert err.value.key == "checks.error.already_submitted"
    clock.now = beijing(14, 50)
    assert submit(services, staff, kind=Kind.END).kind == "end"  # the end check is a check of its own


def test_two_submissions_racing_for_the_same_shift_exactly_one_wins(services, team, clock):
    _, staff, _, _ = team
    clock.now = beijing(7, 0)
    chosen = answers(services, staff)
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def attempt() -> None:
        barrier.wait()
        try:
            outcomes.append(
                services.checks.submit(
                    staff,
                    RULEBOOK,
                    shift_date=DAY,
                    shift_id="morning",
                    kind="start",
                    answers=chosen,
                    notes={},
                )
            )
        except ValidationFailed as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    refusals = [o for o in outcomes if isinstance(o, ValidationFailed)]
    assert len(outcomes) == 2
    assert len(refusals) == 1
    assert refusals[0].key == "checks.error.already_submitted"
    assert len(services.checks.my_checks(staff)) == 1


def test_a_submission_that_loses_the_race_after_its_own_lookup_is_stopped_by_the_unique_constraint(
    services, team, clock, monkeypatch
):
    _, staff, _, _ = team
    clock.now = beijing(7, 0)
    submit(services, staff)
    # The other submission looked before the first one committed, so its lookup found nothing.
    monkeypatch.setattr(check_records, "existing_check", lambda *args: None)
    with pytest.raises(ValidationFailed) as err:
        submit(services, staff)
    assert err.value.key == "checks.error.already_submitted"
    assert len(services.checks.my_checks(staff)) == 1


# --- roles ---------------------------------------------------------------------------------------


def test_trainees_have_no_shift_checks(services, team):
    _, _, _, trainee = team
    for call in (
        lambda: services.checks.today(trainee, RULEBOOK),
        lambda: submit(services, trainee),
        lambda: services.actions.my_actions(trainee),
        lambda: services.checks.my_checks(trainee),
    ):
        with pytest.raises(PermissionDenied):
            call()


@pytest.mark.parametrize("role", ["staff", "trainee"])
def test_only_managers_run_the_board_roster_spot_checks_and_amendments(services, team, role):
    manager, staff, other, trainee = team
    actor = staff if role == "staff" else trainee
    site = site_of(manager)
    calls = [
        lambda: services.check_board.board(actor, site),
        lambda: services.roster.roster(actor, site, DAY),
        lambda: services.roster.assign(
            actor, site, user_id=other.user_id, shift_date=DAY, shift_id="morning"
        ),
        lambda: services.roster.people(actor, site),
        lambda: services.actions.site_actions(actor, site),
        lambda: services.spot_checks.spot_items(actor, RULEBOOK, other.user_id, "start"),
        lambda: services.spot_checks.amend(actor, 1, answers={}, notes={}, reason="x"),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()


def test_staff_and_managers_both_do_their_own_checks(services, team, clock):
    manager, staff, _, _ = team
    clock.now = beijing(7, 0)
    assert submit(services, manager).user_id == manager.user_id
    assert submit(services, staff).user_id == staff.user_id


# --- amendments ------------------------------------------------------------------------------------


def test_only_a_manager_can_amend_a_submitted_check_and_it_leaves_history(services, team, clock):
    manager, staff, _, _ = team
    clock.now = beijing(7, 0)
    first = submit(services, staff)
    assert first.score == 100
    new = answers(services, staff, before_shift__no_alcohol="fail")
    with pytest.raises(PermissionDenied):
        services.spot_checks.amend(staff, first.id, answers=new, notes={ALCOHOL: "其实喝了"}, reason="改")
    with pytest.raises(ValidationFailed) as err:
        services.spot_checks.amend(manager, first.id, answers=new, notes={ALCOHOL: "酒味"}, reason=" ")
    assert err.value.key == "error.reason_required"

    amended = services.spot_checks.amend(
        manager, first.id, answers=new, notes={ALCOHOL: "酒味"}, reason="主管复核"
    )
    assert amended.critical_failed and not amended.passed
    assert amended.amended_at is not None
    assert [a.rule_id for a in amended.actions] == [ALCOHOL]  # the new failure opened an action
    row = history_of(services, "shift_check", first.id)[-1]
    assert row.action == "amend"
    assert row.note == "主管复核"
    assert row.changes[f"answer.{ALCOHOL}"] == ["pass", "fail"]
    assert row.changes["passed"] == [True, False]


def test_a_manager_does_not_amend_their_own_check(services, team, clock):
    manager, _, _, _ = team
    clock.now = beijing(7, 0)
    own = submit(services, manager)
    with pytest.raises(PermissionDenied) as err:
        services.spot_checks.amend(
            manager, own.id, answers=answers(services, manager), notes={}, reason="自改"
        )
    assert err.value.key == "checks.error.amend_own"


def test_a_later_change_of_weights_never_rewrites_an_old_score(services, team, clock):
    manager, staff, _, _ = team
    clock.now = beijing(7, 0)
    first = submit(services, staff, dress__badge_on_left_chest="fail", notes={BADGE: "忘戴"})

    def flat_settings():
        return services.checks.settings_state().settings.model_copy(
            update={"weights": Weights(critical=1, major=1, minor=1), "pass_mark": 99}
        )

    assert SelfChecks(services.sessions, clock, flat_settings).check(staff, first.id).score == first.score
    kept = SpotChecks(services.sessions, clock, flat_settings).amend(
        manager,
        first.id,
        answers={a.rule_id: a.answer for a in first.answers},
        notes={BADGE: "忘戴"},
        reason="复核，无变化",
    )
    assert kept.score == pytest.approx(first.score)
    assert kept.passed == first.passed
    assert kept.pass_mark == 80


# --- corrective actions ----------------------------------------------------------------------------


def test_a_failed_item_opens_an_action_due_at_the_same_shift_tomorrow_without_a_roster(services, team, clock):
    _, staff, _, _ = team
    clock.now = beijing(7, 0)
    result = submit(services, staff, dress__badge_on_left_chest="fail", notes={BADGE: "忘戴"})
    [action] = result.actions
    assert (action.rule_id, action.state, action.failure_note) == (BADGE, "open", "忘戴")
    assert action.due_at == beijing(7, 0, day=27)
    assert [a.id for a in services.actions.my_actions(staff)] == [action.id]


def test_with_a_roster_the_action_is_due_when_the_next_rostered_shift_starts(services, team, clock):
    manager, staff, _, _ = team
    site = site_of(manager)
    services.roster.assign(manager, site, user_id=staff.user_id, shift_date=DAY, shift_id="morning")
    services.roster.assign(
        manager, site, user_id=staff.user_id, shift_date=date(2026, 11, 28), shift_id="night"
    )
    clock.now = beijing(7, 0)
    result = submit(services, staff, dress__badge_on_left_chest="fail", notes={BADGE: "忘戴"})
    assert result.actions[0].due_at == beijing(23, 0, day=28)


def test_staff_work_an_action_through_and_only_a_manager_verifies_it(services, team, clock):
    manager, staff, other, _ = team
    clock.now = beijing(7, 0)
    result = submit(services, staff, dress__badge_on_left_chest="fail", notes={BADGE: "忘戴"})
    action_id = result.actions[0].id
    assert result.actions[0].moves == ("in_progress", "done")

    with pytest.raises(NotFound):
        services.actions.move_action(other, action_id, "in_progress")  # not theirs
    services.actions.move_action(staff, action_id, "in_progress", "已订购新工作牌")
    done = services.actions.move_action(staff, action_id, "done", "已佩戴")
    assert done.state == "done" and done.moves == ()
    with pytest.raises(PermissionDenied) as err:
        services.actions.move_action(staff, action_id, "verified")
    assert err.value.key == "checks.error.manager_only"

    [pending] = services.actions.site_actions(manager, site_of(manager))
    assert pending.moves == ("verified", "in_progress")
    verified = services.actions.move_action(manager, action_id, "verified", "已核实")
    assert verified.state == "verified"
    assert services.actions.my_actions(staff) == []
    steps = [h.action for h in history_of(services, "corrective_action", action_id)]
    assert steps == ["open", "in_progress", "done", "verified"]


def test_sending_done_work_back_needs_a_reason(services, team, clock):
    manager, staff, _, _ = team
    clock.now = beijing(7, 0)
    action_id = (
        submit(services, staff, dress__badge_on_left_chest="fail", notes={BADGE: "忘戴"}).actions[0].id
    )
    services.actions.move_action(staff, action_id, "done")
    with pytest.raises(ValidationFailed):
        services.actions.move_action(manager, action_id, "in_progress")
    assert services.actions.move_action(manager, action_id, "in_progress", "仍未佩戴").state == "in_progress"


# --- spot checks -----------------------------------------------------------------------------------


def test_a_spot_check_asks_the_same_items_and_shows_who_rates_themselves_kindly(services, team, clock):
    manager, staff, other, _ = team
    clock.now = beijing(7, 0)
    submit(services, staff)  # 100 %
    submit(services, other)  # 100 %
    clock.now = beijing(9, 0)
    spot_items = services.spot_checks.spot_items(manager, RULEBOOK, staff.user_id, "start")
    assert spot_items == items(services, staff)
    spot = services.spot_checks.spot_check(
        manager,
        RULEBOOK,
        user_id=staff.user_id,
        shift_date=DAY,
        shift_id="morning",
        kind="start",
        answers={i.rule_id: "fail" if i.rule_id == BADGE else "pass" for i in spot_items},
        notes={BADGE: "未佩戴工作牌"},
    )
    assert spot.source == "spot" and spot.inspector_name == "王主管"
    assert [a.user_id for a in spot.actions] == [staff.user_id]  # the failure is the staff member's to fix

    def spot_other():
        return services.spot_checks.spot_check(
            manager,
            RULEBOOK,
            user_id=other.user_id,
            shift_date=DAY,
            shift_id="morning",
            kind="start",
            answers={i.rule_id: "pass" for i in items(services, other)},
            notes={},
        )

    spot_other()
    with pytest.raises(ValidationFailed) as err:
        spot_other()  # the same shift checked twice
    assert err.value.key == "checks.error.already_spot_checked"

    gaps = {g.user_name: g for g in services.check_board.board(manager, site_of(manager), DAY).gaps}
    assert gaps["Xiaoli"].pairs == 1
    assert gaps["Xiaoli"].gap == pytest.approx(100 - spot.score)
    assert gaps["Xiaoli"].kind_answers == 1
    assert gaps["Xiaozhang"].gap == 0 and gaps["Xiaozhang"].kind_answers == 0
    assert list(gaps) == ["Xiaoli", "Xiaozhang"]  # the kindest self-rater first


def test_a_trainee_cannot_be_spot_checked_or_rostered(services, team):
    manager, _, _, trainee = team
    with pytest.raises(ValidationFailed) as err:
        services.roster.assign(
            manager, site_of(manager), user_id=trainee.user_id, shift_date=DAY, shift_id="morning"
        )
    assert err.value.key == "checks.error.trainee_no_checks"
    with pytest.raises(ValidationFailed):
        services.spot_checks.spot_items(manager, RULEBOOK, trainee.user_id, "start")


# --- roster ----------------------------------------------------------------------------------------


def test_a_manager_rosters_people_and_takes_them_off_with_a_reason(services, team):
    manager, staff, other, _ = team
    site = site_of(manager)
    entry = services.roster.assign(manager, site, user_id=staff.user_id, shift_date=DAY, shift_id="morning")
    services.roster.assign(manager, site, user_id=other.user_id, shift_date=DAY, shift_id="night")
    with pytest.raises(ValidationFailed) as err:
        services.roster.assign(manager, site, user_id=staff.user_id, shift_date=DAY, shift_id="morning")
    assert err.value.key == "checks.error.already_rostered"
    with pytest.raises(ValidationFailed):
        services.roster.assign(manager, site, user_id=staff.user_id, shift_date=DAY, shift_id="brunch")

    week = services.roster.roster(manager, site, DAY)
    assert len(week.dates) == 7
    assert {(e.user_name, e.shift_id) for e in week.entries} == {
        ("Xiaoli", "morning"),
        ("Xiaozhang", "night"),
    }
    assert {p.name for p in week.people} == {"王主管", "Xiaoli", "Xiaozhang"}

    with pytest.raises(ValidationFailed):
        services.roster.unassign(manager, entry.id, "")
    services.roster.unassign(manager, entry.id, "调休")
    assert {e.user_name for e in services.roster.roster(manager, site, DAY).entries} == {"Xiaozhang"}
    again = services.roster.assign(manager, site, user_id=staff.user_id, shift_date=DAY, shift_id="morning")
    assert again.id == entry.id
    assert [h.action for h in history_of(services, "roster", entry.id)] == [
        "assign",
        "unassign",
        "assign",
    ]


def test_today_puts_the_rostered_shift_first(services, team, clock):
    manager, staff, _, _ = team
    services.roster.assign(
        manager, site_of(manager), user_id=staff.user_id, shift_date=DAY, shift_id="middle"
    )
    clock.now = beijing(14, 30)  # the morning end check and the middle start check are both open
    slots = services.checks.today(staff, RULEBOOK).slots
    assert (slots[0].shift_id, slots[0].kind, slots[0].rostered) == ("middle", Kind.START, True)


def test_today_puts_the_end_of_the_shift_someone_started_first(services, team, clock):
    manager, staff, _, _ = team
    site = site_of(manager)
    for shift_id in ("morning", "middle"):
        services.roster.assign(manager, site, user_id=staff.user_id, shift_date=DAY, shift_id=shift_id)
    clock.now = beijing(7, 0)
    submit(services, staff)
    clock.now = beijing(14, 30)
    slots = services.checks.today(staff, RULEBOOK).slots
    assert (slots[0].shift_id, slots[0].kind) == ("morning", Kind.END)
    done = [s for s in slots if s.done is not None]
    assert [(s.shift_id, s.kind) for s in done] == [("morning", Kind.START)]
    assert slots[-1].done is not None  # done checks go last


def test_an_early_shift_worker_at_15_18_is_asked_only_for_her_own_end_check(services, team, clock):
    manager, staff, _, _ = team
    services.roster.assign(
        manager, site_of(manager), user_id=staff.user_id, shift_date=DAY, shift_id="morning"
    )
    clock.now = beijing(15, 18)
    today = services.checks.today(staff, RULEBOOK)
    assert [(s.shift_id, s.kind) for s in today.slots if s.done is None] == [
        ("morning", Kind.END),
        ("morning", Kind.START),
    ]
    assert [(s.shift_id, s.kind, s.rostered) for s in today.off_roster] == [("middle", Kind.START, False)]


def test_off_the_roster_no_check_is_asked_for_and_the_open_ones_are_offered_apart(services, team, clock):
    _, staff, _, _ = team
    clock.now = beijing(15, 18)
    today = services.checks.today(staff, RULEBOOK)
    assert today.slots == ()
    assert {(s.shift_id, s.kind) for s in today.off_roster} == {
        ("morning", Kind.START),
        ("morning", Kind.END),
        ("middle", Kind.START),
    }


# --- missed checks and the board -------------------------------------------------------------------


def test_missed_checks_count_only_rostered_shifts(services, team, clock):
    manager, staff, other, trainee = team
    site = site_of(manager)
    # Xiaoli is rostered on the morning shift and only does the start check.
    services.roster.assign(manager, site, user_id=staff.user_id, shift_date=DAY, shift_id="morning")
    clock.now = beijing(7, 0)
    submit(services, staff)
    # Xiaozhang is on no roster; he logs in during the middle shift and does no check: he owes nothing.
    clock.now = beijing(15, 30)
    services.login_sessions.start(other.user_id)
    services.login_sessions.start(trainee.user_id)
    services.login_sessions.start(staff.user_id)
    clock.now = beijing(9, 0, day=27)  # every window of the 26th has closed

    board = services.check_board.board(manager, site, DAY)
    compliance = {c.user_name: c for c in board.compliance}
    assert set(compliance) == {"Xiaoli"}
    assert (compliance["Xiaoli"].due, compliance["Xiaoli"].done, compliance["Xiaoli"].missed) == (2, 1, 1)
    assert compliance["Xiaoli"].average_score == 100


def test_an_off_roster_start_check_never_leaves_a_missed_end_check(services, team, clock):
    manager, staff, _, _ = team
    site = site_of(manager)
    clock.now = beijing(15, 18)  # she covers the middle shift without being on the roster
    submit(services, staff, shift_id="middle")
    clock.now = beijing(9, 0, day=27)

    board = services.check_board.board(manager, site, DAY)
    assert board.compliance == ()
    assert [(r.user_name, r.shift_id, r.kind, r.rostered, r.status) for r in board.rows] == [
        ("Xiaoli", "middle", "start", False, SlotStatus.LATE)
    ]
    figures = services.check_compliance.figures(manager, {site}, DAY, DAY)
    assert sum(d.missed for d in figures.days) == 0
    assert figures.people == ()


def test_putting_a_person_on_the_roster_afterwards_makes_the_shift_owed(services, team, clock):
    manager, staff, _, _ = team
    site = site_of(manager)
    clock.now = beijing(15, 18)
    submit(services, staff, shift_id="middle")
    services.roster.assign(manager, site, user_id=staff.user_id, shift_date=DAY, shift_id="middle")
    clock.now = beijing(9, 0, day=27)
    [xiaoli] = services.check_board.board(manager, site, DAY).compliance
    assert (xiaoli.due, xiaoli.done, xiaoli.late, xiaoli.missed) == (2, 1, 1, 1)


def test_a_shift_whose_window_is_still_open_is_not_yet_missed(services, team, clock):
    manager, staff, _, _ = team
    services.roster.assign(
        manager, site_of(manager), user_id=staff.user_id, shift_date=DAY, shift_id="morning"
    )
    clock.now = beijing(10, 0)
    assert services.check_board.board(manager, site_of(manager), DAY).compliance == ()


def test_the_board_shows_who_checked_in_who_is_late_or_missing_and_the_failed_items(services, team, clock):
    manager, staff, other, _ = team
    site = site_of(manager)
    services.roster.assign(manager, site, user_id=staff.user_id, shift_date=DAY, shift_id="morning")
    services.roster.assign(manager, site, user_id=other.user_id, shift_date=DAY, shift_id="morning")
    services.roster.assign(manager, site, user_id=manager.user_id, shift_date=DAY, shift_id="middle")
    clock.now = beijing(7, 30)
    submit(services, staff, dress__badge_on_left_chest="fail", notes={BADGE: "忘戴"})
    clock.now = beijing(8, 0)

    board = services.check_board.board(manager, site)
    assert board.day == DAY
    status = {(r.user_name, r.shift_id, r.kind): r.status for r in board.rows}
    assert status[("Xiaoli", "morning", "start")] is SlotStatus.LATE
    assert status[("Xiaozhang", "morning", "start")] is SlotStatus.MISSING
    assert status[("Xiaoli", "morning", "end")] is SlotStatus.NOT_OPEN
    assert status[("王主管", "middle", "start")] is SlotStatus.NOT_OPEN
    assert all(r.rostered for r in board.rows)
    [failed] = board.failed
    assert (failed.user_name, failed.note, failed.severity) == ("Xiaoli", "忘戴", "major")


def test_a_manager_only_sees_the_board_of_their_own_sites(services, team):
    manager, _, _, _ = team
    with pytest.raises(PermissionDenied):
        services.check_board.board(manager, site_of(manager) + 100)


def test_broken_shift_settings_refuse_checks_with_a_clear_message(services, team, tmp_path):
    _, staff, _, _ = team
    broken = tmp_path / "shifts.yaml"
    broken.write_text("grace_minutes: soon\n", encoding="utf-8")
    from checklists.loader import load_shift_settings

    svc = SelfChecks(services.sessions, settings=lambda: load_shift_settings(broken))
    state = svc.settings_state()
    assert state.settings is None
    assert any(str(broken) + ":1:16" in e.format() for e in state.errors)
    with pytest.raises(ValidationFailed) as err:
        svc.today(staff, RULEBOOK)
    assert err.value.key == "checks.error.settings_invalid"


def test_the_roster_copies_last_week_day_for_day_and_keeps_what_is_already_given(services, team):
    from datetime import timedelta

    manager, staff, _, _ = team
    site = site_of(manager)
    for offset, shift in ((0, "morning"), (1, "middle")):
        services.roster.assign(
            manager, site, user_id=staff.user_id, shift_date=DAY + timedelta(days=offset), shift_id=shift
        )
    next_week = DAY + timedelta(days=7)
    services.roster.assign(manager, site, user_id=staff.user_id, shift_date=next_week, shift_id="morning")
    assert services.roster.copy_week(manager, site, next_week) == 1
    week = services.roster.roster(manager, site, next_week)
    assert sorted((e.shift_date, e.shift_id) for e in week.entries) == [
        (next_week, "morning"),
        (next_week + timedelta(days=1), "middle"),
    ]
