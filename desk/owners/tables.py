"""Units and owner records (业主档案, duty 1.6): every desk register names a unit, most an owner."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from store.base import Base
from store.coltypes import UTCDateTime


class Unit(Base):
    """A unit (building-unit-room, e.g. 3-2-1201) at a site."""

    __tablename__ = "units"
    __table_args__ = (UniqueConstraint("site_id", "code", name="uq_units_site_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    code: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Owner(Base):
    """Owner records (业主档案): an owner, household member, tenant or contact of a unit."""

    __tablename__ = "owners"
    __table_args__ = (
        Index("ix_owners_site_phone", "site_id", "phone"),
        Index("ix_owners_site_name", "site_id", "name"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    phone: Mapped[str] = mapped_column(String(20), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    relation: Mapped[str] = mapped_column(String(16), default="owner", server_default="owner")
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    void_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
