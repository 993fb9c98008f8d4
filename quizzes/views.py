"""Plain values the quiz service hands to pages: no ORM objects, safe to keep in a UI session."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from quizzes.certification import CertStatus, StartDecision
from quizzes.model import Blueprint, Question
from rules.model import Text


@dataclass(frozen=True)
class AttemptSummary:
    id: int
    user_id: int
    blueprint_id: str
    purpose: str
    status: str  # in_progress / submitted / timed_out
    started_at: datetime
    deadline_at: datetime | None
    finished_at: datetime | None
    question_count: int
    answered: int
    correct_count: int | None
    score: float | None
    pass_mark: int
    passed: bool | None
    critical_failed: tuple[str, ...]
    rulebook_version: str

    @property
    def finished(self) -> bool:
        return self.status != "in_progress"


@dataclass(frozen=True)
class ShownQuestion:
    position: int
    question: Question  # as shown: {site} filled, options in the order shown
    answer: Any
    answered_at: datetime | None


@dataclass(frozen=True)
class AttemptView:
    summary: AttemptSummary
    questions: tuple[ShownQuestion, ...]
    now: datetime
    site_name: str
    timezone: str

    @property
    def remaining(self) -> timedelta | None:
        deadline = self.summary.deadline_at
        return None if deadline is None else max(timedelta(0), deadline - self.now)

    @property
    def first_unanswered(self) -> int:
        return next((q.position for q in self.questions if q.answer is None), 0)

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(ZoneInfo(self.timezone))


@dataclass(frozen=True)
class JudgeNote:
    """One finding of the judge, both languages (kept with the answer)."""

    rule: str
    kind: str
    message: Text
    suggestion: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "kind": self.kind,
            "message": self.message.model_dump(),
            "suggestion": self.suggestion,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> JudgeNote:
        return cls(data["rule"], data["kind"], Text(**data["message"]), data["suggestion"])


@dataclass(frozen=True)
class ReviewItem:
    position: int
    question: Question
    answer: Any
    correct: bool
    failed_rules: tuple[str, ...]
    notes: tuple[JudgeNote, ...]
    model_answers: tuple[str, ...]  # free text: wordings the judge passes at that moment
    judged_at: datetime | None  # free text: the local moment the words were judged at


@dataclass(frozen=True)
class CertificateView:
    id: int
    user_id: int
    display_name: str
    site_name: str
    blueprint_id: str
    attempt_id: int
    issued_at: datetime
    expires_at: datetime
    score: float
    rulebook_version: str
    status: CertStatus
    recertify_rules: tuple[str, ...]
    timezone: str


@dataclass(frozen=True)
class ResultView:
    summary: AttemptSummary
    display_name: str
    items: tuple[ReviewItem, ...]
    certificate: CertificateView | None
    timezone: str


@dataclass(frozen=True)
class QuizOption:
    blueprint: Blueprint
    decision: StartDecision
    attempts: int
    best_score: float | None


@dataclass(frozen=True)
class MyTraining:
    in_progress: AttemptSummary | None
    options: tuple[QuizOption, ...]
    certificates: tuple[CertificateView, ...]
    recent: tuple[AttemptSummary, ...]
    timezone: str


@dataclass(frozen=True)
class PracticeCounts:
    due: int
    new: int
    later: int


@dataclass(frozen=True)
class PracticeItem:
    rule_id: str
    status: str  # due / new / later
    due: datetime | None
    question: Question
    counts: PracticeCounts


@dataclass(frozen=True)
class PracticeFeedback:
    question: Question
    answer: Any
    correct: bool
    notes: tuple[JudgeNote, ...]
    next_due: dict[str, datetime]  # rule id -> when it is due again
    timezone: str


@dataclass(frozen=True)
class DrillView:
    id: int
    status: str  # ringing / picked_up / answered / missed
    started_at: datetime
    picked_up_at: datetime | None
    rings: int | None  # counted at pick-up
    rings_now: int  # while ringing: the ring sounding now
    max_rings: int
    text: str | None
    judge_score: int | None
    passed: bool | None
    notes: tuple[JudgeNote, ...]
    site_name: str
    timezone: str
    lines: tuple[str, ...] = ()  # opening lines to choose from

    @property
    def in_time(self) -> bool | None:
        return None if self.rings is None else self.rings <= self.max_rings


@dataclass(frozen=True)
class PersonRow:
    user_id: int
    display_name: str
    role: str
    status: CertStatus
    issued_at: datetime | None
    expires_at: datetime | None
    score: float | None
    attempts: int
    last_attempt_at: datetime | None
    last_score: float | None
    recertify_rules: tuple[str, ...]
    leeches: tuple[str, ...]  # rules this person keeps failing


@dataclass(frozen=True)
class ItemRow:
    question_id: str
    kind: str
    prompt: Text
    responses: int
    facility: float
    discrimination: float | None
    flags: tuple[str, ...]


@dataclass(frozen=True)
class RuleTrouble:
    rule_id: str
    wrong: int  # wrong answers on the rule
    people: int  # people who got it wrong
    leeches: tuple[str, ...] = field(default=())  # names of those who keep failing it


@dataclass(frozen=True)
class TrainingOverview:
    blueprint_id: str | None
    people: tuple[PersonRow, ...]
    counts: dict[str, int]  # by certificate status
    items: tuple[ItemRow, ...]
    troubles: tuple[RuleTrouble, ...]
    timezone: str
