"""The registers' lines in the monthly statistics, counted by the database per site month."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import and_, func, or_, select

from accounts.tables import Site
from core.roles import Actor, Permission, require
from desk.content_model import DeskContent
from desk.record_base import RecordService
from desk.record_queries import month_bounds as local_month_bounds
from desk.registers.tables import CashHandover, KeyLoan, MailItem, Receipt
from desk.statistics.monthly import clean_period


@dataclass(frozen=True)
class RegisterMonth:
    mail_received: int
    mail_collected: int
    mail_returned: int
    key_loans: int
    key_loans_returned_late: int
    receipts: int
    receipts_total: Decimal
    receipts_cash: Decimal
    handovers: int
    handover_discrepancies: int


def month_bounds(period: str, timezone: str) -> tuple[datetime, datetime]:
    """[start, end) of a month in a site's own time zone, as UTC instants."""
    start, end = local_month_bounds(period, timezone)
    return start.astimezone(UTC), end.astimezone(UTC)


class RegisterStatistics(RecordService[DeskContent]):
    def month(self, actor: Actor, period: str, site_ids: set[int] | None = None) -> RegisterMonth:
        require(actor, Permission.READ_DESK_STATS)
        period = clean_period(period)
        sites = self._sites(actor, site_ids)
        with self._sessions() as session:
            zones = dict(session.execute(select(Site.id, Site.timezone).where(Site.id.in_(sites))).all())

            def within(table, column):  # type: ignore[no-untyped-def]
                # One (site, month) window per site: months follow each site's own time zone.
                windows = [
                    and_(table.site_id == site_id, column >= lo, column < hi)
                    for site_id, (lo, hi) in ((s, month_bounds(period, z)) for s, z in zones.items())
                ]
                return or_(*windows) if windows else False

            mail = session.execute(
                select(
                    func.count(),
                    func.count().filter(MailItem.status == "collected"),
                    func.count().filter(MailItem.status == "returned"),
                ).where(within(MailItem, MailItem.received_at), MailItem.status != "voided")
            ).one()
            keys = session.execute(
                select(
                    func.count(), func.count().filter(KeyLoan.returned_at > KeyLoan.expected_return_at)
                ).where(within(KeyLoan, KeyLoan.lent_at))
            ).one()
            receipts = session.execute(
                select(
                    func.count(),
                    func.coalesce(func.sum(Receipt.amount), 0),
                    func.coalesce(func.sum(Receipt.amount).filter(Receipt.method == "cash"), 0),
                ).where(within(Receipt, Receipt.taken_at), Receipt.voided_at.is_(None))
            ).one()
            handovers = session.execute(
                select(
                    func.count(), func.count().filter(CashHandover.status.in_(("discrepancy", "resolved")))
                ).where(within(CashHandover, CashHandover.created_at))
            ).one()
        cents = Decimal("0.01")
        return RegisterMonth(
            mail_received=mail[0],
            mail_collected=mail[1],
            mail_returned=mail[2],
            key_loans=keys[0],
            key_loans_returned_late=keys[1],
            receipts=receipts[0],
            receipts_total=Decimal(receipts[1]).quantize(cents),
            receipts_cash=Decimal(receipts[2]).quantize(cents),
            handovers=handovers[0],
            handover_discrepancies=handovers[1],
        )
