"""`python -m rules check|dump`: exit 0 valid, 1 content errors, 2 bad arguments."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.cli_args import default_lang
from rules.cli import main, run_check, run_dump
from rules.loader import default_content_dir, default_rulebook
from tests.unit.rules.minimal_content import WriteContent

REPO = Path(__file__).resolve().parents[3]


def run(worker, content_dir: Path, lang: str = "en") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = worker(content_dir, lang, out, err)
    return status, out.getvalue(), err.getvalue()


def test_check_of_shipped_content_prints_a_summary_and_exits_0() -> None:
    status, out, err = run(run_check, default_content_dir())
    rulebook = default_rulebook()
    assert status == 0 and err == ""
    assert out == (f"OK: {len(rulebook.rules)} rules in 11 categories, rulebook {rulebook.version_label}\n")


def test_check_summary_in_chinese() -> None:
    status, out, _ = run(run_check, default_content_dir(), "zh")
    assert status == 0
    assert out.startswith("内容有效") and default_rulebook().version_label in out


def test_check_of_bad_content_lists_every_error_on_stderr_and_exits_1(
    write_content: WriteContent,
) -> None:
    content = write_content({"greeting.yaml": "", "phone.yaml": "category: phone\nrules: a: b\n"})
    status, out, err = run(run_check, content)
    lines = err.splitlines()
    assert status == 1 and out == ""
    assert lines[0] == f"{content / 'greeting.yaml'}:1:1: the file is empty"
    assert lines[1].startswith(f"{content / 'phone.yaml'}:2:9: YAML syntax error")
    assert lines[2] == "2 error(s) found"


def test_check_errors_in_chinese(write_content: WriteContent) -> None:
    status, _, err = run(run_check, write_content({"greeting.yaml": ""}), "zh")
    assert status == 1
    assert err.splitlines() == [
        f"{write_content({}) / 'greeting.yaml'}:1:1: 文件为空",
        "共发现 1 个错误",
    ]


def test_dump_json_contains_every_rule_in_both_languages() -> None:
    status, out, _ = run(run_dump, default_content_dir())
    data = json.loads(out)
    rulebook = default_rulebook()
    assert status == 0
    assert [r["id"] for r in data["rules"]] == [r.id for r in rulebook.rules]
    assert all(r["title"]["zh"] and r["title"]["en"] for r in data["rules"])
    assert data["version_label"] == rulebook.version_label
    assert data["content_hash"] == rulebook.content_hash
    assert len(data["categories"]) == 11 and data["categories"][0]["id"] == "dress"
    assert data["settings"]["version"] == "2026.2"
    assert "电话礼仪" in out  # ensure_ascii=False


def test_dump_of_bad_content_exits_1(write_content: WriteContent) -> None:
    status, out, err = run(run_dump, write_content({"greeting.yaml": ""}))
    assert (status, out) == (1, "")
    assert "the file is empty" in err


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["frobnicate"],
        ["check", "/no/such/directory"],
        ["check", "--lang", "fr"],
        ["dump", "--yaml"],
    ],
)
def test_bad_arguments_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(argv, environ={})
    assert raised.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_a_file_given_as_dir_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "rules.yaml"
    file.write_text("x: 1\n")
    with pytest.raises(SystemExit) as raised:
        main(["check", str(file)], environ={})
    assert raised.value.code == 2
    assert "not a directory" in capsys.readouterr().err


def test_main_runs_check_on_a_given_directory(
    write_content: WriteContent, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(write_content({}))], environ={}) == 0
    assert capsys.readouterr().out.startswith("OK: 1 rules in 1 categories")


def test_dump_accepts_json_flag(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dump", "--json"], environ={}) == 0
    assert json.loads(capsys.readouterr().out)["rules"]


@pytest.mark.parametrize(("lang_env", "lang"), [("zh_CN.UTF-8", "zh"), ("en_US.UTF-8", "en"), ("", "en")])
def test_message_language_follows_lang_environment(lang_env: str, lang: str) -> None:
    assert default_lang({"LANG": lang_env}) == lang


def test_module_entry_point_finds_content_from_any_working_directory(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO), "LANG": "C"}
    result = subprocess.run(
        [sys.executable, "-m", "rules", "check"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: ")
