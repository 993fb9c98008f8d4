"""request tallies: the service dashboard's counters per centre, month, kind, category and department,
kept by triggers; an index of the unfinished requests

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03

The triggers keep one invariant: each tally row holds the sum, over the requests not voided with its
key, of what each request counts (itself, its finish, its validity, and its callbacks and ratings).
Every write keeps it, whatever its path (services, imports, bulk loads, a hand-made UPDATE): a request
written subtracts what it counted before and adds what it counts now; a callback written does the same
at its request's key, unless the request is voided. The SQL is frozen here, as a migration's should be.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

TABLE = "desk_request_tallies"
KEY = ("site_id", "period", "kind", "category", "department")
# What a request counts by itself, as SQL over its row {r}.
REQUEST_COUNTS = {
    "requests": "1",
    "finished": "CASE WHEN {r}.finished_at IS NOT NULL THEN 1 ELSE 0 END",
    "finished_in_time": "CASE WHEN {r}.finished_in_time THEN 1 ELSE 0 END",
    "valid": "CASE WHEN {r}.validity = 'valid' THEN 1 ELSE 0 END",
    "valid_finished": "CASE WHEN {r}.validity = 'valid' AND {r}.finished_at IS NOT NULL THEN 1 ELSE 0 END",
    "first_contact": "CASE WHEN {r}.first_contact THEN 1 ELSE 0 END",
}
# What a callback counts, as SQL over its row {c}; 4 is the lowest satisfied rating (desk/statistics/kpi.py).
CALLBACK_COUNTS = {
    "callbacks_created": "CASE WHEN {c}.status <> 'voided' THEN 1 ELSE 0 END",
    "callbacks_done": "CASE WHEN {c}.status = 'done' THEN 1 ELSE 0 END",
    "ratings_given": "CASE WHEN {c}.satisfaction IS NOT NULL THEN 1 ELSE 0 END",
    "ratings_satisfied": "CASE WHEN {c}.satisfaction >= 4 THEN 1 ELSE 0 END",
    **{f"rating_{n}": f"CASE WHEN {{c}}.satisfaction = {n} THEN 1 ELSE 0 END" for n in range(1, 6)},
}
COUNTERS = (*REQUEST_COUNTS, *CALLBACK_COUNTS)
_UPSERT = (
    f"INSERT INTO {TABLE} ({', '.join(KEY + COUNTERS)}) {{select}} "
    f"ON CONFLICT ({', '.join(KEY)}) DO UPDATE SET "
    + ", ".join(f"{c} = {TABLE}.{c} + excluded.{c}" for c in COUNTERS)
)


def _key(r: str) -> str:
    return f"{r}.site_id, {r}.period, {r}.kind, {r}.category, COALESCE({r}.department, '')"


def _request_delta(r: str, sign: str) -> str:
    """Add (sign '+') or take away (sign '-') what request row `r` counts, its callbacks included."""
    own = ", ".join(f"{sign}({sql.format(r=r)})" for sql in REQUEST_COUNTS.values())
    calls = ", ".join(
        f"{sign}COALESCE(SUM({sql.format(c='c')}), 0) AS {name}" for name, sql in CALLBACK_COUNTS.items()
    )
    select = (
        f"SELECT {_key(r)}, {own}, cb.* FROM (SELECT {calls} FROM callbacks c WHERE c.request_id = {r}.id) cb"
        f" WHERE {r}.status <> 'voided'"
    )
    return _UPSERT.format(select=select)


def _callback_delta(c: str, sign: str) -> str:
    """Add or take away what callback row `c` counts, at its request's key unless that is voided."""
    zeros = ", ".join("0" for _ in REQUEST_COUNTS)
    calls = ", ".join(f"{sign}({sql.format(c=c)})" for sql in CALLBACK_COUNTS.values())
    select = (
        f"SELECT {_key('r')}, {zeros}, {calls} FROM desk_requests r"
        f" WHERE r.id = {c}.request_id AND r.status <> 'voided'"
    )
    return _UPSERT.format(select=select)


# An update that changes none of these leaves the tallies as they are (most updates: notes, holds...).
_REQUEST_COLUMNS = ("site_id", "period", "kind", "category", "department", "status", "finished_at",
                    "finished_in_time", "validity", "first_contact")  # fmt: skip
_CALLBACK_COLUMNS = ("request_id", "status", "satisfaction")


_TRIGGERED = (
    ("desk_requests", _request_delta, _REQUEST_COLUMNS),
    ("callbacks", _callback_delta, _CALLBACK_COLUMNS),
)


def _changed(columns: tuple[str, ...], differ: str) -> str:
    return " OR ".join(f"OLD.{c} {differ} NEW.{c}" for c in columns)


def _sqlite_triggers() -> list[str]:
    out = []
    for table, delta, columns in _TRIGGERED:
        out += [
            f"CREATE TRIGGER {table}_tally_insert AFTER INSERT ON {table} BEGIN {delta('NEW', '+')}; END",
            f"CREATE TRIGGER {table}_tally_update AFTER UPDATE ON {table}"
            f" WHEN {_changed(columns, 'IS NOT')}"
            f" BEGIN {delta('OLD', '-')}; {delta('NEW', '+')}; END",
            f"CREATE TRIGGER {table}_tally_delete AFTER DELETE ON {table} BEGIN {delta('OLD', '-')}; END",
        ]
    return out


def _postgresql_triggers() -> list[str]:
    out = []
    for table, delta, columns in _TRIGGERED:
        out += [
            f"""CREATE FUNCTION {table}_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        {delta("OLD", "-")};
    END IF;
    IF TG_OP <> 'DELETE' THEN
        {delta("NEW", "+")};
    END IF;
    RETURN NULL;
END $$""",
            f"CREATE TRIGGER {table}_tally_insert AFTER INSERT OR DELETE ON {table}"
            f" FOR EACH ROW EXECUTE FUNCTION {table}_tally()",
            f"CREATE TRIGGER {table}_tally_update AFTER UPDATE ON {table} FOR EACH ROW"
            f" WHEN ({_changed(columns, 'IS DISTINCT FROM')}) EXECUTE FUNCTION {table}_tally()",
        ]
    return out


def _fill() -> str:
    """The tallies of the requests already there, counted in one pass."""
    own = ", ".join(f"SUM({sql.format(r='r')})" for sql in REQUEST_COUNTS.values())
    per_request = ", ".join(f"SUM({sql.format(c='c')}) AS {name}" for name, sql in CALLBACK_COUNTS.items())
    calls = ", ".join(f"COALESCE(SUM(cb.{name}), 0)" for name in CALLBACK_COUNTS)
    return (
        f"INSERT INTO {TABLE} ({', '.join(KEY + COUNTERS)}) SELECT {_key('r')}, {own}, {calls}"
        f" FROM desk_requests r LEFT JOIN (SELECT c.request_id, {per_request} FROM callbacks c"
        f" GROUP BY c.request_id) cb ON cb.request_id = r.id"
        f" WHERE r.status <> 'voided' GROUP BY {_key('r')}"
    )


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("department", sa.String(length=40), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in COUNTERS),
        sa.PrimaryKeyConstraint(*KEY, name=op.f("pk_desk_request_tallies")),
    )
    op.create_index(
        "ix_desk_requests_unfinished",
        "desk_requests",
        ["site_id", "period"],
        sqlite_where=sa.text("finished_at IS NULL"),
        postgresql_where=sa.text("finished_at IS NULL"),
    )
    op.execute(_fill())
    dialect = op.get_bind().dialect.name
    for statement in _postgresql_triggers() if dialect == "postgresql" else _sqlite_triggers():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in ("desk_requests", "callbacks"):
            op.execute(f"DROP TRIGGER {table}_tally_insert ON {table}")
            op.execute(f"DROP TRIGGER {table}_tally_update ON {table}")
            op.execute(f"DROP FUNCTION {table}_tally()")
    else:
        for table in ("desk_requests", "callbacks"):
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER {table}_tally_{event}")
    op.drop_index("ix_desk_requests_unfinished", table_name="desk_requests")
    op.drop_table(TABLE)
