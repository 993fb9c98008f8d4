"""Certificates and attempts: expiry, renewal, recertification when a critical rule changes, and
whether a person may start a quiz now. Pure: `now` and the stored facts come in.

- Passing a certification blueprint certifies: the certificate keeps the date, score, rulebook
  version and the wording of every critical rule; it expires `valid_months` later (same day of the
  month, or the month's last day) and shows as due `renew_days_before` its expiry.
- When the wording of a critical rule changes (or a rule becomes critical), certificates taken
  against the old wording are marked for recertification: only those people are asked to retake.
- Attempts of a certification are limited to `max_attempts` per round; a round starts with the
  person's last certificate, or a manager's grant of a new round. After a failed attempt the next
  may start `wait_hours` later. A valid certificate that is not due needs no new attempt.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from quizzes.model import Blueprint
from rules.model import Rulebook

CertStatus = Literal["none", "valid", "due", "expired"]


def add_months(moment: datetime, months: int) -> datetime:
    """The same day `months` later; the 31st becomes the month's last day."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def critical_wordings(rulebook: Rulebook) -> dict[str, str]:
    """What a certificate keeps of the critical rules: id -> Chinese wording (the document's)."""
    return {r.id: r.text.zh for r in rulebook.rules if r.severity == "critical"}


def changed_critical_rules(stored: Mapping[str, str], rulebook: Rulebook) -> tuple[str, ...]:
    """Critical rules whose wording differs from the one certified, or that were not critical then."""
    return tuple(rid for rid, wording in critical_wordings(rulebook).items() if stored.get(rid) != wording)


@dataclass(frozen=True)
class CertificateFacts:
    issued_at: datetime
    expires_at: datetime
    recertify: bool  # marked because a critical rule changed


def status(cert: CertificateFacts | None, now: datetime, renew_days_before: int) -> CertStatus:
    if cert is None:
        return "none"
    if now >= cert.expires_at:
        return "expired"
    if cert.recertify or now >= cert.expires_at - timedelta(days=renew_days_before):
        return "due"
    return "valid"


@dataclass(frozen=True)
class PastAttempt:
    started_at: datetime
    finished_at: datetime | None  # None: still in progress
    passed: bool | None


@dataclass(frozen=True)
class StartDecision:
    allowed: bool
    reason: str | None = None  # certified, no_attempts_left, wait, in_progress
    attempts_left: int | None = None  # None: no limit
    wait_until: datetime | None = None


def may_start(
    blueprint: Blueprint,
    attempts: Sequence[PastAttempt],
    cert: CertificateFacts | None,
    now: datetime,
    round_started: datetime | None = None,
) -> StartDecision:
    """Whether a new attempt of `blueprint` may start now. `attempts`: the person's attempts of it;
    `round_started`: a manager's latest grant of a new round, if any."""
    if any(a.finished_at is None for a in attempts):
        return StartDecision(False, "in_progress")
    if blueprint.purpose != "certification":
        return StartDecision(True)
    if status(cert, now, blueprint.renew_days_before) == "valid":
        return StartDecision(False, "certified")
    starts = [t for t in (cert.issued_at if cert else None, round_started) if t is not None]
    since = max(starts) if starts else None
    this_round = [a for a in attempts if since is None or a.started_at > since]
    left = None if blueprint.max_attempts is None else max(0, blueprint.max_attempts - len(this_round))
    if left == 0:
        return StartDecision(False, "no_attempts_left", attempts_left=0)
    finished = [a for a in this_round if a.finished_at is not None]
    if finished and blueprint.wait_hours:
        last = max(finished, key=lambda a: a.finished_at or a.started_at)
        if not last.passed and last.finished_at is not None:
            ready = last.finished_at + timedelta(hours=blueprint.wait_hours)
            if now < ready:
                return StartDecision(False, "wait", attempts_left=left, wait_until=ready)
    return StartDecision(True, attempts_left=left)


def deadline(started_at: datetime, blueprint: Blueprint) -> datetime | None:
    if blueprint.time_limit_minutes is None:
        return None
    return started_at + timedelta(minutes=blueprint.time_limit_minutes)
