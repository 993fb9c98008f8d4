"""Special-service orders (特约服务, duty 1.8)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from store.base import Base
from store.coltypes import UTCDateTime


class SpecialService(Base):
    """A special-service order (特约服务: housekeeping and other paid services) from request to callback."""

    __tablename__ = "special_services"
    __table_args__ = (
        Index("ix_special_services_site_status", "site_id", "status"),
        UniqueConstraint("site_id", "receipt_no", name="uq_special_services_site_receipt_no"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("owners.id"), nullable=True)
    contact_name: Mapped[str] = mapped_column(String(50))
    contact_phone: Mapped[str] = mapped_column(String(20))
    service_type: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text)
    quoted_price: Mapped[Decimal | None] = mapped_column(Numeric(12, 2), nullable=True)
    status: Mapped[str] = mapped_column(String(16))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    scheduled_for: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    assignee: Mapped[str | None] = mapped_column(String(50), nullable=True)  # who will do it
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2), nullable=True)
    method: Mapped[str | None] = mapped_column(String(16), nullable=True)
    receipt_no: Mapped[str | None] = mapped_column(String(40), nullable=True)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    paid_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)  # took the money
    callback_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    callback_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    callback_result: Mapped[str | None] = mapped_column(Text, nullable=True)
    satisfaction: Mapped[int | None] = mapped_column(Integer, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    closing_reason: Mapped[str | None] = mapped_column(Text, nullable=True)  # cancel or void reason
