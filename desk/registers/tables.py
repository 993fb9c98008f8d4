"""Desk registers: mail and newspapers, keys and loans, off-hours receipts and cash handovers, shift
handover notes (residents are desk.tables.Owner). Nothing is deleted: records are voided with a reason."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from store.base import Base
from store.coltypes import UTCDateTime


class MailItem(Base):
    """A letter, parcel or newspaper held at the desk for a unit (信件报刊)."""

    __tablename__ = "mail_items"
    __table_args__ = (Index("ix_mail_items_site_status", "site_id", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # letter / parcel / newspaper / magazine / other
    description: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16))  # waiting / notified / collected / returned / voided
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    received_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    collected_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    collected_by_name: Mapped[str | None] = mapped_column(String(50), nullable=True)  # the signature
    handed_over_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    closing_note: Mapped[str | None] = mapped_column(Text, nullable=True)  # return or void reason


class Key(Base):
    """A key (or a bunch of copies) held at the desk for a unit or a room."""

    __tablename__ = "desk_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), nullable=True)
    room: Mapped[str] = mapped_column(String(60))  # the unit code or a room such as 设备房
    purpose: Mapped[str] = mapped_column(String(200))
    copies: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    void_reason: Mapped[str | None] = mapped_column(Text, nullable=True)


class KeyLoan(Base):
    """A key lent out. At most one open loan per key: the database refuses a second one."""

    __tablename__ = "key_loans"
    __table_args__ = (
        Index(
            "uq_key_loans_open",
            "key_id",
            unique=True,
            sqlite_where=text("returned_at IS NULL"),
            postgresql_where=text("returned_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key_id: Mapped[int] = mapped_column(ForeignKey("desk_keys.id"), index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    borrower: Mapped[str] = mapped_column(String(50))
    borrower_id_number: Mapped[str] = mapped_column(String(32))
    borrower_phone: Mapped[str] = mapped_column(String(20), default="")
    reason: Mapped[str] = mapped_column(Text)
    lent_at: Mapped[datetime] = mapped_column(UTCDateTime())
    lent_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    expected_return_at: Mapped[datetime] = mapped_column(UTCDateTime())
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    returned_to: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)


class CashHandover(Base):
    """End-of-shift handover of off-hours takings: expected from receipts, counted, difference."""

    __tablename__ = "cash_handovers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    from_user: Mapped[int] = mapped_column(ForeignKey("users.id"))
    to_user: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expected_cash: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    counted_cash: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    other_total: Mapped[Decimal] = mapped_column(Numeric(12, 2))  # non-cash receipts, listed not counted
    status: Mapped[str] = mapped_column(String(16))  # pending / accepted / discrepancy / resolved
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    resolved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    resolution: Mapped[str | None] = mapped_column(Text, nullable=True)


class Receipt(Base):
    """A fee taken at lunch time, on a holiday or after hours (代收费用)."""

    __tablename__ = "receipts"
    __table_args__ = (UniqueConstraint("site_id", "receipt_no", name="uq_receipts_site_receipt_no"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime())
    taken_by: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    off_hours: Mapped[str] = mapped_column(String(16))  # lunch / after_hours / weekend / holiday
    payer: Mapped[str] = mapped_column(String(50))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    item: Mapped[str] = mapped_column(String(100))
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    method: Mapped[str] = mapped_column(String(16))  # cash / wechat / alipay / card / other
    receipt_no: Mapped[str] = mapped_column(String(40))
    handover_id: Mapped[int | None] = mapped_column(
        ForeignKey("cash_handovers.id"), nullable=True, index=True
    )
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    void_reason: Mapped[str | None] = mapped_column(Text, nullable=True)


class HandoverNote(Base):
    """What the next shift must know (交接班); open items are carried over by query, not copied."""

    __tablename__ = "handover_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    body: Mapped[str] = mapped_column(Text)
    read_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
