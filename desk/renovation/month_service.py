"""The month's move-in, renovation, pass and special-service counts for the monthly statistics, each
counted by the database by when it happened in the site's own month; voided records are left out."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import and_, case, func, or_, select

from accounts.tables import Site
from core.roles import Actor, Permission, require
from desk.record_base import RecordService
from desk.record_queries import count_if, in_local_range, money, money_sum, month_bounds
from desk.renovation import movein
from desk.renovation.content import RegistersContent
from desk.renovation.tables import MoveIn, Renovation, WorkerPass
from desk.renovation.views import RegistersMonth, ServiceTotal
from desk.renovation.workflow import Status
from desk.special.tables import SpecialService
from desk.special.workflow import Status as SpecialStatus
from desk.statistics.monthly import clean_period


class RegistersMonthService(RecordService[RegistersContent]):
    def month_registers(self, actor: Actor, period: str, site_ids: set[int] | None = None) -> RegistersMonth:
        """Counts and sums for the monthly statistics, each by when it happened (in the site's month);
        voided records are left out."""
        require(actor, Permission.READ_DESK_STATS)
        period = clean_period(period)
        sites = self._sites(actor, site_ids)
        with self._sessions() as session:
            zones = dict(session.execute(select(Site.id, Site.timezone).where(Site.id.in_(sites))).all())
            bounds = {site_id: month_bounds(period, zone) for site_id, zone in zones.items()}
            m = session.execute(
                select(count_if(in_local_range(MoveIn.completed_at, bounds, MoveIn.site_id))).where(
                    MoveIn.status != movein.Status.VOIDED.value, MoveIn.site_id.in_(sites)
                )
            ).one()
            voided = Status.VOIDED.value
            r = session.execute(
                select(
                    count_if(in_local_range(Renovation.applied_at, bounds, Renovation.site_id)),
                    count_if(in_local_range(Renovation.approved_at, bounds, Renovation.site_id)),
                    count_if(in_local_range(Renovation.accepted_at, bounds, Renovation.site_id)),
                    money_sum(
                        Renovation.refund_amount,
                        in_local_range(Renovation.refunded_at, bounds, Renovation.site_id),
                    ),
                ).where(Renovation.status != voided, Renovation.site_id.in_(sites))
            ).one()
            p = session.execute(
                select(
                    count_if(in_local_range(WorkerPass.issued_at, bounds, WorkerPass.site_id)),
                    count_if(in_local_range(WorkerPass.revoked_at, bounds, WorkerPass.site_id)),
                ).where(WorkerPass.site_id.in_(sites))
            ).one()
            special_voided = SpecialStatus.VOIDED.value
            done_in_month = in_local_range(SpecialService.done_at, bounds, SpecialService.site_id)
            paid_in_month = in_local_range(SpecialService.paid_at, bounds, SpecialService.site_id)
            s = session.execute(
                select(
                    count_if(in_local_range(SpecialService.requested_at, bounds, SpecialService.site_id)),
                    count_if(done_in_month),
                    count_if(
                        and_(
                            SpecialService.status == SpecialStatus.CANCELLED.value,
                            in_local_range(SpecialService.closed_at, bounds, SpecialService.site_id),
                        )
                    ),
                    money_sum(SpecialService.amount, paid_in_month),
                    func.avg(
                        case(
                            (
                                in_local_range(SpecialService.callback_at, bounds, SpecialService.site_id),
                                SpecialService.satisfaction,
                            ),
                            else_=None,
                        )
                    ),
                ).where(SpecialService.status != special_voided, SpecialService.site_id.in_(sites))
            ).one()
            by_type = session.execute(
                select(
                    SpecialService.service_type,
                    count_if(done_in_month),
                    money_sum(SpecialService.amount, paid_in_month),
                )
                .where(
                    SpecialService.status != special_voided,
                    SpecialService.site_id.in_(sites),
                    or_(done_in_month, paid_in_month),
                )
                .group_by(SpecialService.service_type)
                .order_by(SpecialService.service_type)
            ).all()
        average = s[4]
        return RegistersMonth(
            period=period,
            move_ins_completed=int(m[0]),
            renovations_applied=int(r[0]),
            renovations_approved=int(r[1]),
            renovations_accepted=int(r[2]),
            deposits_refunded=money(r[3]),
            passes_issued=int(p[0]),
            passes_revoked=int(p[1]),
            special_requested=int(s[0]),
            special_done=int(s[1]),
            special_cancelled=int(s[2]),
            special_revenue=money(s[3]),
            special_satisfaction=(
                Decimal(str(average)).quantize(Decimal("0.1")) if average is not None else None
            ),
            by_service=tuple(ServiceTotal(t, int(done), money(revenue)) for t, done, revenue in by_type),
        )
