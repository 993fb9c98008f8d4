"""`python -m quizzes check|coverage`: exit 0 valid, 1 content errors, 2 bad arguments."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from quizzes.cli import run_check, run_coverage, run_dump
from quizzes.loader import default_content_dir
from rules.loader import default_content_dir as rules_dir

REPO = Path(__file__).resolve().parents[3]


def run(worker, *args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = worker(*args, out, err)
    return status, out.getvalue(), err.getvalue()


def test_check_of_the_shipped_content_prints_a_summary_and_exits_0(rulebook):
    status, out, err = run(run_check, default_content_dir(), rules_dir(), "en")
    assert status == 0 and err == ""
    assert out.startswith("OK: ") and re.search(r"\d+ quizzes \(1 certification\)", out)
    assert out.rstrip().endswith(f"rulebook {rulebook.version_label}")


def test_check_summary_in_chinese():
    status, out, _ = run(run_check, default_content_dir(), rules_dir(), "zh")
    assert status == 0 and out.startswith("内容有效：")


def test_check_lists_every_error_on_stderr_and_exits_1(content_copy):
    (content_copy / "extra.yaml").write_text(
        "questions:\n  - id: test.one\n    kind: true_false\n    rules: [no.rule]\n"
        "    prompt: {zh: 问, en: Q}\n    why: {zh: 因, en: W}\n",
        encoding="utf-8",
    )
    status, out, err = run(run_check, content_copy, rules_dir(), "en")
    assert status == 1 and out == ""
    assert err.splitlines() == [
        f"{content_copy / 'extra.yaml'}:2:5: test.one: a true_false question needs 'answer'",
        f"{content_copy / 'extra.yaml'}:4:13: test.one: rules[0]: no rule has the id 'no.rule'",
        "2 error(s) found",
    ]


def test_coverage_json_counts_the_questions_that_can_test_each_rule(rulebook, content):
    status, out, _ = run(run_coverage, default_content_dir(), rules_dir(), True, "en")
    rows = json.loads(out)
    assert status == 0 and [r["rule"] for r in rows] == [
        r.id for r in rulebook.rules
    ]  # none without a question
    three_rings = next(r for r in rows if r["rule"] == "phone.three_rings")
    assert (
        three_rings["questions"]
        == three_rings["generated"] + three_rings["bank"]
        == len(content.testing("phone.three_rings"))
    )
    assert three_rings["bank"] >= 3


def test_coverage_lists_a_rule_without_questions_first(tmp_path, content_copy):
    import shutil

    rules = Path(shutil.copytree(rules_dir(), tmp_path / "rules"))
    with (rules / "phone.yaml").open("a", encoding="utf-8") as fh:
        fh.write(
            "\n  - id: phone.new_rule\n    title: {zh: 新规则, en: New}\n"
            "    text: {zh: 新的规则。, en: New rule.}\n"
            "    source: [27]\n    severity: minor\n    applies_to: everyone\n    when: [on_phone]\n"
        )
    status, out, _ = run(run_coverage, content_copy, rules, True, "en")
    rows = json.loads(out)
    # A rule without speech gets no generated question: it waits for a hand-written one, listed first.
    assert status == 0 and rows[0] == {"rule": "phone.new_rule", "questions": 0, "generated": 0, "bank": 0}


def test_coverage_as_text(content):
    status, out, _ = run(run_coverage, default_content_dir(), rules_dir(), False, "en")
    lines = out.splitlines()
    assert status == 0 and lines[0].startswith("rule id / questions")
    assert lines[1].split()[0] == "dress.professional_image"


def test_the_module_runs_as_a_command():
    env = {**os.environ, "LANG": "C"}
    command = [sys.executable, "-m", "quizzes", "check"]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0 and done.stdout.startswith("OK: ")
    bad = subprocess.run([sys.executable, "-m", "quizzes", "check", "/no/such/dir"], cwd=REPO,
                         capture_output=True, text=True, env=env, check=False)  # fmt: skip
    assert bad.returncode == 2 and "not a directory" in bad.stderr


def test_dump_lists_every_question_with_the_centre_filled_in(content):
    status, out, _ = run(run_dump, default_content_dir(), rules_dir(), "翠湖苑服务中心", "en")
    rows = json.loads(out)
    assert status == 0 and [r["id"] for r in rows] == [q.id for q in content.pool]
    assert {r["source"] for r in rows} == {"bank", "generated"}
    assert "{site}" not in out and "翠湖苑服务中心" in out
    first = next(r for r in rows if r["id"] == "scene.phone.first_words")
    assert first["kind"] == "single" and first["rule_ids"] == ["phone.answer", "address.no_wei_or_ai"]
    assert first["situation"] and first["source"] == "bank"
    assert [o["correct"] for o in first["options"]].count(True) == 1
    assert set(first["options"][0]) >= {"zh", "en", "correct"} and set(first["prompt"]) == {"zh", "en"}
    assert all("why" in o for o in first["options"] if not o["correct"])
    situation = next(r for r in rows if r["source"] == "generated" and r["kind"] == "situation")
    assert "options" not in situation and situation["scenario"] and situation["at"]
    scene = next(r for r in rows if r["situation"] and r["duties"])
    assert all(d in {f"1.{n}" for n in range(1, 11)} for d in scene["duties"])


def test_a_reviewers_sample_is_the_same_for_the_same_seed(content):
    def sample(seed: int) -> list[str]:
        def worker(out, err):
            return run_dump(default_content_dir(), rules_dir(), "翠湖苑服务中心", "en", out, err, 40, seed)

        status, out, _ = run(worker)
        assert status == 0
        return [r["id"] for r in json.loads(out)]

    first = sample(2026)
    assert len(first) == len(set(first)) == 40 and set(first) <= {q.id for q in content.pool}
    assert sample(2026) == first and sample(7) != first


def test_a_sample_is_asked_for_as_a_positive_number():
    env = {**os.environ, "LANG": "C"}
    command = [sys.executable, "-m", "quizzes", "dump", "--json", "--sample", "0"]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 2 and "not a positive number" in done.stderr
