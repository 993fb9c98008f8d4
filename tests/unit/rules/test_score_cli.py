"""`python -m rules score`: one utterance per stdin line in, one JSON verdict per line out."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from rules.cli import main, run_score
from rules.loader import default_rulebook
from services import open_services
from tests.integration.helpers import first_manager

REPO = Path(__file__).resolve().parents[3]


def score(
    argv: list[str], stdin: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    environ: dict[str, str],
) -> tuple[int, list[dict], str]:  # fmt: skip
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    status = main(["score", *argv], environ=environ)
    captured = capsys.readouterr()
    return status, [json.loads(line) for line in captured.out.splitlines()], captured.err


@pytest.fixture
def no_database(tmp_path: Path) -> dict[str, str]:
    return {"DATABASE_URL": f"sqlite:///{tmp_path / 'none.db'}"}


@pytest.fixture
def one_site(tmp_path: Path) -> dict[str, str]:
    url = f"sqlite:///{tmp_path / 'one.db'}"
    services = open_services(url)
    first_manager(services, site_name="翠湖苑服务中心")
    services.engine.dispose()
    return {"DATABASE_URL": url}


def test_run_score_writes_one_json_object_per_non_blank_line() -> None:
    out = io.StringIO()
    lines = ["您走好，欢迎再来！\n", "\n", "   \n", "慢走不送。\n"]
    status = run_score(default_rulebook(), "farewell", datetime(2026, 11, 26, 10), None, "zh", lines, out)
    results = [json.loads(line) for line in out.getvalue().splitlines()]
    assert status == 0
    assert [(r["text"], r["ok"]) for r in results] == [("您走好，欢迎再来！", True), ("慢走不送。", False)]
    assert results[0] == {"text": "您走好，欢迎再来！", "ok": True, "score": 100, "findings": []}
    (finding,) = results[1]["findings"]
    assert finding == {
        "rule": "farewell.see_off",
        "kind": "forbidden",
        "message": "规程第 26 条：来访客人走出时，应道别，如您走好、再见、欢迎再来。"
        "不要说“慢走不送”，应说“您慢走，欢迎再来”。",
        "suggestion": "您慢走，欢迎再来。",  # the whole corrected sentence
    }
    assert "不送" in out.getvalue()  # ensure_ascii=False


def test_score_with_site_and_moment_exits_0(monkeypatch, capsys, no_database) -> None:
    stdin = "您好，阳光花园服务中心，有什么可以帮到您？\n喂，你找谁？\n"
    argv = [
        "--scenario",
        "phone.answer",
        "--site",
        "阳光花园服务中心",
        "--at",
        "2026-12-25T10:00",
        "--lang",
        "en",
    ]
    status, results, err = score(argv, stdin, monkeypatch, capsys, no_database)
    assert (status, err) == (0, "")
    assert [r["ok"] for r in results] == [True, False]
    assert results[1]["findings"][0]["message"].startswith("Item 15: ")
    assert 'Do not say "喂"' in results[1]["findings"][0]["message"]


def test_message_language_follows_lang(monkeypatch, capsys, no_database) -> None:
    environ = {**no_database, "LANG": "zh_CN.UTF-8"}
    argv = ["--scenario", "greet", "--at", "2026-11-26T19:45"]
    _, results, _ = score(argv, "下午好！\n", monkeypatch, capsys, environ)
    assert results[0]["findings"][0]["kind"] == "wrong_time"
    assert "应说“晚上好”" in results[0]["findings"][0]["message"]


def test_the_only_site_in_the_database_is_used_when_site_is_left_out(monkeypatch, capsys, one_site) -> None:
    stdin = "您好，翠湖苑服务中心，有什么可以帮您？\n"
    status, results, _ = score(["--scenario", "phone.answer"], stdin, monkeypatch, capsys, one_site)
    assert status == 0 and results[0]["ok"] is True


def test_several_sites_need_site(monkeypatch, capsys, one_site) -> None:
    services = open_services(one_site["DATABASE_URL"])
    manager = services.accounts.authenticate("boss", "correct-horse-1")
    services.sites.create_site(manager, name="阳光花园服务中心", timezone="Asia/Shanghai")
    services.engine.dispose()
    status, results, err = score(["--scenario", "phone.answer"], "您好\n", monkeypatch, capsys, one_site)
    assert (status, results) == (2, [])
    assert "--site" in err and "exactly one site" in err


def test_no_database_needs_site_for_a_phone_answer(monkeypatch, capsys, no_database) -> None:
    status, results, err = score(["--scenario", "phone.answer"], "您好\n", monkeypatch, capsys, no_database)
    assert (status, results) == (2, [])
    assert "--site" in err


def test_scenarios_without_the_centres_name_need_no_site(monkeypatch, capsys, no_database) -> None:
    argv = ["--scenario", "phone.ask_identity"]
    status, results, _ = score(argv, "请问您贵姓？\n", monkeypatch, capsys, no_database)
    assert status == 0 and results[0]["ok"] is True


def test_unknown_scenario_exits_2_naming_the_known_ones(monkeypatch, capsys, no_database) -> None:
    status, results, err = score(["--scenario", "phone.hangup"], "再见\n", monkeypatch, capsys, no_database)
    assert (status, results) == (2, [])
    assert "phone.hangup" in err and "phone.answer" in err


@pytest.mark.parametrize("at", ["tomorrow", "2026-13-01T10:00", "25/12/2026"])
def test_bad_at_exits_2(at: str, monkeypatch, capsys, no_database) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("再见\n"))
    with pytest.raises(SystemExit) as raised:
        main(["score", "--scenario", "farewell", "--at", at], environ=no_database)
    assert raised.value.code == 2
    assert "--at" in capsys.readouterr().err


def test_scenario_is_required(capsys) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["score"], environ={})
    assert raised.value.code == 2


def test_module_entry_point_scores_stdin(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "LANG": "C",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}",
    }
    result = subprocess.run(
        [sys.executable, "-m", "rules", "score", "--scenario", "greet", "--at", "2027-02-06T09:00"],
        input="早上好，春节快乐！\n早上好！\n", cwd=tmp_path, env=env, capture_output=True, text=True,
        encoding="utf-8", check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    verdicts = [json.loads(line) for line in result.stdout.splitlines()]
    assert [v["ok"] for v in verdicts] == [True, False]
    assert verdicts[1]["findings"][0]["rule"] == "greeting.festival"
