"""A manager's own look at a person's checks: spot checks with the same items as the person's own check,
and amendments of a submitted check (four eyes: never one's own)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy import select

from accounts.tables import Site
from checklists import scoring
from checklists.check_records import answer_fields, apply_score, check_view, score_fields, store_check
from checklists.corrective_actions import open_actions
from checklists.queries import SPOT
from checklists.scoring import Item
from checklists.service_helpers import (
    ShiftCheckServiceBase,
    gender_of,
    managed_person,
    parse_kind,
    shift_occurrence,
)
from checklists.shifts import Timing, check_window, timing
from checklists.tables import CheckAnswer, ShiftCheck
from checklists.views import CheckView
from core.errors import NotFound, PermissionDenied, ValidationFailed
from core.roles import Actor, Permission, require
from rules.model import Rulebook
from store import history


class SpotChecks(ShiftCheckServiceBase):
    def spot_items(self, actor: Actor, rulebook: Rulebook, user_id: int, kind: str) -> tuple[Item, ...]:
        """The items a spot check of this person asks: the same as their own check."""
        require(actor, Permission.MANAGE_SHIFT_CHECKS)
        settings = self._settings()
        with self._sessions() as session:
            managed_person(session, actor, user_id)
            gender = gender_of(session, user_id)
        return scoring.build_items(rulebook, parse_kind(kind), gender, settings.weights)

    def spot_check(
        self,
        actor: Actor,
        rulebook: Rulebook,
        *,
        user_id: int,
        shift_date: date,
        shift_id: str,
        kind: str,
        answers: Mapping[str, str | None],
        notes: Mapping[str, str | None],
    ) -> CheckView:
        """A manager checks a staff member against the same items; failures open actions for them."""
        require(actor, Permission.MANAGE_SHIFT_CHECKS)
        settings = self._settings()
        check_kind = parse_kind(kind)
        now = self._clock()
        with self._sessions() as session:
            person, site = managed_person(session, actor, user_id)
            gender = person.gender
        occ = shift_occurrence(settings, shift_id, shift_date, site.timezone)
        if timing(check_window(occ, check_kind, settings), now) is Timing.TOO_EARLY:
            raise ValidationFailed("checks.error.future_shift")
        return store_check(
            self._sessions, self._clock, actor, settings, occ, rulebook, site_id=site.id, user_id=user_id,
            gender=gender, kind=check_kind, source=SPOT, answers=answers, notes=notes, late=False,
        )  # fmt: skip

    def amend(
        self,
        actor: Actor,
        check_id: int,
        *,
        answers: Mapping[str, str | None],
        notes: Mapping[str, str | None],
        reason: str,
    ) -> CheckView:
        """A manager corrects a submitted check. It is re-scored with the weights and pass mark it was
        submitted with; newly failed items open actions; a history row keeps the old answers."""
        require(actor, Permission.MANAGE_SHIFT_CHECKS)
        reason = (reason or "").strip()
        if not reason:
            raise ValidationFailed("error.reason_required", field="reason")
        settings = self._settings()
        now = self._clock()
        with self._sessions.begin() as session:
            found = session.scalar(select(ShiftCheck).where(ShiftCheck.id == check_id).with_for_update())
            if found is None or found.site_id not in actor.site_ids:
                raise NotFound("checks.error.check_not_found", check_id=check_id)
            if found.user_id == actor.user_id:
                raise PermissionDenied("checks.error.amend_own")  # four eyes, as for verifying
            rows = list(
                session.scalars(
                    select(CheckAnswer).where(CheckAnswer.check_id == found.id).order_by(CheckAnswer.position)
                )
            )
            items = [Item(r.rule_id, r.severity, r.weight, r.question_zh, r.question_en) for r in rows]
            responses = scoring.collect(items, answers, notes)
            before = answer_fields(rows) | score_fields(found)
            for row, response in zip(rows, responses, strict=True):
                row.answer, row.note = response.answer.value, response.note
            result = scoring.score(responses, found.pass_mark)
            apply_score(found, result)
            found.amended_at, found.amended_by = now, actor.user_id
            changes = history.diff(before, answer_fields(rows) | score_fields(found))
            history.Recorder(session, actor.user_id, now).of(
                found, "shift_check", "amend", changes, note=reason
            )
            site = session.get(Site, found.site_id)
            assert site is not None
            occ = shift_occurrence(settings, found.shift_id, found.shift_date, site.timezone)
            open_actions(session, actor, settings, occ, found, responses, now)
            session.flush()
            return check_view(session, found, actor, self._clock)
