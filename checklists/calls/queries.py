"""A month of calls per extension, per person and for the centre: GROUP BY in the database.

Which person a call belongs to is a correlated subquery: the latest extension_staff row of that
extension that was valid when the call started.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import and_, case, false, func, or_, select
from sqlalchemy.orm import Session

from accounts.tables import User
from checklists.calls.stats import CallFigures, Line, figures
from checklists.calls.tables import ExtensionStaff, PhoneCall

Bounds = Mapping[int, tuple[datetime, datetime]]  # site id -> the month in its own zone, as UTC


def _in_month(bounds: Bounds):  # type: ignore[no-untyped-def]
    clauses = [
        and_(PhoneCall.site_id == site_id, PhoneCall.started_at >= lo, PhoneCall.started_at < hi)
        for site_id, (lo, hi) in bounds.items()
    ]
    return or_(*clauses) if clauses else false()


def person_of_call():  # type: ignore[no-untyped-def]
    return (
        select(ExtensionStaff.user_id)
        .where(
            ExtensionStaff.site_id == PhoneCall.site_id,
            ExtensionStaff.extension == PhoneCall.extension,
            ExtensionStaff.valid_from <= PhoneCall.started_at,
        )
        .order_by(ExtensionStaff.valid_from.desc(), ExtensionStaff.id.desc())
        .limit(1)
        .correlate(PhoneCall)
        .scalar_subquery()
    )


def month_lines(
    session: Session, bounds: Bounds, limit_seconds: int
) -> tuple[list[Line], list[Line], CallFigures]:
    person = person_of_call().label("user_id")
    calls = (
        select(PhoneCall.extension, person, PhoneCall.answered, PhoneCall.ring_seconds)
        .where(_in_month(bounds))
        .subquery()
    )
    by_ext_person = session.execute(
        select(
            calls.c.extension,
            calls.c.user_id,
            func.count(),
            func.coalesce(func.sum(case((calls.c.answered, 1), else_=0)), 0),
            func.coalesce(
                func.sum(case((and_(calls.c.answered, calls.c.ring_seconds < limit_seconds), 1), else_=0)),
                0,
            ),
        ).group_by(calls.c.extension, calls.c.user_id)
    ).all()
    # Percentiles: SQLite has no percentile function, so the month's ring times of the answered calls
    # come back as one column (with the labels they are grouped by) and are ranked here; a centre
    # answers a few thousand calls a month, well within one fetch.
    rings = session.execute(
        select(calls.c.extension, calls.c.user_id, calls.c.ring_seconds).where(
            calls.c.answered, calls.c.ring_seconds.is_not(None)
        )
    ).all()
    names = dict(
        session.execute(
            select(User.id, User.display_name).where(User.id.in_({r[1] for r in by_ext_person if r[1]}))
        ).all()
    )
    return _lines(by_ext_person, rings, names)


def _lines(counts, rings, names):  # type: ignore[no-untyped-def]
    ext_counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    person_counts: dict[int | None, list[int]] = defaultdict(lambda: [0, 0, 0])
    for extension, user_id, n, answered, within in counts:
        for bucket in (ext_counts[extension], person_counts[user_id]):
            bucket[0] += int(n)
            bucket[1] += int(answered)
            bucket[2] += int(within)
    ext_rings: dict[str, list[float]] = defaultdict(list)
    person_rings: dict[int | None, list[float]] = defaultdict(list)
    for extension, user_id, seconds in rings:
        ext_rings[extension].append(float(seconds))
        person_rings[user_id].append(float(seconds))
    extensions = [Line(ext, None, figures(*ext_counts[ext], ext_rings[ext])) for ext in sorted(ext_counts)]
    people = [
        Line(names.get(uid, "") if uid else "", uid, figures(*person_counts[uid], person_rings[uid]))
        for uid in sorted(person_counts, key=lambda u: (u is None, names.get(u, "") if u else ""))
    ]
    total = [sum(c[i] for c in ext_counts.values()) for i in range(3)]
    centre = figures(*total, [float(r[2]) for r in rings])
    return extensions, people, centre
