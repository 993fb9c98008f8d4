"""The scale benchmark writes a company through the real tables, and its hand-written SQL asks for
the same rows and figures as the pages it is compared with."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text

from demo.people import DEMO_PASSWORD
from demo.scale import SCALE_MANAGER, ScaleSize, generate
from demo.scale_bench import _dashboard_sql, _figures_sql, cases, last_full_month
from rules.loader import default_rulebook
from services import build_services
from store.db import make_engine
from store.migrate import upgrade

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)


def test_a_small_company_is_written_with_logins_and_every_list_matches_its_sql(db_url):
    engine = make_engine(db_url)
    upgrade(engine)
    counts = generate(engine, ScaleSize(sites=2, years=0.1), NOW, progress=lambda _: None)
    assert counts["sites"] == 2 and counts["login_sessions"] == counts["shift_roster"] > 0
    assert counts["desk_requests"] > 0 and counts["shift_check_answers"] == 4 * counts["shift_checks"]
    svc = build_services(engine, lambda: NOW)
    for name, page, sql in cases(svc, NOW):
        rows = page()
        if name.startswith(("desk list", "desk callbacks")):
            assert rows == sql(), name
        else:
            sql()  # runs on this database
    engine.dispose()


def test_the_benchmark_period_is_the_last_full_month_even_on_the_first():
    first, last = last_full_month(NOW)  # 1 December in the centres' time zone
    assert (first.isoformat(), last.isoformat()) == ("2026-11-01", "2026-11-30")


def _small_company(db_url: str, years: float):  # type: ignore[no-untyped-def]
    """Two centres written by the benchmark's generator: (engine, services, their manager)."""
    engine = make_engine(db_url)
    upgrade(engine)
    generate(engine, ScaleSize(sites=2, years=years), NOW, progress=lambda _: None)
    svc = build_services(engine, lambda: NOW)
    return engine, svc, svc.accounts.authenticate(SCALE_MANAGER, DEMO_PASSWORD)


def test_the_hand_written_figures_sql_counts_what_the_month_statistics_show(db_url):
    """The baseline the statistics are timed against computes the same numbers, not fewer."""
    engine, svc, manager = _small_company(db_url, years=0.1)
    month = f"{last_full_month(NOW)[0]:%Y-%m}"
    shown = svc.desk_stats.month(manager, month, {1, 2})
    requests_sql, callbacks_sql = _figures_sql("1, 2", f"'{month}'", "kind, category, department")
    with engine.connect() as conn:
        requests = conn.execute(text(requests_sql), {"now": NOW}).all()
        callbacks = conn.execute(text(callbacks_sql)).all()
    column = [sum(int(r[i] or 0) for r in requests) for i in range(3, 16)]
    _, overdue, finished, *counts = column
    calls = [sum(int(r[i] or 0) for r in callbacks) for i in range(2, 11)]
    c = shown.counts
    assert counts == [
        c.repair, c.inquiry, c.complaint, c.complaint_due, c.complaint_timely, c.complaint_valid,
        c.valid_handled, c.repair_due, c.repair_timely, c.first_contact,
    ]  # fmt: skip
    assert calls[:4] == [c.callbacks_created, c.callbacks_done, c.ratings_given, c.ratings_satisfied]
    assert c.total > 0 and c.callbacks_created > 0
    by_department = {b.key[0]: (b.count, b.open_overdue, b.finished) for b in shown.by_department}
    departments: dict[str, list[int]] = {}
    for _kind, _category, department, n, late, done, *_ in requests:
        if department is not None:
            totals = departments.setdefault(department, [0, 0, 0])
            totals[0], totals[1], totals[2] = totals[0] + n, totals[1] + int(late), totals[2] + int(done)
    assert by_department == {d: tuple(t) for d, t in departments.items()}
    assert overdue == sum(b.open_overdue for b in shown.by_department) + sum(
        int(r[4]) for r in requests if r[2] is None
    )
    assert finished == sum(b.finished for b in shown.by_department) + sum(
        int(r[5]) for r in requests if r[2] is None
    )
    engine.dispose()


def test_the_hand_written_tally_sql_counts_what_the_service_dashboard_shows(db_url):
    """The dashboard's baseline reads the same tallies and unfinished requests for the same numbers."""
    engine, svc, manager = _small_company(db_url, years=0.2)
    periods = ["2026-10", "2026-11"]
    shown = svc.desk_trends.dashboard(manager, periods, {1, 2})
    tallies_sql, unfinished_sql, categories_sql, departments_sql = _dashboard_sql(
        "1, 2", "'2026-10', '2026-11'"
    )
    with engine.connect() as conn:
        tallies = conn.execute(text(tallies_sql)).all()
        unfinished = conn.execute(text(unfinished_sql), {"now": NOW}).all()
        categories = conn.execute(text(categories_sql)).all()
        departments = conn.execute(text(departments_sql)).all()
    due = {}
    for site, period, _department, complaints, repairs, _late in unfinished:
        before = due.get((site, period), (0, 0))
        due[(site, period)] = (before[0] + int(complaints), before[1] + int(repairs))
    expected = {}
    for site, period, *v in tallies:
        v = [
            int(x) for x in v
        ]  # repair, inquiry, complaint: requests, finished, in time, valid, valid finished
        complaints_due, repairs_due = due.get((site, period), (0, 0))
        expected[(site, period)] = (
            v[0], v[5], v[10], v[11] + complaints_due, v[12], v[13], v[14], v[1] + repairs_due, v[2],
            v[15], v[16], v[17], v[18], v[19],
        )  # fmt: skip
    assert {
        (p.site_id, p.period): (
            c.repair, c.inquiry, c.complaint, c.complaint_due, c.complaint_timely, c.complaint_valid,
            c.valid_handled, c.repair_due, c.repair_timely, c.first_contact, c.callbacks_created,
            c.callbacks_done, c.ratings_given, c.ratings_satisfied,
        )
        for p in shown.by_period
        for c in [p.counts]
    } == expected  # fmt: skip
    assert shown.satisfaction == {n: sum(int(r[21 + n]) for r in tallies) for n in range(1, 6)}
    assert {b.key: b.count for b in shown.by_category} == {(k, c): int(n) for k, c, n in categories if n}
    late = {}
    for _site, _period, department, *_, overdue in unfinished:
        if department is not None:
            late[department] = late.get(department, 0) + int(overdue)
    assert {b.key[0]: (b.count, b.open_overdue, b.finished) for b in shown.by_department} == {
        d: (int(n), late.get(d, 0), int(done)) for d, n, done in departments if n
    }
    assert sum(p.counts.total for p in shown.by_period) > 0 and any(late.values())
    engine.dispose()


def test_the_company_has_a_training_history_the_overview_reads_like_one_the_quiz_service_wrote(db_url):
    """Certifications about monthly, one live certificate per person who passed, the item analysis
    over first attempts and the rules most often wrong; the rows need no repair by the service."""
    engine, svc, manager = _small_company(db_url, years=0.2)
    with engine.connect() as conn:
        attempts, superseded, recertify = conn.execute(
            text("SELECT count(*), (SELECT count(*) FROM quiz_certificates WHERE status = 'superseded'),"
                 " (SELECT count(*) FROM quiz_certificates WHERE status = 'recertify') FROM quiz_attempts")
        ).one()  # fmt: skip
    overview = svc.quizzes.training_overview(manager, default_rulebook())
    staff = [p for p in overview.people if p.role == "staff"]
    assert len(staff) == 16 and attempts >= 16 * 2 and superseded > 0
    assert overview.counts["valid"] > 0 and all(p.attempts > 0 and p.last_score is not None for p in staff)
    assert overview.items and overview.troubles and sum(i.responses for i in overview.items) > 0
    with engine.connect() as conn:  # the overview marked no certificate for recertification
        assert (
            conn.execute(text("SELECT count(*) FROM quiz_certificates WHERE status = 'recertify'")).scalar()
            == 0
        )
    assert recertify == 0
    engine.dispose()
