"""Quiz tables: attempts with the questions they drew and the answers given, certificates, rounds
granted by managers, the spaced-practice memory per person and rule, every review, phone drills.

An attempt keeps each question as it was shown (a JSON snapshot, options in the order shown), so a
later change of the rulebook or the banks never changes what was asked, how it was graded or the
review. Answers are saved as they are given; nothing is deleted.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from store.base import Base
from store.coltypes import UTCDateTime


class QuizAttempt(Base):
    __tablename__ = "quiz_attempts"
    __table_args__ = (Index("ix_quiz_attempts_user_blueprint", "user_id", "blueprint_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"), nullable=True, index=True)
    blueprint_id: Mapped[str] = mapped_column(String(40))
    purpose: Mapped[str] = mapped_column(String(16))  # certification / practice
    seed: Mapped[int] = mapped_column(Integer)  # the draw is reproducible from it
    rulebook_version: Mapped[str] = mapped_column(String(40))
    pass_mark: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    status: Mapped[str] = mapped_column(String(16))  # in_progress / submitted / timed_out
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    question_count: Mapped[int] = mapped_column(Integer)
    correct_count: Mapped[int | None] = mapped_column(Integer, nullable=True)
    score: Mapped[float | None] = mapped_column(Float, nullable=True)  # percent
    passed: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    critical_failed: Mapped[list[str]] = mapped_column(JSON, default=list)  # rule ids


class QuizAttemptQuestion(Base):
    """One question of an attempt as shown, and the answer given to it."""

    __tablename__ = "quiz_attempt_questions"
    __table_args__ = (UniqueConstraint("attempt_id", "position", name="uq_quiz_attempt_questions_position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempts.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # 0-based, the order shown
    question_id: Mapped[str] = mapped_column(String(120), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)  # quizzes.model.Question.as_dict()
    answer: Mapped[Any] = mapped_column(JSON, nullable=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    correct: Mapped[bool | None] = mapped_column(Boolean, nullable=True)  # set when graded
    failed_rules: Mapped[list[str]] = mapped_column(JSON, default=list)
    feedback: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # the judge's findings


class QuizCertificate(Base):
    """A passed certification: kept for good; `status` active, recertify (a critical rule changed)
    or superseded (a newer certificate); every change leaves a history row."""

    __tablename__ = "quiz_certificates"
    __table_args__ = (Index("ix_quiz_certificates_user_blueprint", "user_id", "blueprint_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"), nullable=True)
    blueprint_id: Mapped[str] = mapped_column(String(40))
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempts.id"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    score: Mapped[float] = mapped_column(Float)
    rulebook_version: Mapped[str] = mapped_column(String(40))
    critical_rules: Mapped[dict[str, str]] = mapped_column(JSON)  # rule id -> wording certified
    status: Mapped[str] = mapped_column(String(16))
    recertify_rules: Mapped[list[str]] = mapped_column(JSON, default=list)  # the changed critical rules
    recertify_marked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class QuizRoundGrant(Base):
    """A manager lets a person start a new round of attempts (after the limit was used up)."""

    __tablename__ = "quiz_round_grants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    blueprint_id: Mapped[str] = mapped_column(String(40))
    granted_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reason: Mapped[str] = mapped_column(Text)


class RuleMemory(Base):
    """The FSRS memory of one person for one rule (quizzes.spacing.Memory)."""

    __tablename__ = "quiz_rule_memory"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    rule_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    state: Mapped[int] = mapped_column(Integer)
    step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    stability: Mapped[float | None] = mapped_column(Float, nullable=True)
    difficulty: Mapped[float | None] = mapped_column(Float, nullable=True)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_review_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    reviews: Mapped[int] = mapped_column(Integer, default=0)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)


class RuleReview(Base):
    """One answer on one rule, wherever it was given: the log behind the memory and the reports."""

    __tablename__ = "quiz_rule_reviews"
    __table_args__ = (Index("ix_quiz_rule_reviews_user_rule", "user_id", "rule_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    rule_id: Mapped[str] = mapped_column(String(80))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    correct: Mapped[bool] = mapped_column(Boolean)
    source: Mapped[str] = mapped_column(String(16))  # quiz / practice / drill
    question_id: Mapped[str | None] = mapped_column(String(120), nullable=True)
    attempt_id: Mapped[int | None] = mapped_column(ForeignKey("quiz_attempts.id"), nullable=True)
    drill_id: Mapped[int | None] = mapped_column(ForeignKey("phone_drills.id"), nullable=True)


class PhoneDrill(Base):
    """One simulated call: when it started ringing, when it was picked up, the rings counted by the
    server, and the opening line with the judge's verdict."""

    __tablename__ = "phone_drills"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"), nullable=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    picked_up_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    rings: Mapped[int | None] = mapped_column(Integer, nullable=True)
    status: Mapped[str] = mapped_column(String(16))  # ringing / picked_up / answered / missed
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    judge_score: Mapped[int | None] = mapped_column(Integer, nullable=True)
    passed: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    rulebook_version: Mapped[str] = mapped_column(String(40))
