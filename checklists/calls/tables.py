"""Call-record tables: imports, the calls themselves, and which person answers which extension when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from store.base import Base
from store.coltypes import UTCDateTime


class CallImport(Base):
    """One file read into one site; its calls point back to it."""

    __tablename__ = "call_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    imported_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)  # None: CLI
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime())
    file_name: Mapped[str] = mapped_column(String(255))
    layout: Mapped[str] = mapped_column(String(16))  # asterisk / freeswitch / csv
    rows_read: Mapped[int] = mapped_column(Integer)
    added: Mapped[int] = mapped_column(Integer)  # the rest were already in (re-import)


class PhoneCall(Base):
    """One call that rang an extension of the centre. No caller number is kept: it is an owner's."""

    __tablename__ = "phone_calls"
    __table_args__ = (
        # The natural key makes a re-import of the same export a no-op.
        UniqueConstraint("site_id", "call_key", name="uq_phone_calls_site_key"),
        Index("ix_phone_calls_site_started", "site_id", "started_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    import_id: Mapped[int] = mapped_column(ForeignKey("call_imports.id"))
    call_key: Mapped[str] = mapped_column(String(80))
    extension: Mapped[str] = mapped_column(String(40))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    answered: Mapped[bool] = mapped_column(Boolean)
    disposition: Mapped[str] = mapped_column(String(16))  # answered / no_answer / busy / failed
    ring_seconds: Mapped[float | None] = mapped_column(Float, nullable=True)  # answered calls only
    talk_seconds: Mapped[int] = mapped_column(Integer)


class ExtensionStaff(Base):
    """From `valid_from` on, calls to this extension are this person's (None: nobody's).

    Never updated: a change is a new row, so last month's calls stay with whoever answered them then.
    """

    __tablename__ = "extension_staff"
    __table_args__ = (Index("ix_extension_staff_site_ext", "site_id", "extension", "valid_from"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    extension: Mapped[str] = mapped_column(String(40))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    valid_from: Mapped[datetime] = mapped_column(UTCDateTime())
    set_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime())
