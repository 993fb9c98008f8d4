"""Call records: import a phone system's export into a site, map extensions to staff, sum up a month.

An import is all or nothing: any bad row refuses the whole file (ImportRefused, every bad row with its
row, field and reason). The same file offered twice is refused unless asked for again; calls already
imported (same natural key) are skipped, so an export that overlaps an earlier one adds only what is new.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.sites import add_site_unattended
from accounts.tables import Site, User, UserSite
from checklists.calls import queries
from checklists.calls.loader import default_call_settings
from checklists.calls.records import parse_calls
from checklists.calls.settings import CallSettings
from checklists.calls.stats import MonthCalls, month_bounds
from checklists.calls.tables import CallImport, ExtensionStaff, PhoneCall
from core.errors import NotFound, ValidationFailed
from core.imports import ImportRefused, file_digest, imported_before
from core.roles import Actor, Permission, require, require_site
from core.sheets import decode_text
from core.validation import DEFAULT_TIMEZONE
from store import history
from store.clock import Clock, utcnow
from store.db import SessionFactory
from store.import_ledger import earlier_import, note_import

EXTENSION_MAX = 40
LEDGER = "call_records"


@dataclass(frozen=True)
class ImportResult:
    layout: str
    rows: int
    added: int  # the rest were already imported
    site_name: str = ""


@dataclass(frozen=True)
class ExtensionView:
    extension: str
    user_id: int | None
    display_name: str | None
    valid_from: datetime


class CallRecordService:
    def __init__(
        self,
        sessions: SessionFactory,
        clock: Clock = utcnow,
        settings: Callable[[], CallSettings] = default_call_settings,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._settings = settings

    def settings(self) -> CallSettings:
        return self._settings()

    # --- import --------------------------------------------------------------------------------

    def import_file(
        self,
        site_id: int | None,
        data: bytes,
        file_name: str,
        *,
        new_site: str | None = None,
        imported_by: int | None = None,
        encoding: str | None = None,
        again: bool = False,
    ) -> ImportResult:
        """For trusted callers (the command line, a manager's page after its own checks). Into `site_id`,
        or a new site named `new_site` made in the same transaction (a refused file leaves none). Raises
        ImportRefused (every bad row) or ValidationFailed (an unreadable file; a file imported into the
        site before, unless `again`: even then no call already in is added twice)."""
        now = self._clock()
        timezone = DEFAULT_TIMEZONE
        if site_id is not None:
            with self._sessions() as session:
                timezone = session.scalar(select(Site.timezone).where(Site.id == site_id)) or ""
            if not timezone:
                raise NotFound("error.site_not_found", site_id=site_id)
        # Read and checked before the transaction: a long file never holds up the other desks' writes.
        layout, calls, problems = parse_calls(decode_text(data, encoding), timezone, now)
        if problems or layout is None:
            raise ImportRefused(problems)
        digest = file_digest(data)
        with self._sessions.begin() as session:
            if site_id is None:
                site = add_site_unattended(
                    session, new_site or "", timezone, now, note="python -m checklists calls import"
                )
            else:
                site = session.get(Site, site_id)
            earlier = earlier_import(session, LEDGER, site.id, digest)
            if earlier is not None and not again:
                raise imported_before(earlier.at, earlier.rows, site.timezone)
            known = _known_keys(session, site.id, [c.key for c in calls])
            fresh = [c for c in calls if c.key not in known]
            batch = CallImport(
                site_id=site.id,
                imported_by=imported_by,
                imported_at=now,
                file_name=file_name[:255],
                layout=layout,
                rows_read=len(calls),
                added=len(fresh),
            )
            session.add(batch)
            session.flush()
            session.add_all(
                PhoneCall(
                    site_id=site.id,
                    import_id=batch.id,
                    call_key=c.key,
                    extension=c.extension,
                    started_at=c.started_at,
                    answered=c.answered,
                    disposition=c.disposition,
                    ring_seconds=c.ring_seconds,
                    talk_seconds=c.talk_seconds,
                )
                for c in fresh
            )
            counts = {"added": [None, len(fresh)], "rows": [None, len(calls)]}
            history.Recorder(session, imported_by, now).of(
                batch, "call_import", "import", counts, note=file_name[:200]
            )
            note_import(
                session, kind=LEDGER, site_id=site.id, digest=digest, file_name=file_name, rows=len(calls),
                actor_id=imported_by, at=now, again=earlier is not None,
            )  # fmt: skip
            return ImportResult(layout, len(calls), len(fresh), site.name)

    def import_text(
        self, site_id: int, text: str, file_name: str, imported_by: int | None = None, *, again: bool = False
    ) -> ImportResult:
        """The same for text already read (as UTF-8)."""
        return self.import_file(
            site_id, text.encode("utf-8"), file_name, imported_by=imported_by, again=again
        )

    # --- extensions ----------------------------------------------------------------------------

    def set_extension(
        self, actor: Actor, site_id: int, extension: str, user_id: int | None, since: datetime | None = None
    ) -> ExtensionView:
        """A manager says who answers an extension from `since` (default now); None frees it."""
        require(actor, Permission.MANAGE_SHIFT_CHECKS)
        require_site(actor, site_id)
        extension = (extension or "").strip()
        if not extension or len(extension) > EXTENSION_MAX:
            raise ValidationFailed("checks.calls.error.extension_required", field="extension")
        now = self._clock()
        valid_from = since or now
        with self._sessions.begin() as session:
            name = None
            if user_id is not None:
                user = session.get(User, user_id)
                works_here = session.get(UserSite, (user_id, site_id)) is not None
                if user is None or not works_here:
                    raise ValidationFailed("checks.calls.error.person_not_at_site", field="user_id")
                name = user.display_name
            before = _current(session, site_id, extension)
            row = ExtensionStaff(
                site_id=site_id,
                extension=extension,
                user_id=user_id,
                valid_from=valid_from,
                set_by=actor.user_id,
                set_at=now,
            )
            session.add(row)
            session.flush()
            changes = history.diff({"user_id": before.user_id if before else None}, {"user_id": user_id})
            history.Recorder(session, actor.user_id, now)(
                "extension_staff", f"{site_id}:{extension}", "assign", changes, site_id=site_id,
                note=valid_from.isoformat(),
            )  # fmt: skip
            return ExtensionView(extension, user_id, name, valid_from)

    def extensions(self, actor: Actor, site_id: int) -> list[ExtensionView]:
        require(actor, Permission.MANAGE_SHIFT_CHECKS)
        require_site(actor, site_id)
        with self._sessions() as session:
            rows = session.scalars(
                select(ExtensionStaff)
                .where(ExtensionStaff.site_id == site_id, ExtensionStaff.valid_from <= self._clock())
                .order_by(ExtensionStaff.extension, ExtensionStaff.valid_from, ExtensionStaff.id)
            )
            latest = {r.extension: r for r in rows}
            names = dict(session.execute(select(User.id, User.display_name)).all())
            return [
                ExtensionView(r.extension, r.user_id, names.get(r.user_id), r.valid_from)
                for r in latest.values()
            ]

    # --- a month -------------------------------------------------------------------------------

    def month_unchecked(self, period: str, site_ids: Collection[int]) -> MonthCalls:
        """For trusted callers (the command line); pages go through a role check first."""
        settings = self._settings()
        with self._sessions() as session:
            sites = list(session.scalars(select(Site).where(Site.id.in_(site_ids)).order_by(Site.name)))
            bounds = {s.id: month_bounds(period, s.timezone) for s in sites}
            extensions, people, centre = queries.month_lines(session, bounds, settings.limit_seconds)
        return MonthCalls(
            period,
            tuple(s.name for s in sites),
            settings.limit_seconds,
            float(settings.target_rate),
            tuple(extensions),
            tuple(people),
            centre,
        )

    def month(self, actor: Actor, period: str, site_id: int) -> MonthCalls:
        require(actor, Permission.MANAGE_SHIFT_CHECKS)
        require_site(actor, site_id)
        return self.month_unchecked(period, [site_id])

    def month_of_sites(self, actor: Actor, period: str, site_ids: Collection[int]) -> MonthCalls:
        """The same figures as `python -m checklists calls stats --month` for a manager's sites."""
        require(actor, Permission.MANAGE_SHIFT_CHECKS)
        for site_id in site_ids:
            require_site(actor, site_id)
        return self.month_unchecked(period, site_ids)


def _known_keys(session: Session, site_id: int, keys: list[str]) -> set[str]:
    known: set[str] = set()
    for i in range(0, len(keys), 500):  # keep IN lists short for either database
        chunk = keys[i : i + 500]
        known.update(
            session.scalars(
                select(PhoneCall.call_key).where(PhoneCall.site_id == site_id, PhoneCall.call_key.in_(chunk))
            )
        )
    return known


def _current(session: Session, site_id: int, extension: str) -> ExtensionStaff | None:
    return session.scalar(
        select(ExtensionStaff)
        .where(ExtensionStaff.site_id == site_id, ExtensionStaff.extension == extension)
        .order_by(ExtensionStaff.valid_from.desc(), ExtensionStaff.id.desc())
        .limit(1)
    )
