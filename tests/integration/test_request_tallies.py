"""The request tallies behind the service dashboard always equal a live count of the requests and
callbacks, whatever wrote them: the desk's services, a rolled-back transaction, a plain UPDATE."""

import random
from contextlib import suppress
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import and_, case, func, insert, select, update

from core.errors import ValidationFailed
from desk.requests.tables import Callback, Request, RequestTally
from desk.requests.workflow import NEEDS_DEPARTMENT, NEEDS_REASON, Action, Kind, Status, allowed_actions
from desk.statistics.kpi import SATISFIED_AT_LEAST
from tests.integration.helpers import desk_form, first_manager

COUNTERS = [c.name for c in RequestTally.__table__.columns if not c.primary_key]
DEPARTMENTS = ("engineering", "cleaning", "security")


def _flag(condition):  # type: ignore[no-untyped-def]
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def live_tallies(session) -> dict[tuple, tuple]:  # type: ignore[no-untyped-def]
    """The tallies counted from scratch: requests not voided, each with its callbacks."""
    per_request = (
        select(
            Callback.request_id,
            _flag(Callback.status != "voided").label("created"),
            _flag(Callback.status == "done").label("done"),
            _flag(Callback.satisfaction.is_not(None)).label("given"),
            _flag(Callback.satisfaction >= SATISFIED_AT_LEAST).label("satisfied"),
            *(_flag(Callback.satisfaction == n).label(f"r{n}") for n in range(1, 6)),
        )
        .group_by(Callback.request_id)
        .subquery()
    )
    key = (
        Request.site_id,
        Request.period,
        Request.kind,
        Request.category,
        func.coalesce(Request.department, ""),
    )
    finished = Request.finished_at.is_not(None)
    valid = Request.validity == "valid"
    calls = [func.coalesce(func.sum(c), 0) for c in list(per_request.c)[1:]]
    rows = session.execute(
        select(
            *key,
            func.count(),
            _flag(finished),
            _flag(Request.finished_in_time.is_(True)),
            _flag(valid),
            _flag(and_(valid, finished)),
            _flag(Request.first_contact.is_(True)),
            *calls,
        )
        .outerjoin(per_request, per_request.c.request_id == Request.id)
        .where(Request.status != Status.VOIDED.value)
        .group_by(*key)
    ).all()
    return {tuple(r[:5]): tuple(int(v) for v in r[5:]) for r in rows}


def kept_tallies(session) -> dict[tuple, tuple]:  # type: ignore[no-untyped-def]
    """The tally rows, without those a void or a move left at zero."""
    t = RequestTally
    rows = session.execute(
        select(t.site_id, t.period, t.kind, t.category, t.department, *map(t.__table__.c.get, COUNTERS))
    )
    return {tuple(r[:5]): tuple(r[5:]) for r in rows if any(r[5:])}


def assert_tallies_are_live(services) -> None:  # type: ignore[no-untyped-def]
    with services.sessions() as session:
        assert kept_tallies(session) == live_tallies(session)


@pytest.fixture
def desk(services, clock):
    clock.now = datetime(2026, 10, 28, 2, 0, tzinfo=UTC)
    manager = first_manager(services)
    services.sites.create_site(manager, name="翠湖服务中心", timezone="Asia/Shanghai")
    manager = services.accounts.actor_for_user(manager.user_id)
    return services, manager, sorted(manager.site_ids), clock


def _step(services, manager, rng: random.Random, request_id: int) -> None:  # type: ignore[no-untyped-def]
    """One move a desk might make on this request, chosen at random among those it allows."""
    with services.sessions() as session:
        request = session.get(Request, request_id)
        kind, status = Kind(request.kind), Status(request.status)
    if status is Status.CALLBACK_DUE and rng.random() < 0.7:
        services.request_callbacks.record_callback(
            manager, request_id, result="已回访", satisfaction=rng.randint(1, 5)
        )
        return
    actions = [
        a for a in allowed_actions(kind, status) if a not in (Action.CALLBACK_OK, Action.CALLBACK_UNSATISFIED)
    ]
    if not actions:
        return
    # Voids are rare at a desk; a walk that voided at every turn would reach no callback.
    moves = [a for a in actions if a is not Action.VOID]
    action = rng.choice(moves) if moves and rng.random() < 0.9 else rng.choice(actions)
    services.request_workflow.act(
        manager,
        request_id,
        action.value,
        note="业主说明了情况" if action in NEEDS_REASON else "",
        department=rng.choice(DEPARTMENTS) if action in NEEDS_DEPARTMENT else None,
    )


def test_the_tallies_follow_every_move_at_the_desk(desk):
    services, manager, sites, clock = desk
    rng = random.Random(2026)
    ids: list[int] = []
    for n in range(90):
        clock.now += timedelta(hours=rng.choice((1, 5, 30)))  # across the end of October
        if n % 3 == 0 or not ids:
            kind = rng.choice(("repair", "complaint", "inquiry"))
            category = rng.choice(("water_electric", "public_facilities", "cleaning"))
            ids.append(
                services.request_intake.intake(
                    manager, desk_form(rng.choice(sites), kind=kind, category=category)
                )
            )
        for request_id in rng.sample(ids, min(3, len(ids))):
            with suppress(ValidationFailed):  # e.g. a transfer to the same department: nothing written
                _step(services, manager, rng, request_id)
        if n % 10 == 9:
            assert_tallies_are_live(services)
    with services.sessions() as session:
        statuses = set(session.scalars(select(Request.status)))
        departments = session.scalar(select(func.count(func.distinct(Request.department))))
        ratings = session.scalar(select(func.count()).where(Callback.satisfaction.is_not(None)))
    assert Status.VOIDED.value in statuses and Status.CLOSED.value in statuses  # the walk went far
    assert departments >= 2 and ratings > 0
    assert_tallies_are_live(services)


def test_a_rolled_back_write_leaves_the_tallies_as_they_were(desk):
    services, manager, sites, _clock = desk
    services.request_intake.intake(manager, desk_form(sites[0]))
    with services.sessions() as session:
        before = kept_tallies(session)
    with pytest.raises(RuntimeError), services.sessions.begin() as session:
        session.execute(
            update(Request).values(department="cleaning", finished_at=datetime(2026, 10, 29, tzinfo=UTC))
        )
        raise RuntimeError("the desk PC lost power")
    with services.sessions() as session:
        assert kept_tallies(session) == before


def test_writes_outside_the_services_are_counted_too(desk):
    """An import or a repair by hand in SQL must not leave the dashboard behind."""
    services, manager, sites, _clock = desk
    first = services.request_intake.intake(manager, desk_form(sites[0]))
    with services.sessions.begin() as session:
        session.execute(
            update(Request).where(Request.id == first).values(department="security", kind="complaint")
        )
        template = session.get(Request, first)
        row = {c.name: getattr(template, c.name) for c in Request.__table__.columns if c.name != "id"}
        session.execute(insert(Request), [row | {"site_id": sites[1], "category": "cleaning"}] * 3)
        session.execute(
            insert(Callback),
            [{"request_id": first, "site_id": sites[0], "created_at": template.received_at,
              "due_at": template.due_at, "status": "done", "satisfaction": 2}],
        )  # fmt: skip
    assert_tallies_are_live(services)
    with services.sessions.begin() as session:
        session.execute(update(Request).where(Request.id == first).values(status=Status.VOIDED.value))
    assert_tallies_are_live(services)
    with services.sessions() as session:
        sites_counted = set(session.scalars(select(RequestTally.site_id).where(RequestTally.requests > 0)))
    assert sites_counted == {sites[1]}
