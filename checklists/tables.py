"""Shift-check tables: the roster, checks (self and spot) with their raw answers, corrective actions."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from store.base import Base
from store.coltypes import UTCDateTime


class RosterEntry(Base):
    """A person put on a shift on a date by a manager. Taken off: `active` false (kept, with history)."""

    __tablename__ = "shift_roster"
    __table_args__ = (
        UniqueConstraint("user_id", "shift_date", "shift_id", name="uq_shift_roster_person_shift"),
        Index("ix_shift_roster_site_date", "site_id", "shift_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    shift_date: Mapped[date] = mapped_column(Date)  # local date the shift starts on
    shift_id: Mapped[str] = mapped_column(String(16))  # checklists/content/shifts.yaml
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class RosterTemplate(Base):
    """A person's usual week at a site ("morning shift Monday to Friday"), applied to a chosen week.
    Changed by saving it again (an empty template puts nobody on); every change leaves a history row."""

    __tablename__ = "roster_templates"
    __table_args__ = (UniqueConstraint("site_id", "user_id", name="uq_roster_templates_site_person"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    slots: Mapped[list[list[int | str]]] = mapped_column(JSON, default=list)  # [[weekday, shift id], ...]
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ShiftCheck(Base):
    """One check of one person for one shift: their own (source self) or a manager's spot check.

    The score is computed at submission from the answers kept with it (weights, pass mark, rulebook
    version included), so editing the rules or the settings later never changes it.
    """

    __tablename__ = "shift_checks"
    __table_args__ = (
        # One self-check and one spot check per person, shift and kind: the database settles a race.
        UniqueConstraint(
            "user_id", "shift_date", "shift_id", "kind", "source", name="uq_shift_checks_once_per_shift"
        ),
        Index("ix_shift_checks_site_date", "site_id", "shift_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    source: Mapped[str] = mapped_column(String(8))  # self / spot
    inspector_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    shift_date: Mapped[date] = mapped_column(Date)
    shift_id: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(8))  # start / end
    rulebook_version: Mapped[str] = mapped_column(String(40))
    pass_mark: Mapped[int] = mapped_column(Integer)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    score: Mapped[float | None] = mapped_column(Float, nullable=True)  # percent; None when all N/A
    passed: Mapped[bool] = mapped_column(Boolean)
    critical_failed: Mapped[bool] = mapped_column(Boolean)
    failed_count: Mapped[int] = mapped_column(Integer)
    amended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    amended_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)


class CheckAnswer(Base):
    """The raw answer to one item, with the item as it was asked."""

    __tablename__ = "shift_check_answers"
    __table_args__ = (UniqueConstraint("check_id", "rule_id", name="uq_shift_check_answers_item"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    check_id: Mapped[int] = mapped_column(ForeignKey("shift_checks.id"))
    position: Mapped[int] = mapped_column(Integer)
    rule_id: Mapped[str] = mapped_column(String(80))
    severity: Mapped[str] = mapped_column(String(8))
    weight: Mapped[int] = mapped_column(Integer)
    question_zh: Mapped[str] = mapped_column(Text)
    question_en: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(String(4))  # pass / fail / na
    note: Mapped[str | None] = mapped_column(Text, nullable=True)


class CorrectiveAction(Base):
    """What a person does about a failed item, due by their next shift; a manager verifies it."""

    __tablename__ = "corrective_actions"
    __table_args__ = (
        UniqueConstraint("check_id", "rule_id", name="uq_corrective_actions_item"),
        Index("ix_corrective_actions_site_state", "site_id", "state"),
        Index("ix_corrective_actions_user_state", "user_id", "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    check_id: Mapped[int] = mapped_column(ForeignKey("shift_checks.id"))
    rule_id: Mapped[str] = mapped_column(String(80))
    state: Mapped[str] = mapped_column(String(16))  # open / in_progress / done / verified
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_note: Mapped[str | None] = mapped_column(Text, nullable=True)
    verified_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
