"""The demo's planning is pure and plays by the rules: every request story is a legal path through the
desk's state machine, the roster gives everyone two days off and a rest after nights, a failed check
item always has a note and a critical item never fails, and the same seed plans the same thing."""

import random
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import demo
from demo import plan, request_plan
from demo.people import demo_people
from desk.requests.workflow import FOLLOW_UPS, INITIAL, Action, Kind, Status, next_status
from tests.unit.rules.test_architecture import imported_roots

DEPARTMENTS = {
    "water_electric": "engineering", "public_facilities": "engineering", "elevator": "engineering",
    "cleaning": "cleaning", "security": "security", "greening": "greening", "parking": "security",
    "service_attitude": "service_centre", "fees": "service_centre", "renovation": "area_manager",
    "neighbours": "area_manager", "other": "service_centre",
}  # fmt: skip
HOME = plan.Household("3-2-1201", "李建国", "13812345678")
T0 = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)


def test_the_planning_modules_import_neither_streamlit_sqlalchemy_nor_yaml():
    package = Path(demo.__file__).parent
    for name in ("plan.py", "request_plan.py", "people.py", "texts.py"):
        assert not imported_roots(package / name) & {"streamlit", "sqlalchemy", "yaml"}, name


def walk(story: request_plan.RequestStory) -> Status:
    """Play a story on the state machine, as DeskService would; returns where it ends."""
    kind = Kind(story.kind)
    status, held = INITIAL[kind], None

    def move(action: Action) -> Status:
        nonlocal held
        target = next_status(kind, status, action, held)
        if action is Action.HOLD:
            held = status
        return FOLLOW_UPS.get((kind, target), target)

    if story.answered_on_spot:
        status = move(Action.ANSWER)
    if story.department:
        status = move(Action.DISPATCH)
    for step in story.steps:
        if step.action == "callback":
            assert step.satisfaction is not None and 1 <= step.satisfaction <= 5 and step.note
            status = move(Action.CALLBACK_UNSATISFIED if step.satisfaction <= 2 else Action.CALLBACK_OK)
        else:
            status = move(Action(step.action))
    return status


@pytest.mark.parametrize("seed", range(40))
def test_every_request_story_is_a_legal_path_in_time_order(seed):
    rng = random.Random(seed)
    for kind in ("repair", "complaint", "inquiry"):
        for _ in range(10):
            story = request_plan.plan_request(rng, T0, HOME, DEPARTMENTS, "Asia/Shanghai", kind)
            assert walk(story) in (Status.CLOSED, Status.ANSWERED, Status.VOIDED)
            moments = [T0, *(s.at for s in story.steps)]
            assert moments == sorted(moments)


def test_a_manager_judges_complaints_in_office_hours():
    rng = random.Random(7)
    for _ in range(50):
        story = request_plan.plan_request(rng, T0, HOME, DEPARTMENTS, "Asia/Shanghai", "complaint")
        judged = [s for s in story.steps if s.action.startswith("judge")]
        assert len(judged) == 1 and judged[0].by == "manager" and judged[0].note
        local = judged[0].at.astimezone(ZoneInfo("Asia/Shanghai"))
        assert 9 <= local.hour < 18


def test_everyone_has_two_days_off_a_week_and_never_a_morning_right_after_a_night():
    shifts = ("morning", "middle", "night")
    days = [plan.roster(d, 8, shifts) for d in range(28)]
    for person in range(8):
        worked = [next((s for s, p in day.items() if person in p), None) for day in days]
        for week in range(4):
            assert sum(1 for s in worked[week * 7 : week * 7 + 7] if s) == 5
        for today, tomorrow in pairwise(worked):
            assert not (today == "night" and tomorrow == "morning")


def test_a_failed_item_has_a_note_and_a_critical_item_never_fails():
    items = [plan.CheckItem("before_shift.no_alcohol", "critical")] + [
        plan.CheckItem(f"dress.item_{n}", "minor") for n in range(10)
    ]
    rng = random.Random(3)
    failed = 0
    for _ in range(200):
        answers, notes = plan.check_answers(rng, items, fail_rate=0.2)
        assert answers["before_shift.no_alcohol"] == "pass"
        assert {r for r, a in answers.items() if a == "fail"} == set(notes)
        failed += len(notes)
    assert failed > 100


def test_a_planned_pass_keeps_80_percent_and_every_critical_question():
    rng = random.Random(11)
    critical = [n % 6 == 0 for n in range(24)]
    for _ in range(100):
        wrong = plan.quiz_wrong_positions(rng, critical, True, 0.7)
        assert len(wrong) <= 24 * 0.2 and not any(critical[i] for i in wrong)
        fail = plan.quiz_wrong_positions(rng, critical, False, 0.7)
        assert any(critical[i] for i in fail) or len(fail) > 24 * 0.2


def test_the_same_seed_plans_the_same_people_and_requests():
    def sample(seed):
        rng = random.Random(seed)
        people = demo_people(8, rng)
        stories = [
            request_plan.plan_request(rng, T0 + timedelta(hours=n), HOME, DEPARTMENTS, "Asia/Shanghai")
            for n in range(20)
        ]
        return people, stories

    assert sample(2026) == sample(2026)
    assert sample(2026) != sample(2027)
    people = sample(2026)[0]
    assert len({p.display_name for p in people}) == len(people)
    assert [p.role for p in people].count("trainee") == 2


def test_resident_id_numbers_are_well_formed():
    from desk.renovation.id_card import clean_id_number

    rng = random.Random(5)
    for _ in range(50):
        number = plan.id_number(rng)
        assert clean_id_number(number, T0.date()) == number
