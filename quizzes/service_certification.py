"""Certificates: the latest one of a person, recertification when a critical rule's wording changes,
and a manager's grant of a new round. Each change leaves a history row in the same transaction."""

from __future__ import annotations

from sqlalchemy import select

from core.errors import ValidationFailed
from core.roles import Actor, Permission, require
from quizzes import certification
from quizzes.service_base import (
    ACTIVE,
    REASON_MAX,
    RECERTIFY,
    ServiceBase,
)
from quizzes.tables import (
    QuizCertificate,
    QuizRoundGrant,
)
from quizzes.views import (
    CertificateView,
)
from rules.model import Rulebook
from store import history


class CertificationService(ServiceBase):
    def certificate(
        self, actor: Actor, rulebook: Rulebook, user_id: int | None = None
    ) -> CertificateView | None:
        """The latest certificate of a person (default: the actor) for the first certification."""
        target = actor.user_id if user_id is None else user_id
        content = self._content(rulebook)
        self._recertify_once(rulebook)
        with self._sessions() as session:
            if target == actor.user_id:
                require(actor, Permission.TAKE_QUIZZES)
            else:
                self._may_read(session, actor, target)
            found = self._certificates(session, [target], content)
        return found[0] if found else None

    def _recertify_once(self, rulebook: Rulebook) -> None:
        """Pages sync once per rulebook version and process, not on every rerun. The marks live in the
        database and the sync is idempotent, so each process doing it once per version is enough."""
        if rulebook.version_label not in self._recertified:
            self.sync_recertification(rulebook)
            self._recertified.add(rulebook.version_label)

    def sync_recertification(self, rulebook: Rulebook) -> int:
        """Mark the active certificates taken against an older wording of a critical rule; returns how
        many were marked. Idempotent; each mark leaves a history row."""
        now = self._clock()
        marked = 0
        with self._sessions.begin() as session:
            # A certificate of this very version holds this version's wordings: nothing to compare.
            stale = select(QuizCertificate).where(
                QuizCertificate.status == ACTIVE, QuizCertificate.rulebook_version != rulebook.version_label
            )
            for cert in session.scalars(stale):
                changed = certification.changed_critical_rules(cert.critical_rules, rulebook)
                if not changed:
                    continue
                cert.status, cert.recertify_rules, cert.recertify_marked_at = RECERTIFY, list(changed), now
                log = history.Recorder(session, None, now)
                log.of(
                    cert,
                    "quiz_certificate",
                    "recertify",
                    {"status": [ACTIVE, RECERTIFY]},
                    note=", ".join(changed),
                )
                marked += 1
        return marked

    def grant_round(self, actor: Actor, user_id: int, blueprint_id: str, reason: str) -> None:
        """Let a person who used up their attempts start a new round (with a reason, in the history)."""
        require(actor, Permission.READ_TRAINING)
        reason = (reason or "").strip()
        if not reason:
            raise ValidationFailed("error.reason_required", field="reason")
        if len(reason) > REASON_MAX:
            raise ValidationFailed("quiz.error.reason_too_long", field="reason", max=REASON_MAX)
        now = self._clock()
        with self._sessions.begin() as session:
            self._may_read(session, actor, user_id)
            grant = QuizRoundGrant(
                user_id=user_id,
                blueprint_id=blueprint_id,
                granted_by=actor.user_id,
                granted_at=now,
                reason=reason,
            )
            session.add(grant)
            session.flush()
            granted = {"user_id": [None, user_id], "blueprint_id": [None, blueprint_id]}
            history.Recorder(session, actor.user_id, now)(
                "quiz_round", grant.id, "grant", granted, note=reason
            )
