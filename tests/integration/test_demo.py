"""The demo loader on a real database (SQLite and PostgreSQL): a small centre fills every register and
every dashboard query; the same seed gives the same data; it never loads twice or next to real data."""

import dataclasses
import io
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, text

from accounts.tables import Site
from demo import DEMO_PASSWORD, DemoRefused, cli, load_demo
from demo.cli import main
from demo.loader import DEMO, row_counts
from desk.cli import main as desk_cli
from desk.statistics.monthly import DeskTrends
from rules.loader import default_rulebook
from services import build_services
from store.db import make_engine
from store.migrate import upgrade
from tests.integration.helpers import add_user, first_manager

END = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
REGISTERS = (
    "shift_roster", "shift_checks", "shift_check_answers", "corrective_actions", "desk_requests",
    "request_events", "work_orders", "callbacks", "owners", "mail_items", "desk_keys", "key_loans",
    "receipts", "cash_handovers", "handover_notes", "move_ins", "renovations", "worker_passes",
    "special_services", "quiz_attempts", "quiz_certificates", "quiz_rule_reviews", "phone_drills", "history",
)  # fmt: skip


@pytest.fixture
def engine(db_url):
    engine = make_engine(db_url)
    upgrade(engine)
    yield engine
    engine.dispose()


def small(engine, **changes):
    options = dict(days=7, staff=3, seed=2026, end=END) | changes
    return load_demo(engine, **options)


def test_a_small_demo_fills_every_register_and_every_dashboard(engine, db_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", db_url)
    steps = []
    summary = small(engine, progress=lambda done, total, label: steps.append((done, total, label)))
    assert summary.quizzes_skipped is None
    assert [t for t in REGISTERS if not summary.counts[t]] == []
    assert steps[0] == (1, 8, "accounts") and steps[-1] == (8, 8, "2026-11-26")
    roles = [p.role for p in summary.people]
    assert roles.count("manager") == 1 and roles.count("staff") == 3 and "trainee" in roles
    assert {p.gender for p in summary.people if p.role == "staff"} == {"male", "female"}

    svc = build_services(engine, lambda: END)
    manager = svc.accounts.authenticate("demo.manager", DEMO_PASSWORD)
    staff = svc.accounts.authenticate("demo.staff1", DEMO_PASSWORD)
    month = svc.desk_stats.month(manager, "2026-11")
    assert month.counts.repair and month.counts.inquiry and month.counts.complaint
    assert month.by_category and month.by_department and month.counts.ratings_given
    trends = DeskTrends(svc.sessions, svc.desk.content, svc.clock)
    assert trends.by_period(manager, ["2026-10", "2026-11"])
    assert all(trends.breakdown(manager, ["2026-11"]))
    assert sum(trends.satisfaction(manager, ["2026-11"]).values()) > 0
    registers = svc.register_stats.month(manager, "2026-11")
    assert registers.mail_received and registers.key_loans and registers.receipts and registers.handovers
    board = svc.check_board.board(manager, summary.site_id)
    assert board.rows and board.compliance and any(c.done for c in board.compliance)
    overview = svc.quizzes.training_overview(manager, default_rulebook())
    assert any(p.attempts for p in overview.people) and overview.counts["valid"] >= 1
    assert svc.desk.list_requests(staff, "all")
    # desk stats --json, the monthly report and the dashboard's trend agree on the demo's month.
    capsys.readouterr()
    assert desk_cli(["stats", "--month", "2026-11", "--json"], {"LANG": "en"}, lambda: END) == 0
    from_cli = json.loads(capsys.readouterr().out)
    report = svc.reports.build(manager, "2026-11", lang="en")
    from_dashboard = svc.desk_trends.by_period(manager, ["2026-11"])[0].rates
    assert dict(report.counts)["Total"] == sum(from_cli["counts"].values()) == month.counts.total
    for line in report.rates:
        for figure in (from_cli[line.name], from_dashboard[line.name], month.rates[line.name]):
            assert figure == pytest.approx(line.value) if line.value is not None else figure is None


def test_the_same_seed_gives_the_same_data(tmp_path):
    counts = []
    for name in ("a", "b"):
        engine = make_engine(f"sqlite:///{tmp_path / name}.db")
        upgrade(engine)
        counts.append(small(engine, days=4, staff=2).counts)
        with engine.connect() as conn:
            counts.append(
                conn.execute(text("select kind, category, content from desk_requests order by id")).all()
            )
        engine.dispose()
    assert counts[0] == counts[2] and counts[1] == counts[3]


def test_loading_twice_is_refused(engine):
    small(engine, days=1, staff=1)
    with pytest.raises(DemoRefused) as refused:
        small(engine, days=1, staff=1)
    assert refused.value.key == "demo.error.already_loaded"


def test_a_first_manager_gets_the_demo_at_their_own_centre(engine):
    svc = build_services(engine, lambda: END)
    first_manager(svc, site_name="海景湾服务中心")
    summary = small(engine, days=1, staff=1)
    assert summary.site_name == "海景湾服务中心"
    with svc.sessions() as session:
        assert session.scalars(select(Site.name)).all() == ["海景湾服务中心"]
    assert min(svc.accounts.authenticate("demo.staff1", DEMO_PASSWORD).site_ids) == summary.site_id


def test_a_database_with_real_staff_is_refused(engine):
    svc = build_services(engine, lambda: END)
    add_user(svc, first_manager(svc), "xiaoli", "staff")
    with pytest.raises(DemoRefused) as refused:
        small(engine, days=1, staff=1)
    assert refused.value.key == "demo.error.not_fresh"


def test_the_bulk_path_writes_what_the_services_write(tmp_path):
    """The benchmark writes shift checks as rows: the same rows the service writes for the same plan."""
    queries = (
        "select u.username, shift_date, shift_id, kind, source, late, round(score, 3), passed, failed_count,"
        " submitted_at from shift_checks c join users u on u.id = c.user_id order by 1, 2, 3, 4, 5",
        "select u.username, rule_id, state, due_at, a.updated_at, last_note, verified_at"
        " from corrective_actions a join users u on u.id = a.user_id order by 1, 2, 5",
        "select c.submitted_at, position, rule_id, answer, note from shift_check_answers x"
        " join shift_checks c on c.id = x.check_id order by 1, 2",
        "select u.username, shift_date, shift_id from shift_roster r"
        " join users u on u.id = r.user_id order by 1, 2, 3",
        "select entity, action, count(*) from history"
        " where entity in ('shift_check', 'corrective_action', 'roster') group by 1, 2 order by 1, 2",
    )
    found = []
    for name, bulk in (("service", False), ("bulk", True)):
        engine = make_engine(f"sqlite:///{tmp_path / name}.db")
        upgrade(engine)
        small(engine, days=6, staff=4, volume=dataclasses.replace(DEMO, bulk_checks=bulk))
        with engine.connect() as conn:
            found.append([conn.execute(text(q)).all() for q in queries])
        engine.dispose()
    assert found[0][0] and found[0][1], "the plan should include checks with failed items"
    assert found[0] == found[1]


def test_the_command_line_loads_and_refuses_a_second_time(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    out, err = io.StringIO(), io.StringIO()
    assert main(["load", "--days", "1", "--staff", "1"], out, err) == 0
    assert "demo.manager" in out.getvalue() and DEMO_PASSWORD in out.getvalue()
    assert main(["load", "--days", "1", "--staff", "1"], out, err) == 1
    assert "already has demo accounts" in err.getvalue()


class PowerCut(Exception):
    """Whatever stops a load part way: a bug in a story, a lost connection, a closed window."""


def cut_at(step: int, cut: type[BaseException] = PowerCut):  # type: ignore[no-untyped-def]
    def progress(done: int, total: int, label: str) -> None:
        if done == step:
            raise cut(label)

    return progress


def test_a_load_interrupted_part_way_leaves_no_demo_behind_and_the_next_load_succeeds(engine):
    with pytest.raises(PowerCut):
        small(engine, days=3, staff=1, progress=cut_at(3))  # after the accounts, households and 2 days
    assert {name for name, count in row_counts(engine).items() if count} == set()
    summary = small(engine, days=3, staff=1)
    assert summary.counts["sites"] == 1 and summary.counts["users"] == len(summary.people)


def test_an_interrupted_load_at_a_first_managers_centre_leaves_only_what_was_there(engine):
    first_manager(build_services(engine, lambda: END), site_name="海景湾服务中心")
    before = row_counts(engine)
    with pytest.raises(PowerCut):
        small(engine, days=2, staff=1, progress=cut_at(2))
    assert row_counts(engine) == before


# Loads in a process killed (SIGKILL: no rollback, no clean-up) after its first day.
_KILLED_LOAD = """
import os, signal, sys
from datetime import UTC, datetime
from demo import load_demo
from store.db import make_engine

def progress(done, total, label):
    if done == 2:
        os.kill(os.getpid(), signal.SIGKILL)

end = datetime(2026, 11, 26, 9, tzinfo=UTC)
load_demo(make_engine(sys.argv[1]), days=2, staff=1, end=end, progress=progress)
"""


def test_a_load_killed_part_way_leaves_no_demo_behind(engine, db_url):
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", _KILLED_LOAD, db_url], cwd=root, capture_output=True)
    assert done.returncode == -9, done.stderr.decode()
    assert {name for name, count in row_counts(engine).items() if count} == set()


def test_ctrl_c_during_the_command_line_load_saves_nothing_and_says_so(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.setattr(
        cli,
        "load_demo",
        lambda engine, **kw: load_demo(engine, **kw | {"progress": cut_at(2, KeyboardInterrupt)}),
    )
    out, err = io.StringIO(), io.StringIO()
    assert main(["load", "--days", "3", "--staff", "1"], out, err) == 130
    assert "nothing of the demo was saved" in err.getvalue()
    engine = make_engine(url)
    assert {name for name, count in row_counts(engine).items() if count} == set()
    engine.dispose()
