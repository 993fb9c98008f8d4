"""The scale benchmark writes a company through the real tables, and its hand-written SQL asks for
the same rows as the pages it is compared with."""

from __future__ import annotations

from datetime import UTC, datetime

from demo.scale import ScaleSize, generate
from demo.scale_bench import cases, last_full_month
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
