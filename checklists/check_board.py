"""The check board of a site's day: who has checked in, who is late or missing, the failed items; and
over the last REPORT_DAYS days each person's completion (missed checks included) and self-check
against spot check. The figures come from `checklists.queries`."""

from __future__ import annotations

from datetime import date, timedelta

from accounts.tables import Site
from checklists import queries
from checklists.occurrence_windows import windows
from checklists.service_helpers import ShiftCheckServiceBase
from checklists.shifts import Kind, check_window, days, local_date, occurrences, slot_status
from checklists.views import Board, BoardRow
from core.errors import NotFound
from core.roles import Actor, Permission, require, require_site
from core.views import view_of

REPORT_DAYS = 30  # the board's compliance and self-vs-spot period


class CheckBoard(ShiftCheckServiceBase):
    def board(self, actor: Actor, site_id: int, day: date | None = None) -> Board:
        """A site's day: who has checked in, who is late or missing, failed items; and over the last
        REPORT_DAYS days each person's completion and self-check against spot check."""
        require(actor, Permission.MANAGE_SHIFT_CHECKS)
        require_site(actor, site_id)
        settings = self._settings()
        now = self._clock()
        with self._sessions() as session:
            site = session.get(Site, site_id)
            if site is None:
                raise NotFound("error.site_not_found", site_id=site_id)
            day = day or local_date(now, site.timezone)
            todays = occurrences(settings, [day], site.timezone)
            by_shift = {o.shift_id: o for o in todays}
            todays_windows = windows([(site_id, o) for o in todays], settings)
            slot_rows = queries.board_slots(session, todays_windows)
            failed = queries.failed_items(session, site_id, day)
            until = min(day, local_date(now, site.timezone))
            since = until - timedelta(days=REPORT_DAYS - 1)
            period = occurrences(settings, days(since, until), site.timezone)
            w = windows([(site_id, o) for o in period], settings)
            compliance = queries.compliance(session, w, now)
            gaps = queries.gaps(session, {site_id}, since, until)
        rows = []
        for r in slot_rows:
            window = check_window(by_shift[r.shift_id], Kind(r.kind), settings)
            status = slot_status(window, now, submitted=r.check_id is not None, late=bool(r.late))
            rows.append(
                view_of(
                    BoardRow,
                    r,
                    user_name=r.display_name,
                    rostered=r.roster_id is not None,
                    status=status,
                )
            )
        order = {s: i for i, s in enumerate(settings.shift_ids)}
        rows.sort(key=lambda r: (order.get(r.shift_id, 99), r.user_name, r.kind != Kind.START.value))
        return Board(
            site_id=site_id,
            day=day,
            rows=tuple(rows),
            failed=tuple(failed),
            since=since,
            until=until,
            compliance=tuple(compliance),
            gaps=tuple(gaps),
        )
