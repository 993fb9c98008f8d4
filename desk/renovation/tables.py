"""Move-in, renovation and worker-pass registers (procedure duty 1.4).

Units and owners are desk.owners.tables.Unit and Owner. Nothing is deleted: records are voided with a reason,
and every change writes a row to the shared history table (store.history).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from store.base import Base
from store.coltypes import UTCDateTime


class MoveIn(Base):
    """An owner taking over a unit (收房): who handled it, when, and its checklist."""

    __tablename__ = "move_ins"
    __table_args__ = (Index("ix_move_ins_site_status", "site_id", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("owners.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))  # open / completed / voided
    handled_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    void_reason: Mapped[str | None] = mapped_column(Text, nullable=True)


class MoveInItem(Base):
    """One checklist item or document of a move-in, as it was when the move-in started."""

    __tablename__ = "move_in_items"
    __table_args__ = (UniqueConstraint("move_in_id", "kind", "code", name="uq_move_in_items_entry"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    move_in_id: Mapped[int] = mapped_column(ForeignKey("move_ins.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # item / document
    code: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer)
    required: Mapped[bool] = mapped_column(Boolean)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    done_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)


class Renovation(Base):
    """A renovation application (装修申请) from approval to inspection and the deposit refund."""

    __tablename__ = "renovations"
    __table_args__ = (Index("ix_renovations_site_status", "site_id", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("owners.id"), nullable=True)
    status: Mapped[str] = mapped_column(String(16))
    company: Mapped[str] = mapped_column(String(100))
    person_in_charge: Mapped[str] = mapped_column(String(50))
    person_phone: Mapped[str] = mapped_column(String(20))
    scope: Mapped[str] = mapped_column(Text)  # what will be done
    planned_start: Mapped[date] = mapped_column(Date)
    planned_end: Mapped[date] = mapped_column(Date)
    deposit: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    inspections: Mapped[int] = mapped_column(Integer, default=0)  # how many times inspected
    inspected_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    inspected_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    inspection_note: Mapped[str | None] = mapped_column(Text, nullable=True)  # why it failed
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    refund_amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2), nullable=True)
    refund_receipt_no: Mapped[str | None] = mapped_column(String(40), nullable=True)
    refund_note: Mapped[str | None] = mapped_column(Text, nullable=True)  # why less than the deposit
    refunded_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    refunded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    closing_reason: Mapped[str | None] = mapped_column(Text, nullable=True)  # rejection or void reason


class WorkerPass(Base):
    """A renovation worker's pass (装修工人出入证); valid from and to, in the site's dates."""

    __tablename__ = "worker_passes"
    __table_args__ = (Index("ix_worker_passes_site_dates", "site_id", "valid_from", "valid_to"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    renovation_id: Mapped[int] = mapped_column(ForeignKey("renovations.id"), index=True)
    worker_name: Mapped[str] = mapped_column(String(50))
    id_number: Mapped[str] = mapped_column(String(18))
    photo_ref: Mapped[str] = mapped_column(String(100))  # photo file name or number on the paper file
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date] = mapped_column(Date)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    issued_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    revoked_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    revoke_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
