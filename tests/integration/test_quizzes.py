"""Quizzes on a real database (SQLite and PostgreSQL): attempts, the time limit, certificates and
recertification, attempt rounds, spaced practice, the phone drill, the managers' overview."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from core.errors import NotFound, PermissionDenied, ValidationFailed
from quizzes.draw import draw
from quizzes.grading import clean_answer, right_answer
from quizzes.model import Question
from quizzes.tables import QuizAttempt, QuizAttemptQuestion, RuleMemory, RuleReview
from rules.judge import model_answers
from rules.loader import default_content_dir, default_rulebook, load_rulebook
from store.tables import HistoryRow
from tests.integration.helpers import add_user, first_manager

SITE = "阳光花园服务中心"
CRITICAL = {"before_shift.no_alcohol", "address.no_wei_or_ai", "phone.three_rings"}


@pytest.fixture
def rulebook():
    return default_rulebook()


@pytest.fixture
def people(services):
    manager = first_manager(services, SITE)
    return (
        manager,
        add_user(services, manager, "newbie", "trainee"),
        add_user(services, manager, "xiaoli", "staff"),
    )


def good_answer(question: Question, rulebook, now):
    answer = right_answer(question)
    if answer is None:
        at = question.at or now.astimezone(ZoneInfo("Asia/Shanghai")).replace(tzinfo=None)
        answer = model_answers(rulebook, question.scenario, at=at, site=SITE)[0].text
    return answer


def bad_answer(question: Question):
    if question.kind == "true_false":
        return not question.answer
    if question.kind == "ordering":
        return list(reversed(question.correct))
    if question.judged:
        return "喂，什么事？"
    wrong = next(o.key for o in question.options if o.key not in question.correct)
    return wrong if question.kind == "single" else [wrong]


def take(services, actor, rulebook, attempt_id, wrong=lambda q: False):
    """Answer every question of the attempt, right except where `wrong(question)` says so."""
    view = services.quizzes.attempt(actor, rulebook, attempt_id)
    for shown in view.questions:
        question = shown.question
        answer = (
            bad_answer(question) if wrong(question) else good_answer(question, rulebook, services.clock())
        )
        services.quizzes.save_answer(actor, rulebook, attempt_id, shown.position, answer)
    return services.quizzes.submit(actor, rulebook, attempt_id)


def history(services, entity):
    with services.sessions() as session:
        return list(
            session.scalars(select(HistoryRow).where(HistoryRow.entity == entity).order_by(HistoryRow.id))
        )


def test_a_trainee_who_answers_every_question_right_is_certified(services, people, rulebook, clock):
    _, trainee, _ = people
    attempt_id = services.quizzes.start(trainee, rulebook, "onboarding")
    summary = take(services, trainee, rulebook, attempt_id)
    assert summary.passed and summary.score == 100.0 and summary.correct_count == summary.question_count == 33
    cert = services.quizzes.certificate(trainee, rulebook)
    assert cert is not None and cert.status == "valid" and cert.attempt_id == attempt_id
    assert cert.rulebook_version == rulebook.version_label and cert.site_name == SITE
    assert cert.expires_at == clock.now.replace(year=2027) and cert.score == 100.0
    [issued] = history(services, "quiz_certificate")
    assert issued.action == "issue" and issued.actor_id == trainee.user_id
    assert issued.changes["rulebook_version"] == [None, rulebook.version_label]
    decision = next(
        o for o in services.quizzes.my_training(trainee, rulebook).options if o.blueprint.id == "onboarding"
    )
    assert not decision.decision.allowed and decision.decision.reason == "certified"


def test_answers_are_kept_as_given_and_the_attempt_in_progress_is_resumed(services, people, rulebook):
    _, trainee, _ = people
    attempt_id = services.quizzes.start(trainee, rulebook, "onboarding")
    first = services.quizzes.attempt(trainee, rulebook, attempt_id).questions[:3]
    answers = {q.position: good_answer(q.question, rulebook, services.clock()) for q in first}
    for position, answer in answers.items():
        services.quizzes.save_answer(trainee, rulebook, attempt_id, position, answer)
    # Kept as given (ticks of a multiple choice in the order the options were shown).
    answers = {q.position: clean_answer(q.question, answers[q.position]) for q in first}
    resumed = services.quizzes.current_attempt(trainee, rulebook)
    assert resumed is not None and resumed.summary.id == attempt_id and resumed.summary.answered == 3
    assert {q.position: q.answer for q in resumed.questions[:3]} == answers
    assert resumed.first_unanswered == 3
    # Starting again (another tab, a refresh) gives the same attempt, not a new draw.
    assert services.quizzes.start(trainee, rulebook, "practice.phone") == attempt_id


def test_the_draw_is_recorded_with_its_seed_and_can_be_replayed(services, people, rulebook):
    _, trainee, _ = people
    attempt_id = services.quizzes.start(trainee, rulebook, "onboarding", seed=424242)
    with services.sessions() as session:
        attempt = session.get(QuizAttempt, attempt_id)
        stored = list(
            session.scalars(
                select(QuizAttemptQuestion.question_id)
                .where(QuizAttemptQuestion.attempt_id == attempt_id)
                .order_by(QuizAttemptQuestion.position)
            )
        )
    assert attempt.seed == 424242 and attempt.rulebook_version == rulebook.version_label
    content = services.quizzes.content(rulebook)
    import random

    # A trainee's draw (the registers left out), replayed from the seed.
    replay = draw(
        content.pool, content.blueprint("onboarding"), rulebook, random.Random(424242), trainee=True
    )
    assert [q.id for q in replay] == stored


def test_a_retake_draws_questions_the_trainee_has_not_seen(services, people, rulebook, clock):
    _, trainee, _ = people
    first = services.quizzes.start(trainee, rulebook, "practice.phone")
    take(services, trainee, rulebook, first)
    second = services.quizzes.start(trainee, rulebook, "practice.phone")
    ids = [
        {q.question.id for q in services.quizzes.attempt(trainee, rulebook, a).questions}
        for a in (first, second)
    ]
    assert not ids[0] & ids[1]


def test_the_time_limit_is_kept_by_the_server(services, people, rulebook, clock):
    _, trainee, _ = people
    attempt_id = services.quizzes.start(trainee, rulebook, "onboarding")
    question = services.quizzes.attempt(trainee, rulebook, attempt_id).questions[0]
    services.quizzes.save_answer(
        trainee, rulebook, attempt_id, 0, good_answer(question.question, rulebook, clock())
    )
    clock.advance(minutes=51)
    with pytest.raises(ValidationFailed) as exc:
        services.quizzes.save_answer(trainee, rulebook, attempt_id, 1, "o1")
    assert exc.value.key == "quiz.error.time_up"
    result = services.quizzes.result(trainee, rulebook, attempt_id)
    assert (
        result.summary.status == "timed_out"
        and result.summary.correct_count == 1
        and not result.summary.passed
    )
    assert services.quizzes.current_attempt(trainee, rulebook) is None


def test_an_attempt_past_its_time_limit_is_graded_when_next_looked_at(services, people, rulebook, clock):
    _, trainee, _ = people
    attempt_id = services.quizzes.start(trainee, rulebook, "onboarding")
    clock.advance(minutes=55)
    assert services.quizzes.current_attempt(trainee, rulebook) is None
    assert services.quizzes.result(trainee, rulebook, attempt_id).summary.status == "timed_out"


def test_one_wrong_answer_on_a_critical_rule_fails_the_certification(services, people, rulebook):
    _, trainee, _ = people
    attempt_id = services.quizzes.start(trainee, rulebook, "onboarding", seed=7)
    questions = [q.question for q in services.quizzes.attempt(trainee, rulebook, attempt_id).questions]
    target = next(q for q in questions if CRITICAL & set(q.rules) and not q.judged)
    summary = take(services, trainee, rulebook, attempt_id, wrong=lambda q: q.id == target.id)
    assert summary.correct_count == 32 and summary.score == 97.0
    assert not summary.passed and set(summary.critical_failed) == CRITICAL & set(target.rules)
    assert services.quizzes.certificate(trainee, rulebook) is None
    result = services.quizzes.result(trainee, rulebook, attempt_id)
    failed = next(i for i in result.items if i.question.id == target.id)
    assert not failed.correct and failed.failed_rules == target.rules


def test_a_judged_answer_keeps_the_judges_findings_for_the_review(services, people, rulebook):
    _, trainee, _ = people
    attempt_id = services.quizzes.start(trainee, rulebook, "practice.greeting", seed=3)
    summary = take(services, trainee, rulebook, attempt_id, wrong=lambda q: q.judged)
    result = services.quizzes.result(trainee, rulebook, attempt_id)
    judged = [i for i in result.items if i.question.judged]
    assert judged and summary.correct_count == summary.question_count - len(judged)
    for item in judged:
        assert not item.correct and item.notes and item.model_answers and item.judged_at is not None
        assert "address.no_wei_or_ai" in item.failed_rules


def test_attempts_wait_after_a_failure_and_a_round_has_three(services, people, rulebook, clock):
    manager, trainee, _ = people
    for round_attempt in range(3):
        attempt_id = services.quizzes.start(trainee, rulebook, "onboarding")
        take(services, trainee, rulebook, attempt_id, wrong=lambda q: True)
        if round_attempt < 2:
            with pytest.raises(ValidationFailed) as exc:
                services.quizzes.start(trainee, rulebook, "onboarding")
            assert exc.value.key == "quiz.error.wait"
        clock.advance(hours=25)
    with pytest.raises(ValidationFailed) as exc:
        services.quizzes.start(trainee, rulebook, "onboarding")
    assert exc.value.key == "quiz.error.no_attempts_left"
    with pytest.raises(PermissionDenied):
        services.quizzes.grant_round(trainee, trainee.user_id, "onboarding", "please")
    services.quizzes.grant_round(manager, trainee.user_id, "onboarding", "补训后再考")
    assert services.quizzes.start(trainee, rulebook, "onboarding")
    [grant] = history(services, "quiz_round")
    assert grant.actor_id == manager.user_id and grant.note == "补训后再考"


@pytest.fixture
def changed_rulebook(tmp_path: Path):
    """The rulebook with the wording of a critical rule changed."""
    rules = Path(shutil.copytree(default_content_dir(), tmp_path / "rules"))
    path = rules / "before_shift.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "办公室人员一律不可酒后当班。", "办公室人员一律不可酒后或宿醉当班。"
        ),
        encoding="utf-8",
    )
    return load_rulebook(rules)


def test_a_changed_critical_rule_asks_only_those_certified_on_the_old_wording_to_retake(
    services, people, rulebook, changed_rulebook
):
    manager, trainee, staff = people
    take(services, trainee, rulebook, services.quizzes.start(trainee, rulebook, "onboarding"))
    assert services.quizzes.sync_recertification(changed_rulebook) == 1
    # Someone certified against the new wording is not asked again.
    take(services, staff, changed_rulebook, services.quizzes.start(staff, changed_rulebook, "onboarding"))
    assert services.quizzes.sync_recertification(changed_rulebook) == 0
    old = services.quizzes.certificate(trainee, changed_rulebook)
    new = services.quizzes.certificate(staff, changed_rulebook)
    assert old.status == "due" and old.recertify_rules == ("before_shift.no_alcohol",)
    assert new.status == "valid" and new.recertify_rules == ()
    marked = [h for h in history(services, "quiz_certificate") if h.action == "recertify"]
    assert len(marked) == 1 and marked[0].note == "before_shift.no_alcohol"
    assert marked[0].changes == {"status": ["active", "recertify"]}
    overview = services.quizzes.training_overview(manager, changed_rulebook)
    assert overview.counts["due"] == 1 and overview.counts["valid"] == 1
    # The trainee may retake at once; passing again supersedes the marked certificate.
    attempt_id = services.quizzes.start(trainee, changed_rulebook, "onboarding")
    take(services, trainee, changed_rulebook, attempt_id)
    renewed = services.quizzes.certificate(trainee, changed_rulebook)
    assert renewed.status == "valid" and renewed.attempt_id == attempt_id
    assert [h.action for h in history(services, "quiz_certificate")][-2:] == ["supersede", "issue"]


def test_wrong_quiz_answers_feed_the_schedule_and_come_back_first_in_practice(
    services, people, rulebook, clock
):
    _, trainee, _ = people
    attempt_id = services.quizzes.start(trainee, rulebook, "practice.end_of_shift", seed=5)
    questions = [q.question for q in services.quizzes.attempt(trainee, rulebook, attempt_id).questions]
    target = next(q for q in questions if len(q.rules) == 1 and q.kind != "situation")
    take(services, trainee, rulebook, attempt_id, wrong=lambda q: q.id == target.id)
    [rule] = target.rules
    with services.sessions() as session:
        memory = session.get(RuleMemory, (trainee.user_id, rule))
        reviews = session.scalar(
            select(func.count()).select_from(RuleReview).where(RuleReview.user_id == trainee.user_id)
        )
    assert memory.failures == 1 and memory.due_at == clock.now + timedelta(minutes=1)
    assert reviews == len({r for q in questions for r in q.rules})
    clock.advance(minutes=2)
    item = services.quizzes.practice_next(trainee, rulebook)
    assert item.rule_id == rule and item.status == "due" and rule in item.question.rules
    # The same state gives the same question (a page rerun shows what it showed).
    assert services.quizzes.practice_next(trainee, rulebook) == item
    feedback = services.quizzes.practice_answer(
        trainee, rulebook, item.question.id, right_answer(item.question)
    )
    assert feedback.correct and feedback.next_due[rule] > clock.now
    assert services.quizzes.practice_next(trainee, rulebook).rule_id != rule


def test_the_phone_drill_counts_the_rings_by_the_servers_clock(services, people, rulebook, clock):
    _, trainee, _ = people
    drill = services.quizzes.start_drill(trainee, rulebook)
    assert drill.status == "ringing" and drill.rings_now == 1
    clock.advance(seconds=9)
    assert services.quizzes.drill_state(trainee, rulebook, drill.id).rings_now == 3
    picked = services.quizzes.pick_up(trainee, rulebook, drill.id)
    assert picked.status == "picked_up" and picked.rings == 3 and picked.in_time
    assert "您好，阳光花园服务中心，有什么可以帮到您的？" in picked.lines
    done = services.quizzes.answer_drill(
        trainee, rulebook, drill.id, "您好，阳光花园服务中心，有什么可以帮到您？"
    )
    assert done.passed and done.judge_score == 100 and done.status == "answered"

    late = services.quizzes.start_drill(trainee, rulebook)
    clock.advance(seconds=13)
    picked = services.quizzes.pick_up(trainee, rulebook, late.id)
    assert picked.rings == 4 and not picked.in_time
    done = services.quizzes.answer_drill(trainee, rulebook, late.id, "喂，找谁？")
    assert not done.passed and {n.rule for n in done.notes} >= {"address.no_wei_or_ai", "phone.answer"}
    with services.sessions() as session:
        memory = session.get(RuleMemory, (trainee.user_id, "phone.three_rings"))
    assert memory.reviews == 2 and memory.failures == 1

    missed = services.quizzes.start_drill(trainee, rulebook)
    clock.advance(seconds=60)
    assert services.quizzes.drill_state(trainee, rulebook, missed.id).status == "missed"
    assert services.quizzes.current_drill(trainee, rulebook) is None
    with pytest.raises(ValidationFailed):
        services.quizzes.answer_drill(trainee, rulebook, missed.id, "您好")


def test_managers_see_who_is_certified_attempts_item_statistics_and_rules_people_keep_failing(
    services, people, rulebook, clock
):
    manager, trainee, staff = people
    take(services, trainee, rulebook, services.quizzes.start(trainee, rulebook, "onboarding", seed=1))
    attempt_id = services.quizzes.start(staff, rulebook, "onboarding", seed=1)
    take(services, staff, rulebook, attempt_id, wrong=lambda q: "phone.three_rings" in q.rules)
    overview = services.quizzes.training_overview(manager, rulebook)
    rows = {p.display_name: p for p in overview.people}
    assert (
        rows["Newbie"].status == "valid"
        and rows["Newbie"].attempts == 1
        and rows["Newbie"].last_score == 100.0
    )
    assert rows["Xiaoli"].status == "none" and rows["Xiaoli"].attempts == 1
    assert rows["王主管"].status == "none" and rows["王主管"].attempts == 0
    assert overview.counts == {"valid": 1, "due": 0, "expired": 0, "none": 2}
    three_rings = next(t for t in overview.troubles if t.rule_id == "phone.three_rings")
    assert three_rings.people == 1 and three_rings.wrong == overview.troubles[0].wrong  # most failed
    # A trainee's and a staff member's draw differ (trainees leave the registers out): 2 x 33 answers.
    assert sum(i.responses for i in overview.items) == 66 and {i.responses for i in overview.items} <= {1, 2}
    wrong = [i for i in overview.items if i.facility < 1]
    assert wrong and all(i.discrimination is None for i in overview.items)  # two attempts: no thirds
    with pytest.raises(PermissionDenied):
        services.quizzes.training_overview(staff, rulebook)


def test_results_are_the_takers_and_their_managers_only(services, people, rulebook):
    manager, trainee, staff = people
    attempt_id = services.quizzes.start(trainee, rulebook, "practice.dress")
    with pytest.raises(ValidationFailed):
        services.quizzes.result(trainee, rulebook, attempt_id)  # not handed in yet
    take(services, trainee, rulebook, attempt_id)
    assert services.quizzes.result(manager, rulebook, attempt_id).display_name == "Newbie"
    with pytest.raises(PermissionDenied):
        services.quizzes.result(staff, rulebook, attempt_id)
    with pytest.raises(NotFound):
        services.quizzes.save_answer(staff, rulebook, attempt_id, 0, "o1")
    with pytest.raises(ValidationFailed) as exc:
        services.quizzes.save_answer(trainee, rulebook, attempt_id, 0, "o1")
    assert exc.value.key == "quiz.error.finished"


def test_an_answer_that_does_not_fit_is_refused_and_nothing_is_kept(services, people, rulebook):
    _, trainee, _ = people
    attempt_id = services.quizzes.start(trainee, rulebook, "practice.phone", seed=9)
    view = services.quizzes.attempt(trainee, rulebook, attempt_id)
    choice = next(q for q in view.questions if q.question.kind == "single")
    with pytest.raises(ValidationFailed) as exc:
        services.quizzes.save_answer(trainee, rulebook, attempt_id, choice.position, "o99")
    assert exc.value.key == "quiz.error.answer_unknown_option"
    assert services.quizzes.attempt(trainee, rulebook, attempt_id).questions[choice.position].answer is None
