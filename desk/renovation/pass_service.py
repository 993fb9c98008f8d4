"""Worker passes (出入证), procedure duty 1.4: issue one to a worker of an approved renovation within its
planned dates, revoke one with a reason, and the passes valid today for the guards (ID numbers masked).

Every change is one transaction and writes a history row; nothing is deleted.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from core.errors import ValidationFailed
from core.roles import Actor, Permission, require, require_site
from core.views import view_of
from desk.owners.tables import Unit
from desk.record_base import RecordService, site_or_404
from desk.renovation.content import RegistersContent
from desk.renovation.forms import PassForm, clean_pass, reason
from desk.renovation.id_card import mask_id_number
from desk.renovation.passes import PassState, Period, local_today, pass_state
from desk.renovation.tables import Renovation, WorkerPass
from desk.renovation.views import PassRow, record_number
from desk.renovation.workflow import PASS_STATES, Status, passes_allowed

ENTITY = "worker_pass"
PASS_STATE_VALUES = tuple(s.value for s in PASS_STATES)


class PassService(RecordService[RegistersContent]):
    entity = ENTITY

    def issue_pass(self, actor: Actor, form: PassForm) -> int:
        """A pass for a worker of an approved renovation, valid within its planned dates."""
        require(actor, Permission.USE_DESK)
        now = self._clock()
        with self._sessions.begin() as session:
            works = self._locked(session, actor, Renovation, form.renovation_id, "renovation.error.not_found")
            if not passes_allowed(Status(works.status)):
                raise ValidationFailed(
                    "passes.error.works_not_open",
                    field="renovation",
                    machine="renovation",
                    state=works.status,
                )
            site = site_or_404(session, works.site_id)
            today = local_today(now, site.timezone)
            clean = clean_pass(form, Period(works.planned_start, works.planned_end), today)
            clash = session.scalar(
                select(WorkerPass.id).where(
                    WorkerPass.renovation_id == works.id,
                    WorkerPass.id_number == clean.id_number,
                    WorkerPass.revoked_at.is_(None),
                    WorkerPass.valid_from <= clean.validity.end,
                    WorkerPass.valid_to >= clean.validity.start,
                )
            )
            if clash is not None:
                raise ValidationFailed(
                    "passes.error.duplicate", field="id_number", number=record_number(ENTITY, clash)
                )
            card = WorkerPass(
                site_id=works.site_id, renovation_id=works.id, worker_name=clean.worker_name,
                id_number=clean.id_number, photo_ref=clean.photo_ref, valid_from=clean.validity.start,
                valid_to=clean.validity.end, issued_at=now, issued_by=actor.user_id,
            )  # fmt: skip
            issued = {"renovation": record_number("renovation", works.id), "worker_name": card.worker_name,
                      "id_number": mask_id_number(card.id_number), "valid_from": card.valid_from,
                      "valid_to": card.valid_to}  # fmt: skip
            return self._add_new(session, actor, card, "issue", issued, now)

    def revoke_pass(self, actor: Actor, pass_id: int, reason_text: str) -> None:
        require(actor, Permission.USE_DESK)
        why = reason(reason_text)
        now = self._clock()
        with self._sessions.begin() as session:
            card = self._locked(session, actor, WorkerPass, pass_id, "passes.error.not_found")
            if card.revoked_at is not None:
                raise ValidationFailed("passes.error.already_revoked", field="action")
            card.revoked_at, card.revoked_by, card.revoke_reason = now, actor.user_id, why
            self._record_change(
                session, actor, card, action="revoke", before={"revoked": False}, after={"revoked": True},
                now=now, note=why,
            )  # fmt: skip

    def valid_passes(self, actor: Actor, site_id: int, on: date | None = None) -> list[PassRow]:
        """Passes valid today at the site (its own date), for the guards; ID numbers masked."""
        require(actor, Permission.USE_DESK)
        require_site(actor, site_id)
        with self._sessions() as session:
            site = site_or_404(session, site_id)
            day = on or local_today(self._clock(), site.timezone)
            rows = session.execute(
                select(WorkerPass, Renovation, Unit.code)
                .join(Renovation, Renovation.id == WorkerPass.renovation_id)
                .join(Unit, Unit.id == Renovation.unit_id)
                .where(
                    WorkerPass.site_id == site_id,
                    WorkerPass.revoked_at.is_(None),
                    WorkerPass.valid_from <= day,
                    WorkerPass.valid_to >= day,
                    Renovation.status.in_(PASS_STATE_VALUES),
                )
                .order_by(Unit.code, WorkerPass.worker_name, WorkerPass.id)
            ).all()
        return [pass_row(p, r, code, day, full_id=False) for p, r, code in rows]


def pass_row(card: WorkerPass, works: Renovation, code: str, today: date, full_id: bool) -> PassRow:
    """A pass as the lists show it: its state on `today`, the ID number masked unless `full_id`."""
    state: PassState = pass_state(
        card.valid_from, card.valid_to, card.revoked_at is not None, today,
        works_open=works.status in PASS_STATE_VALUES,
    )  # fmt: skip
    return view_of(
        PassRow,
        card,
        number=record_number(ENTITY, card.id),
        renovation_id=works.id,
        renovation_number=record_number("renovation", works.id),
        unit=code,
        company=works.company,
        id_number=card.id_number if full_id else mask_id_number(card.id_number),
        state=state.value,
    )
