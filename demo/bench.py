"""`python -m demo bench`: a year of data for 50 staff, then each dashboard's queries and a full page
render timed a few times. Prints a table; asserts nothing (timings vary from machine to machine).

Generation goes through the real services like `python -m demo load`, except the roster and the shift
checks with their answers and corrective actions, which are written as rows in batches (demo.bulk)
because one service call per check would take several minutes for a year of 50 people.
"""

from __future__ import annotations

import logging
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TextIO

from demo.centre import Volume
from demo.loader import DemoSummary, load_demo
from demo.people import DEMO_PASSWORD, MANAGER
from services import Services, build_services
from store.db import make_engine, safe_url
from store.migrate import upgrade

ROOT = Path(__file__).resolve().parent.parent
BENCH = Volume(
    requests_base=3,
    requests_per_staff=0.5,
    mail_per_staff=0.2,
    key_loans_per_day=3,
    spot_check_every_days=1,
    practice_every_days_trainee=3,
    practice_every_days_staff=14,
    practice_questions=(2, 5),
    renovation_every_days=4,
    move_in_every_days=5,
    special_every_days=1,
    bulk_checks=True,
)


@dataclass(frozen=True)
class Timing:
    name: str
    runs_ms: tuple[float, ...]
    rows: int | None
    error: str | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.runs_ms) if self.runs_ms else float("nan")

    @property
    def worst(self) -> float:
        return max(self.runs_ms) if self.runs_ms else float("nan")


def measure(name: str, run: Callable[[], int], repeats: int) -> Timing:
    """Run `repeats` times; `run` returns how many rows (or charts) it produced."""
    runs, rows = [], None
    try:
        for _ in range(repeats):
            started = time.perf_counter()
            rows = run()
            runs.append((time.perf_counter() - started) * 1000)
    except Exception as exc:  # a benchmark reports a broken query and goes on with the others
        return Timing(name, tuple(runs), rows, f"{type(exc).__name__}: {str(exc).splitlines()[0][:80]}")
    return Timing(name, tuple(runs), rows)


def query_sets(svc: Services) -> list[tuple[str, Callable[[], int]]]:
    """Each dashboard's queries, as the pages call them, for the last month / 12 months / 30 days."""
    from desk.statistics.monthly import months_between, records_behind
    from desk.statistics.one_scan import DashboardTrends
    from rules.loader import default_rulebook

    manager = svc.accounts.authenticate(MANAGER, DEMO_PASSWORD)
    site = min(manager.site_ids)
    now = svc.clock()
    today = now.date()
    month = f"{today:%Y-%m}"
    year = months_between(f"{today.year - 1:04d}-{today.month:02d}", month)[1:]
    trends = DashboardTrends(svc.sessions, svc.desk.content, svc.clock)
    rulebook = default_rulebook()

    def desk_month() -> int:
        stats = svc.desk_stats.month(manager, month)
        return 1 + len(stats.by_category) + len(stats.by_department)

    def breakdown() -> int:
        categories, departments = trends.breakdown(manager, year)
        return len(categories) + len(departments)

    def board() -> int:
        b = svc.check_board.board(manager, site)
        return len(b.rows) + len(b.failed) + len(b.compliance) + len(b.gaps)

    sets: list[tuple[str, Callable[[], int]]] = [
        ("desk: month statistics (DeskStatistics.month)", desk_month),
        ("desk: KPI trends, 12 months (DeskTrends.by_period)", lambda: len(trends.by_period(manager, year))),
        ("desk: by category and department, 12 months", breakdown),
        ("desk: satisfaction 1-5, 12 months", lambda: len(trends.satisfaction(manager, year))),
        (
            "desk: the three above in one scan (DashboardTrends.dashboard)",
            lambda: len(trends.dashboard(manager, year).by_period),
        ),
        (
            "desk: requests behind a bar, 1 month",
            lambda: len(records_behind(svc.sessions, manager, [month], now=now)),
        ),
        (
            "registers: month (RegisterStatistics.month)",
            lambda: int(bool(svc.register_stats.month(manager, month))),
        ),
        (
            "registers: move-ins, renovations, services month",
            lambda: int(bool(svc.registers_month.month_registers(manager, month))),
        ),
        ("checks: board (today + 30-day compliance + gaps)", board),
    ]
    try:
        from checklists.analytics import MAX_DAYS, ComplianceAnalytics
    except ImportError:
        pass
    else:
        analytics = ComplianceAnalytics(svc.sessions, svc.clock)

        def figures(days: int) -> Callable[[], int]:
            def run() -> int:
                f = analytics.figures(manager, {site}, today - timedelta(days=days - 1), today)
                return len(f.days) + len(f.heat) + len(f.items) + len(f.people) + len(f.gaps)

            return run

        sets.append(("checks: compliance figures, 28 days (ComplianceAnalytics)", figures(28)))
        sets.append((f"checks: compliance figures, {MAX_DAYS} days", figures(MAX_DAYS)))
    sets.append(
        (
            "quizzes: training overview (QuizService)",
            lambda: len(svc.quizzes.training_overview(manager, rulebook).people),
        )
    )
    try:
        from quizzes.pass_rates import pass_rate_by_week
    except ImportError:
        pass
    else:
        sets.append(
            (
                "quizzes: pass rate by week, 1 year",
                lambda: len(
                    pass_rate_by_week(svc.sessions, manager, {site}, today - timedelta(days=364), today)
                ),
            )
        )
    return sets


def _quiet_streamlit() -> None:
    """Streamlit warns about a missing script context when AppTest prepares a run: noise here."""
    for name in list(logging.root.manager.loggerDict):
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)


def page_renders(url: str, repeats: int) -> list[Timing]:
    """Each dashboard page rendered whole by Streamlit's AppTest, logged in as the demo manager."""
    from streamlit.testing.v1 import AppTest

    os.environ["DATABASE_URL"] = url
    _quiet_streamlit()
    out = []
    for page in ("dashboards/service", "dashboards/compliance"):
        path = ROOT / "app_pages" / f"{page}.py"
        if not path.exists():
            continue
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        app.run()
        _quiet_streamlit()
        app.text_input[0].input(MANAGER)
        app.text_input[1].input(DEMO_PASSWORD)
        app.button[0].click()
        app.run()
        app.switch_page(f"app_pages/{page}.py")

        def render(app: AppTest = app) -> int:
            app.run()
            if app.exception:
                raise RuntimeError(app.exception[0].value)
            return len(app.get("plotly_chart"))

        out.append(measure(f"page: {page}.py, full render (charts)", render, repeats))
    return out


def table(timings: list[Timing]) -> str:
    width = max(len(t.name) for t in timings)
    lines = [f"{'name':<{width}}  {'median ms':>10}  {'max ms':>9}  {'rows':>6}", "-" * (width + 31)]
    for t in timings:
        if t.error:
            lines.append(f"{t.name:<{width}}  {'-':>10}  {'-':>9}  {'-':>6}  {t.error}")
        else:
            rows = "" if t.rows is None else str(t.rows)
            lines.append(f"{t.name:<{width}}  {t.median:>10.1f}  {t.worst:>9.1f}  {rows:>6}")
    return "\n".join(lines)


def run_bench(
    url: str | None,
    *,
    days: int = 365,
    staff: int = 50,
    seed: int = 2026,
    repeats: int = 5,
    pages: bool = True,
    out: TextIO,
) -> int:
    """Generate into `url` (default: a new SQLite file in a temporary directory), time, print."""
    url, scratch = bench_url(url, "bench")
    engine = make_engine(url)
    upgrade(engine)
    print(f"benchmark database: {safe_url(url)}", file=out)
    print(f"generating {days} days for {staff} staff (seed {seed}) ...", file=out, flush=True)
    step = max(1, days // 12)

    def progress(done: int, total: int, label: str) -> None:
        if done % step == 0 or done == total:
            print(f"  {done:>4}/{total}  {label}", file=out, flush=True)

    end = datetime.now(UTC)
    summary: DemoSummary = load_demo(
        engine, days=days, staff=staff, seed=seed, progress=progress, end=end, volume=BENCH
    )
    print(f"generated in {summary.seconds:.0f} s", file=out)
    if summary.quizzes_skipped:
        print(f"quizzes skipped: {summary.quizzes_skipped}", file=out)
    big = sorted(summary.counts.items(), key=lambda kv: -kv[1])[:12]
    print("rows: " + ", ".join(f"{name} {count}" for name, count in big), file=out)
    svc = build_services(engine)
    timings = [measure(name, run, repeats) for name, run in query_sets(svc)]
    if pages:
        timings += page_renders(url, repeats)
    engine.dispose()
    print(f"\nmedian and max of {repeats} runs each:", file=out)
    print(table(timings), file=out)
    print(kept_note(scratch), file=out, end="")
    return 1 if any(t.error for t in timings) else 0


def bench_url(url: str | None, name: str) -> tuple[str, str | None]:
    """The database to measure: `url`, or a new SQLite file in a temporary folder (also returned)."""
    if url is not None:
        return url, None
    scratch = tempfile.mkdtemp(prefix=f"fdc-{name}-")
    return f"sqlite:///{scratch}/{name}.db", scratch


def kept_note(scratch: str | None) -> str:
    """Where a temporary benchmark database stays, as the report's last line ("" for one given)."""
    return f"\n(the database stays in {scratch} until you delete it)\n" if scratch else ""


__all__ = ["BENCH", "Timing", "bench_url", "kept_note", "measure", "run_bench", "table"]
