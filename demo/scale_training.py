"""The training history of the scale company, written as rows like the rest of `demo/scale.py`: every
staff member sits the certification about once a month (`attempts_every_days`), ten real questions
of the shipped content each time, answered right about four times in five; a pass issues a
certificate that supersedes the one before; each answer is logged per rule (the reviews) and folded
into the person's memory of that rule, as the quiz service does."""

from __future__ import annotations

import itertools
import random
from datetime import datetime, timedelta
from typing import Any

from quizzes.certification import add_months, critical_wordings
from quizzes.model import Question, QuizContent
from quizzes.tables import QuizAttempt, QuizAttemptQuestion, QuizCertificate, RuleMemory, RuleReview
from rules.loader import default_rulebook
from rules.model import Rulebook

QUESTIONS = 10
RIGHT = 0.8
TABLES = (QuizAttempt, QuizAttemptQuestion, QuizCertificate, RuleReview, RuleMemory)  # parents first


def _answer(question: Question, right: bool, rng: random.Random) -> Any:
    if question.kind == "true_false":
        return question.answer if right else not question.answer
    keys = [o.key for o in question.options]
    if not right:
        wrong = [k for k in keys if k not in question.correct] or keys
        return rng.choice(wrong) if question.kind == "single" else [rng.choice(wrong)]
    return question.correct[0] if question.kind == "single" else list(question.correct)


class _Training:
    """The rows of one company's training, person by person (ids counted here, rows handed to `add`)."""

    def __init__(self, add: Any, rng: random.Random, content: QuizContent, rulebook: Rulebook) -> None:
        self.add, self.rng, self.rulebook = add, rng, rulebook
        self.blueprint = content.certifications[0]
        self.pool = [q for q in content.pool if q.kind in ("single", "multiple", "true_false")]
        self.critical = critical_wordings(rulebook)
        self.ids = {table: itertools.count(1) for table in TABLES}

    def person(self, site_id: int, user_id: int, first: datetime, now: datetime, every_days: int) -> None:
        memory: dict[str, list[Any]] = {}  # rule -> [reviews, failures, last review]
        certificates: list[dict[str, Any]] = []
        at = first + timedelta(days=self.rng.randrange(every_days), hours=self.rng.randrange(8))
        while at < now - timedelta(hours=1):
            passed = self.attempt(site_id, user_id, at, memory)
            if passed is not None:
                certificates.append(passed)
            at += timedelta(days=every_days + self.rng.randrange(-5, 6))
        for older in certificates[:-1]:  # each pass supersedes the certificate before it
            older["status"] = "superseded"
        for row in certificates:
            self.add(QuizCertificate, row)
        for rule_id, (reviews, failures, last) in memory.items():
            self.add(RuleMemory, dict(
                user_id=user_id, rule_id=rule_id, state=2, step=None, stability=10.0, difficulty=5.0,
                due_at=last + timedelta(days=10), last_review_at=last, reviews=reviews, failures=failures,
                lapses=failures,
            ))  # fmt: skip

    def attempt(
        self, site_id: int, user_id: int, at: datetime, memory: dict[str, list[Any]]
    ) -> dict[str, Any] | None:
        """One certification sat at `at`, its questions and reviews; the certificate row if passed."""
        rng, blueprint = self.rng, self.blueprint
        attempt_id, drawn = next(self.ids[QuizAttempt]), rng.sample(self.pool, QUESTIONS)
        answers = [rng.random() < RIGHT for _ in drawn]
        score, done = 100.0 * sum(answers) / QUESTIONS, at + timedelta(minutes=12)
        failed = {r for q, ok in zip(drawn, answers, strict=True) if not ok for r in q.rules}
        self.add(QuizAttempt, dict(
            id=attempt_id, user_id=user_id, site_id=site_id, blueprint_id=blueprint.id,
            purpose="certification", seed=rng.randrange(1 << 30),
            rulebook_version=self.rulebook.version_label, pass_mark=blueprint.pass_mark, started_at=at,
            deadline_at=at + timedelta(minutes=30), status="submitted", finished_at=done,
            question_count=QUESTIONS, correct_count=sum(answers), score=score,
            passed=score >= blueprint.pass_mark, critical_failed=sorted(failed & set(self.critical)),
        ))  # fmt: skip
        for position, (question, ok) in enumerate(zip(drawn, answers, strict=True)):
            self.add(QuizAttemptQuestion, dict(
                id=next(self.ids[QuizAttemptQuestion]), attempt_id=attempt_id, position=position,
                question_id=question.id, kind=question.kind, snapshot=question.as_dict(),
                answer=_answer(question, ok, rng), answered_at=at + timedelta(minutes=position + 1),
                correct=ok, failed_rules=[] if ok else list(question.rules), feedback=[],
            ))  # fmt: skip
            for rule_id in question.rules:
                self.add(RuleReview, dict(
                    id=next(self.ids[RuleReview]), user_id=user_id, rule_id=rule_id, at=done, correct=ok,
                    source="quiz", question_id=question.id, attempt_id=attempt_id, drill_id=None,
                ))  # fmt: skip
                seen = memory.setdefault(rule_id, [0, 0, done])
                seen[0], seen[1], seen[2] = seen[0] + 1, seen[1] + (not ok), done
        if score < blueprint.pass_mark:
            return None
        return dict(
            id=next(self.ids[QuizCertificate]), user_id=user_id, site_id=site_id, blueprint_id=blueprint.id,
            attempt_id=attempt_id, issued_at=done, expires_at=add_months(done, blueprint.valid_months or 12),
            score=score, rulebook_version=self.rulebook.version_label, critical_rules=self.critical,
            status="active", recertify_rules=[], recertify_marked_at=None,
        )  # fmt: skip


def write_training(
    add: Any,
    rng: random.Random,
    staff: dict[int, list[int]],
    first: datetime,
    now: datetime,
    content: QuizContent,
    rulebook: Rulebook,
    every_days: int = 30,
) -> None:
    """`add(table, row)` for each row of the training of `staff` ({site: user ids}) from `first` on."""
    training = _Training(add, rng, content, rulebook)
    for site_id, people in staff.items():
        for user_id in people:
            training.person(site_id, user_id, first, now, every_days)


# The training overview's inputs as hand-written SQL, for the centres listed: the people, their
# latest certificates, attempts and last scores, the rules they keep failing, the rules most often
# wrong, and the item analysis over each person's first finished attempt (upper and lower thirds).
_PEOPLE = "SELECT user_id FROM user_sites WHERE site_id IN ({sites})"  # as {people} below
OVERVIEW_SQL = (
    "SELECT u.id, u.display_name, u.role FROM users u WHERE u.active AND u.id IN ({people})"
    " ORDER BY u.display_name, u.id",
    "SELECT c.*, u.display_name, s.name, s.timezone FROM quiz_certificates c JOIN users u ON u.id = c.user_id"
    " LEFT JOIN sites s ON s.id = c.site_id WHERE c.user_id IN ({people}) AND c.status <> 'superseded'"
    " ORDER BY c.issued_at DESC, c.id DESC",
    "SELECT user_id, count(*), max(started_at) FROM quiz_attempts WHERE user_id IN ({people})"
    " AND purpose = 'certification' GROUP BY user_id",
    "SELECT a.user_id, a.score FROM quiz_attempts a JOIN (SELECT user_id, max(id) AS last_id"
    " FROM quiz_attempts WHERE user_id IN ({people}) AND purpose = 'certification'"
    " AND status IN ('submitted', 'timed_out') GROUP BY user_id) l ON l.last_id = a.id",
    "SELECT user_id, rule_id FROM quiz_rule_memory WHERE user_id IN ({people}) AND failures >= 3"
    " ORDER BY failures DESC, rule_id",
    "SELECT rule_id, count(*), count(DISTINCT user_id) FROM quiz_rule_reviews WHERE user_id IN ({people})"
    " AND NOT correct GROUP BY rule_id ORDER BY count(*) DESC, rule_id LIMIT 10",
    "WITH ranked AS (SELECT a.id, row_number() OVER (ORDER BY coalesce(a.score, 0) DESC, a.id) AS rank"
    " FROM quiz_attempts a WHERE a.id IN (SELECT min(id) FROM quiz_attempts WHERE user_id IN ({people})"
    " AND blueprint_id = :blueprint AND status IN ('submitted', 'timed_out') GROUP BY user_id)),"
    " third AS (SELECT count(*) AS n, count(*) / 3 AS size FROM ranked)"
    " SELECT q.question_id, count(*), sum(CASE WHEN q.correct THEN 1 ELSE 0 END),"
    " sum(CASE WHEN r.rank <= t.size THEN 1 ELSE 0 END),"
    " sum(CASE WHEN r.rank <= t.size AND q.correct THEN 1 ELSE 0 END),"
    " sum(CASE WHEN r.rank > t.n - t.size THEN 1 ELSE 0 END),"
    " sum(CASE WHEN r.rank > t.n - t.size AND q.correct THEN 1 ELSE 0 END), max(q.attempt_id)"
    " FROM quiz_attempt_questions q JOIN ranked r ON r.id = q.attempt_id CROSS JOIN third t"
    " GROUP BY q.question_id",
)


def training_cases(svc: Any, manager: Any, baseline: Any) -> list[tuple[str, Any, Any]]:
    """(name, the training overview's call, its inputs in SQL) for one centre and for all."""
    rulebook = default_rulebook()
    blueprint = svc.quizzes.content(rulebook).certifications[0].id
    every = sorted(manager.site_ids)
    out = []
    for label, site, sites in (
        ("1 centre", 1, "1"),
        (f"{len(every)} centres", None, ",".join(map(str, every))),
    ):
        statements = tuple(q.format(people=_PEOPLE.format(sites=sites)) for q in OVERVIEW_SQL)
        out.append((
            f"training overview, {label}",
            lambda s=site: len(svc.quizzes.training_overview(manager, rulebook, s).people),
            baseline(svc, statements, blueprint=blueprint),
        ))  # fmt: skip
    return out
