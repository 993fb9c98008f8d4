"""Practice assigned from evidence: one row per person, rule and piece of evidence. Never deleted."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from store.base import Base
from store.coltypes import UTCDateTime


class PracticeAssignment(Base):
    """A rule assigned to a person because of an audit, a valid complaint or a month of calls.

    `reason` holds what the person may see of the evidence (when, which channel or category, the
    words that slipped) and nothing of the owner: no name, phone, unit or complaint text.
    """

    __tablename__ = "practice_assignments"
    __table_args__ = (
        # The same evidence assigns the same rule once, however often it is judged or summed up.
        UniqueConstraint("user_id", "rule_id", "source", "source_ref", name="uq_practice_assignments_once"),
        Index("ix_practice_assignments_site", "site_id", "assigned_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    rule_id: Mapped[str] = mapped_column(String(80))
    source: Mapped[str] = mapped_column(String(16))  # audit / complaint / calls
    source_ref: Mapped[str] = mapped_column(String(40))  # audit id, request id, or YYYY-MM
    reason: Mapped[dict[str, Any]] = mapped_column(JSON)
    assigned_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CertificateSuspension(Base):
    """A critical rule assigned from evidence suspends the person's certificate on that rule until a
    short re-test on it is passed. Lifting sets `lifted_at`; the row stays."""

    __tablename__ = "certificate_suspensions"
    __table_args__ = (Index("ix_certificate_suspensions_user", "user_id", "rule_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    rule_id: Mapped[str] = mapped_column(String(80))
    certificate_id: Mapped[int] = mapped_column(ForeignKey("quiz_certificates.id"))
    assignment_id: Mapped[int] = mapped_column(ForeignKey("practice_assignments.id"))
    suspended_at: Mapped[datetime] = mapped_column(UTCDateTime())
    lifted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    lifted_by: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the re-test passed


class CertificateRetest(Base):
    """One short re-test on one suspended rule: the questions drawn, the answers, the outcome."""

    __tablename__ = "certificate_retests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    suspension_id: Mapped[int] = mapped_column(ForeignKey("certificate_suspensions.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    question_ids: Mapped[list[str]] = mapped_column(JSON)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    correct_count: Mapped[int | None] = mapped_column(Integer, nullable=True)
    passed: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
