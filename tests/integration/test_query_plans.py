"""A centre's pages read the big tables through their indexes, on both databases, whatever their size.

Each page call runs for real while its statements are recorded; each statement is then explained.
SQLite plans without statistics as if every table were large, so EXPLAIN QUERY PLAN shows the index a
query would use at any size. PostgreSQL weighs its statistics, so a small table is rightly read whole;
with sequential scans switched off its plan shows whether an index CAN serve the query, which is the
property that does not depend on the rows present or the machine. A full read of an index is no better
than a full scan: every read of a big table must be a search (an index condition), not a walk.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from sqlalchemy import event

from services import Services, build_services
from store.db import make_engine
from store.migrate import upgrade
from tests.integration.helpers import add_user, desk_form, first_manager

BIG = ("desk_requests", "shift_check_answers", "login_sessions")
# and a person's logins are read for the period asked about (created_at), not their whole history


@contextmanager
def recorded(services: Services) -> Iterator[list[tuple[str, Any]]]:
    seen: list[tuple[str, Any]] = []

    def keep(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            seen.append((statement, parameters))

    event.listen(services.engine, "before_cursor_execute", keep)
    try:
        yield seen
    finally:
        event.remove(services.engine, "before_cursor_execute", keep)


def _sqlite_walks(cursor: Any, statement: str, parameters: Any) -> list[str]:
    cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters)
    details = [row[3] for row in cursor.fetchall()]
    # "SCAN t" and "SCAN t USING INDEX i" both read every row; "SEARCH t USING INDEX i (...)" does not.
    walks = [d for d in details if d.startswith("SCAN ") and d.split()[1] in BIG]
    by_person = [d for d in details if d.startswith("SEARCH login_sessions") and "created_at" not in d]
    return walks + by_person


def _pg_nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", ()):
        yield from _pg_nodes(child)


def _pg_walks(cursor: Any, statement: str, parameters: Any) -> list[str]:
    cursor.execute("EXPLAIN (FORMAT JSON) " + statement, parameters)
    found = cursor.fetchone()[0]
    plan = (json.loads(found) if isinstance(found, str) else found)[0]["Plan"]
    walks = []
    for node in _pg_nodes(plan):
        if node.get("Relation Name") not in BIG:
            continue
        kind, table, condition = node["Node Type"], node["Relation Name"], node.get("Index Cond", "")
        if kind == "Seq Scan" or (kind in ("Index Scan", "Index Only Scan") and not condition):
            walks.append(f"{kind} on {table}")
        elif table == "login_sessions" and "created_at" not in condition + node.get("Recheck Cond", ""):
            walks.append(f"{kind} on {table} without its period")
    return walks


def full_walks(services: Services, page: Callable[[], object]) -> dict[str, list[str]]:
    """Run the page, then explain every statement it sent: {statement: reads of a big table in full}."""
    with recorded(services) as statements:
        page()
    assert statements, "the page sent no query"
    raw = services.engine.raw_connection()
    try:
        cursor = raw.cursor()
        postgres = services.engine.dialect.name == "postgresql"
        if postgres:
            cursor.execute("SET enable_seqscan = off")
        explain = _pg_walks if postgres else _sqlite_walks
        found = {s: explain(cursor, s, p) for s, p in statements}
    finally:
        raw.rollback()
        raw.close()
    return {s: w for s, w in found.items() if w}


def _upgraded(url: str):  # type: ignore[no-untyped-def]
    engine = make_engine(url)
    upgrade(engine)
    return engine


def _centre(services: Services) -> tuple[Any, Any, int]:
    manager = first_manager(services)
    staff = add_user(services, manager, "xiaoli", "staff")
    site = min(manager.site_ids)
    for _ in range(3):
        services.desk.intake(staff, desk_form(site))
    return manager, staff, site


def test_the_request_lists_of_a_centre_search_their_index(services):
    _, staff, site = _centre(services)
    for view in ("mine", "open", "overdue", "due_soon", "all"):
        assert full_walks(services, lambda v=view: services.desk.list_requests(staff, v)) == {}, view
    assert full_walks(services, lambda: services.desk.callbacks(staff, site_ids={site})) == {}


def test_the_newest_requests_of_a_centre_come_off_the_index_in_order_without_a_sort(sqlite_url, clock):
    services = build_services(_upgraded(sqlite_url), clock)
    _, staff, _ = _centre(services)
    with recorded(services) as statements:
        services.desk.list_requests(staff, "all")
    raw = services.engine.raw_connection()
    try:
        plan = [row[3] for row in raw.execute("EXPLAIN QUERY PLAN " + statements[-1][0], statements[-1][1])]
    finally:
        raw.close()
        services.engine.dispose()
    assert any("ix_desk_requests_site_received" in step for step in plan)
    assert not any("TEMP B-TREE FOR ORDER BY" in step for step in plan)


def test_the_check_board_and_compliance_figures_of_a_centre_search_their_indexes(services, clock):
    manager, _, site = _centre(services)
    today = clock().date()
    assert full_walks(services, lambda: services.check_board.board(manager, site)) == {}
    for first in (today - timedelta(days=27), today - timedelta(days=119)):
        page = lambda f=first: services.check_compliance.figures(manager, {site}, f, today)  # noqa: E731
        assert full_walks(services, page) == {}


def test_a_persons_own_checks_search_their_index(services):
    _, staff, _ = _centre(services)
    assert full_walks(services, lambda: services.checks.my_checks(staff)) == {}


def _indexes_read(services: Services, statement: str, parameters: Any) -> set[str]:
    raw = services.engine.raw_connection()
    try:
        cursor = raw.cursor()
        if services.engine.dialect.name == "postgresql":
            cursor.execute("SET enable_seqscan = off")
            cursor.execute("EXPLAIN (FORMAT JSON) " + statement, parameters)
            found = cursor.fetchone()[0]
            plan = (json.loads(found) if isinstance(found, str) else found)[0]["Plan"]
            return {n["Index Name"] for n in _pg_nodes(plan) if n.get("Relation Name") == "desk_requests"}
        cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters)
        return {
            d.split(" INDEX ")[1].split()[0] for *_, d in cursor.fetchall() if " desk_requests USING" in d
        }
    finally:
        raw.rollback()
        raw.close()


def test_the_service_dashboard_of_many_centres_reads_only_the_unfinished_requests(services):
    """A year of every centre comes from the tallies; of the requests only the unfinished are read."""
    manager, _, _ = _centre(services)
    periods = [f"2026-{m:02d}" for m in range(1, 13)]
    with recorded(services) as statements:
        services.desk_trends.dashboard(manager, periods)
    touching = [(s, p) for s, p in statements if "desk_requests" in s]
    assert touching, "the dashboard counts nothing live"
    for statement, parameters in touching:
        assert _indexes_read(services, statement, parameters) == {"ix_desk_requests_unfinished"}, statement
    assert full_walks(services, lambda: services.desk_trends.dashboard(manager, periods)) == {}


def test_the_migration_names_the_same_open_statuses_as_the_list_views():
    import importlib.util
    from pathlib import Path

    import store.migrations
    from desk.requests.tables import _OPEN

    path = Path(store.migrations.__file__).parent / "versions" / "0009_scale_indexes.py"
    spec = importlib.util.spec_from_file_location("scale_indexes", path)
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    assert migration._OPEN == _OPEN
