"""Audit tables: one row per mystery call or observation, one row per failed item (with its rule)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from store.base import Base
from store.coltypes import UTCDateTime


class ConductAudit(Base):
    """Graded when recorded, against the rulebook of that moment (its version is kept)."""

    __tablename__ = "conduct_audits"
    __table_args__ = (Index("ix_conduct_audits_site_observed", "site_id", "observed_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)  # the person audited
    auditor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    channel: Mapped[str] = mapped_column(String(8))  # phone / face
    observed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    rings: Mapped[int | None] = mapped_column(Integer, nullable=True)  # phone only
    lines: Mapped[list[dict[str, Any]]] = mapped_column(JSON)  # [{line, scenario_id, text, score, ok}]
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    rulebook_version: Mapped[str] = mapped_column(String(40))
    score: Mapped[int | None] = mapped_column(Integer, nullable=True)
    passed: Mapped[bool] = mapped_column(Boolean)
    failed_count: Mapped[int] = mapped_column(Integer)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AuditItem(Base):
    """A failed item of an audit: which rule, on which line, what was said, what to say instead."""

    __tablename__ = "audit_items"
    __table_args__ = (Index("ix_audit_items_rule", "rule_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("conduct_audits.id"), index=True)
    line: Mapped[int | None] = mapped_column(Integer, nullable=True)  # None: the rings
    rule_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    found: Mapped[str] = mapped_column(String(300))
    message: Mapped[dict[str, str]] = mapped_column(JSON)  # {zh, en} as judged then
    suggestion: Mapped[str] = mapped_column(Text)
