"""`python -m demo bench --sites 50 --years 2`: a company of many centres, every page's queries timed for
one centre and for all, each beside hand-written SQL for the same rows or figures and the ratio.

The period is the last full calendar month (not the current one, which on the 1st holds one day).
Timings vary from machine to machine: the table is printed, nothing is asserted.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from sqlalchemy import Date, bindparam, func, select, text

from accounts.tables import Site
from demo.bench import Timing, bench_url, kept_note, measure
from demo.people import DEMO_PASSWORD
from demo.scale import SCALE_MANAGER, TZ, ScaleSize, generate
from demo.scale_training import training_cases
from desk.requests.list_service import RUNNING_VALUES
from desk.requests.tables import OPEN_VALUES
from desk.statistics.monthly import months_between
from services import Services, build_services
from store.coltypes import UTCDateTime
from store.db import make_engine, safe_url
from store.migrate import upgrade

_LIST = (
    "SELECT r.*, u.code FROM desk_requests r JOIN units u ON u.id = r.unit_id WHERE r.site_id IN ({sites})"
)
_STATUS = "({})".format(", ".join(f"'{v}'" for v in OPEN_VALUES))
_RUNNING = "({})".format(", ".join(f"'{v}'" for v in RUNNING_VALUES))


def last_full_month(now: datetime) -> tuple[date, date]:
    first_of_this = now.astimezone(ZoneInfo(TZ)).date().replace(day=1)
    last = first_of_this - timedelta(days=1)
    return last.replace(day=1), last


def _baseline(svc: Services, sql: str | tuple[str, ...], **params: Any) -> Callable[[], int]:
    """Hand-written SQL (one statement, or several on one connection) with typed parameters, so that
    moments and dates are written as the tables store them."""
    statements = (sql,) if isinstance(sql, str) else sql
    types = {
        k: UTCDateTime() if isinstance(v, datetime) else Date()
        for k, v in params.items()
        if isinstance(v, date)
    }
    prepared = [
        (
            text(one).bindparams(*(bindparam(k, type_=t) for k, t in types.items() if f":{k}" in one)),
            {k: v for k, v in params.items() if f":{k}" in one},
        )
        for one in statements
    ]

    def run() -> int:
        with svc.engine.connect() as conn:
            return sum(len(conn.execute(stmt, values).all()) for stmt, values in prepared)

    return run


def _figures_sql(sites: str, periods: str, groups: str) -> tuple[str, str]:
    """The desk figures as hand-written SQL: every counter the statistics show, one pass over the
    requests (grouped by `groups`) and one over their callbacks (by centre and month, with each rating)."""
    done, due = "finished_at IS NOT NULL", "(finished_at IS NOT NULL OR due_at <= :now)"
    counters = (
        "finished_at IS NULL AND status NOT IN ('closed', 'answered', 'on_hold') AND due_at <= :now",
        done,
        "kind = 'repair'",
        "kind = 'inquiry'",
        "kind = 'complaint'",
        f"kind = 'complaint' AND {due}",
        "kind = 'complaint' AND finished_in_time",
        "kind = 'complaint' AND validity = 'valid'",
        f"kind = 'complaint' AND validity = 'valid' AND {done}",
        f"kind = 'repair' AND {due}",
        "kind = 'repair' AND finished_in_time",
        "first_contact",
    )
    sums = ", ".join(f"sum(CASE WHEN {c} THEN 1 ELSE 0 END)" for c in counters)
    requests = (
        f"SELECT {groups}, count(*), {sums} FROM desk_requests WHERE site_id IN ({sites})"
        f" AND period IN ({periods}) AND status <> 'voided' GROUP BY {groups}"
    )
    ratings = ", ".join(f"sum(CASE WHEN c.satisfaction = {n} THEN 1 ELSE 0 END)" for n in range(1, 6))
    callbacks = (
        "SELECT r.site_id, r.period, sum(CASE WHEN c.status <> 'voided' THEN 1 ELSE 0 END),"
        " sum(CASE WHEN c.status = 'done' THEN 1 ELSE 0 END), count(c.satisfaction),"
        f" sum(CASE WHEN c.satisfaction >= 4 THEN 1 ELSE 0 END), {ratings}"
        " FROM callbacks c JOIN desk_requests r ON r.id = c.request_id"
        f" WHERE r.site_id IN ({sites}) AND r.period IN ({periods}) AND r.status <> 'voided'"
        " GROUP BY r.site_id, r.period"
    )
    return requests, callbacks


def _dashboard_sql(sites: str, periods: str) -> tuple[str, ...]:
    """The service dashboard as hand-written SQL over the request tallies: every counter per centre and
    month with each rating, and the moment's part (due by now, overdue now) from the unfinished requests."""
    t = "desk_request_tallies"
    counted = ("finished", "finished_in_time", "valid", "valid_finished")
    by_kind = ", ".join(
        f"sum(CASE WHEN kind = '{kind}' THEN {column} ELSE 0 END)"
        for kind in ("repair", "inquiry", "complaint")
        for column in ("requests", *counted)
    )
    plain = ", ".join(
        f"sum({c})"
        for c in (
            "first_contact",
            "callbacks_created",
            "callbacks_done",
            "ratings_given",
            "ratings_satisfied",
        )
    )
    ratings = ", ".join(f"sum(rating_{n})" for n in range(1, 6))
    tallies = (
        f"SELECT site_id, period, {by_kind}, {plain}, {ratings} FROM {t}"
        f" WHERE site_id IN ({sites}) AND period IN ({periods}) GROUP BY site_id, period"
    )
    unfinished = (
        "SELECT site_id, period, department,"
        " sum(CASE WHEN kind = 'complaint' AND due_at <= :now THEN 1 ELSE 0 END),"
        " sum(CASE WHEN kind = 'repair' AND due_at <= :now THEN 1 ELSE 0 END),"
        " sum(CASE WHEN status NOT IN ('closed', 'answered', 'on_hold') AND due_at <= :now THEN 1 ELSE 0 END)"
        f" FROM desk_requests WHERE site_id IN ({sites}) AND period IN ({periods}) AND status <> 'voided'"
        " AND finished_at IS NULL GROUP BY site_id, period, department"
    )
    categories = (
        f"SELECT kind, category, sum(requests) FROM {t} WHERE site_id IN ({sites}) AND period IN ({periods})"
        " GROUP BY kind, category"
    )
    departments = (
        f"SELECT department, sum(requests), sum(finished) FROM {t} WHERE site_id IN ({sites})"
        f" AND period IN ({periods}) AND department <> '' GROUP BY department"
    )
    return tallies, unfinished, categories, departments


def cases(svc: Services, now: datetime) -> list[tuple[str, Callable[[], int], Callable[[], int]]]:
    """(name, the page's call, the hand-written SQL) for one centre and for all."""
    manager = svc.accounts.authenticate(SCALE_MANAGER, DEMO_PASSWORD)
    staff = svc.accounts.authenticate("scale_s01_0", DEMO_PASSWORD)
    first, last = last_full_month(now)
    month = f"{first:%Y-%m}"
    every = set(manager.site_ids)
    out: list[tuple[str, Callable[[], int], Callable[[], int]]] = []
    for label, sites in (("1 centre", {1}), (f"{len(every)} centres", every)):
        ids = ", ".join(str(s) for s in sorted(sites))
        newest = _LIST.format(sites=ids) + " ORDER BY r.received_at DESC, r.id DESC LIMIT 200"
        open_ = _LIST.format(sites=ids) + f" AND r.status IN {_STATUS} ORDER BY r.due_at, r.id LIMIT 200"
        overdue = (
            _LIST.format(sites=ids) + f" AND r.status IN {_STATUS} AND r.status IN {_RUNNING}"
            " AND r.finished_at IS NULL"
            " AND (r.due_at <= :now OR (r.respond_due_at < :now AND r.responded_at IS NULL))"
            " ORDER BY r.due_at, r.id LIMIT 200"
        )
        callbacks = (
            "SELECT c.*, r.*, u.code FROM callbacks c JOIN desk_requests r ON r.id = c.request_id"
            f" JOIN units u ON u.id = r.unit_id WHERE c.site_id IN ({ids}) AND c.status = 'due'"
            " ORDER BY c.due_at, c.id LIMIT 200"
        )
        stats = _figures_sql(ids, f"'{month}'", "kind, category, department")
        for view, sql in (("all", newest), ("open", open_), ("overdue", overdue)):
            out.append(
                (
                    f"desk list '{view}', {label}",
                    lambda v=view, s=sites: len(svc.desk.list_requests(manager, v, site_ids=s)),
                    _baseline(svc, sql, now=now),
                )
            )
        out.append(
            (
                f"desk callbacks due, {label}",
                lambda s=sites: len(svc.desk.callbacks(manager, site_ids=s)),
                _baseline(svc, callbacks),
            )
        )
        out.append(
            (
                f"desk month statistics {month}, {label}",
                lambda s=sites: len(svc.desk_stats.month(manager, month, s).by_category),
                _baseline(svc, stats, now=now),
            )
        )
        year = months_between(f"{first.year - 1:04d}-{first.month:02d}", month)[1:]
        months_in = ", ".join(f"'{p}'" for p in year)
        dashboard = _dashboard_sql(ids, months_in)
        out.append(
            (
                f"service dashboard, 12 months to {month}, {label}",
                lambda s=sites, y=year: len(svc.desk_trends.dashboard(manager, y, s).by_period),
                _baseline(svc, dashboard, now=now),
            )
        )
    out += _check_cases(svc, manager, staff, first, last)
    out += training_cases(svc, manager, _baseline)
    return out


def _check_cases(
    svc: Services, manager: Any, staff: Any, first: date, last: date
) -> list[tuple[str, Callable[[], int], Callable[[], int]]]:
    since = last - timedelta(days=29)
    span = {"a": first, "b": last}
    # The figures' inputs in plain SQL: per person and day the checks (due from the roster), the
    # logins of the period, and failures per person and item, for the centres listed.
    figures = (
        "SELECT r.user_id, r.shift_date, count(DISTINCT r.id), count(c.id), avg(c.score),"
        " sum(CASE WHEN c.late THEN 1 ELSE 0 END) FROM shift_roster r LEFT JOIN shift_checks c"
        " ON c.user_id = r.user_id AND c.shift_date = r.shift_date AND c.shift_id = r.shift_id"
        " AND c.source = 'self' WHERE r.site_id IN ({sites}) AND r.shift_date BETWEEN :a AND :b"
        " AND r.active GROUP BY r.user_id, r.shift_date"
        " UNION ALL SELECT l.user_id, NULL, count(*), 0, NULL, 0 FROM login_sessions l"
        " JOIN user_sites us ON us.user_id = l.user_id AND us.site_id IN ({sites})"
        " WHERE l.created_at >= :from_ AND l.created_at < :until GROUP BY l.user_id"
        " UNION ALL SELECT c.user_id, NULL, count(*), sum(CASE WHEN a.answer = 'fail' THEN 1 ELSE 0 END),"
        " NULL, 0 FROM shift_checks c JOIN shift_check_answers a ON a.check_id = c.id"
        " WHERE c.site_id IN ({sites}) AND c.source = 'self' AND c.shift_date BETWEEN :a AND :b"
        " GROUP BY c.user_id, a.rule_id"
    )
    every = sorted(manager.site_ids)
    one, all_ = figures.format(sites="1"), figures.format(sites=", ".join(map(str, every)))
    moments = {
        "from_": datetime.combine(first, datetime.min.time(), UTC) - timedelta(days=1),
        "until": datetime.combine(last, datetime.min.time(), UTC) + timedelta(days=2),
    }
    mine = (
        "SELECT c.*, a.* FROM (SELECT * FROM shift_checks WHERE user_id = :u"
        " ORDER BY shift_date DESC, submitted_at DESC, id DESC LIMIT 60) c"
        " LEFT JOIN shift_check_answers a ON a.check_id = c.id"
    )
    return [
        (
            f"check board {last} (day + 30-day compliance), 1 centre",
            lambda: len(svc.check_board.board(manager, 1, last).compliance),
            _baseline(svc, one, **(span | {"a": since}), **moments),
        ),
        (
            f"compliance figures {first:%Y-%m}, 1 centre",
            lambda: len(svc.check_compliance.figures(manager, {1}, first, last).days),
            _baseline(svc, one, **span, **moments),
        ),
        (
            f"compliance figures {first:%Y-%m}, {len(every)} centres",
            lambda: len(svc.check_compliance.figures(manager, set(every), first, last).days),
            _baseline(svc, all_, **span, **moments),
        ),
        (
            "my checks (60 newest with answers), 1 person",
            lambda: len(svc.checks.my_checks(staff)),
            _baseline(svc, mine, u=staff.user_id),
        ),
    ]


def quiz_content_timing(rules: int = 1000) -> Timing:
    """Building the quiz questions of a rulebook grown to `rules` rules (copies with new ids)."""
    from demo.big_rulebook import grown_rulebook
    from quizzes.generate import generate as questions

    book = grown_rulebook(rules)
    return measure(f"quiz questions of a {rules}-rule rulebook", lambda: len(questions(book)), 1)


def run_scale_bench(url: str | None, size: ScaleSize, *, repeats: int, seed: int, out: TextIO) -> int:
    url, scratch = bench_url(url, "scale")
    engine = make_engine(url)
    upgrade(engine)
    with engine.connect() as conn:
        if conn.scalar(select(func.count()).select_from(Site)):
            print("scale benchmark: the database must be empty", file=out)
            return 1
    now = datetime.now(UTC).replace(microsecond=0)
    print(f"benchmark database: {safe_url(url)}", file=out)
    print(f"generating {size.sites} centres x {size.days} days ...", file=out, flush=True)
    started = time.perf_counter()
    counts = generate(engine, size, now, seed, progress=lambda line: print(line, file=out, flush=True))
    print(f"generated in {time.perf_counter() - started:.0f} s", file=out)
    print(
        "rows: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1])), file=out
    )
    svc = build_services(engine, lambda: now)
    rows = []
    for name, page, sql in cases(svc, now):
        page(), sql()  # once untimed: statements compiled, pages of the tables in the cache
        rows.append((measure(name, page, repeats), measure(name, sql, repeats)))
    engine.dispose()
    print(f"\nmedian of {repeats} runs, {engine.dialect.name}:", file=out)
    print(table(rows), file=out)
    print("\n" + _one(quiz_content_timing()), file=out)
    print(kept_note(scratch), file=out, end="")
    return 1 if any(p.error or s.error for p, s in rows) else 0


def _one(t: Timing) -> str:
    return f"{t.name}: {t.error}" if t.error else f"{t.name}: {t.median:.0f} ms ({t.rows} questions)"


def table(rows: list[tuple[Timing, Timing]]) -> str:
    lines = ["| page / query | page ms | SQL ms | ratio | rows |", "|---|---:|---:|---:|---:|"]
    for page, sql in rows:
        if page.error or sql.error:
            lines.append(f"| {page.name} | - | - | - | {page.error or sql.error} |")
            continue
        ratio = page.median / sql.median if sql.median else float("nan")
        lines.append(f"| {page.name} | {page.median:.1f} | {sql.median:.1f} | {ratio:.1f} | {page.rows} |")
    return "\n".join(lines)
