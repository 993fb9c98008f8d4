"""Practice assigned from evidence: one row per person, rule and piece of evidence. Never deleted."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, UniqueConstraint
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
