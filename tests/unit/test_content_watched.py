"""Content is parsed once and again after an edit: every app process shows an edited rule, bank or
setting at its next page run, without a restart."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from content.watched import Watched
from quizzes import loader as quiz_loader
from rules.loader import default_content_dir as rules_dir
from ui import content


def _touch_later(path: Path) -> None:
    """The file's new time, a second on: file times tick coarsely, and a test must not hang on that."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_unchanged_files_are_not_parsed_again(tmp_path):
    (tmp_path / "a.yaml").write_text("x: 1\n", encoding="utf-8")
    builds: list[int] = []
    watched = Watched(lambda: builds.append(1) or len(builds), lambda: (tmp_path,))
    assert [watched(), watched(), watched()] == [1, 1, 1]


def test_an_edited_added_or_removed_file_is_parsed_again(tmp_path):
    first = tmp_path / "a.yaml"
    first.write_text("x: 1\n", encoding="utf-8")
    watched = Watched(lambda: sorted(p.read_text() for p in tmp_path.glob("*.yaml")), lambda: (tmp_path,))
    assert watched() == ["x: 1\n"]
    first.write_text("x: 2\n", encoding="utf-8")
    _touch_later(first)
    assert watched() == ["x: 2\n"]
    (tmp_path / "b.yaml").write_text("y: 1\n", encoding="utf-8")
    assert watched() == ["x: 2\n", "y: 1\n"]
    first.unlink()
    assert watched() == ["y: 1\n"]


def test_a_failed_parse_is_not_kept_so_the_mended_file_loads(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("broken\n", encoding="utf-8")

    def build() -> str:
        text = path.read_text(encoding="utf-8")
        if text.startswith("broken"):
            raise ValueError(text)
        return text

    watched = Watched(build, lambda: (path,))
    with pytest.raises(ValueError):
        watched()
    with pytest.raises(ValueError):
        watched()  # tried again, not a remembered result
    path.write_text("mended\n", encoding="utf-8")
    assert watched() == "mended\n"


@pytest.fixture
def rules_copy(tmp_path, monkeypatch) -> Path:
    copy = Path(shutil.copytree(rules_dir(), tmp_path / "rules"))
    monkeypatch.setattr(content, "default_content_dir", lambda: copy)
    yield copy
    content.rulebook_state.clear()


def test_an_edited_rule_title_shows_at_the_next_page_run_without_a_restart(rules_copy):
    before = content.rulebook_state().rulebook
    assert before is not None
    assert content.rulebook_state().rulebook is before  # parsed once
    path = rules_copy / "address.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("以先生、女士敬称", "以先生、女士相称"), encoding="utf-8"
    )
    _touch_later(path)
    after = content.rulebook_state().rulebook
    assert after is not None
    assert after.by_id["address.sir_or_madam_with_surname"].title.zh.startswith("以先生、女士相称")
    assert after.version_label != before.version_label  # certificates see a new rulebook version


def test_a_broken_edit_is_reported_and_mending_it_brings_the_rules_back(rules_copy):
    path = rules_copy / "address.yaml"
    good = path.read_text(encoding="utf-8")
    path.write_text(good + "  - id: [\n", encoding="utf-8")
    broken = content.rulebook_state()
    assert broken.rulebook is None and broken.errors
    assert broken.errors[0].path.name == "address.yaml"
    path.write_text(good, encoding="utf-8")
    _touch_later(path)
    assert content.rulebook_state().rulebook is not None


def test_an_edited_quiz_bank_shows_without_a_restart(tmp_path, monkeypatch):
    copy = Path(shutil.copytree(quiz_loader.default_content_dir(), tmp_path / "quizzes"))
    monkeypatch.setattr(quiz_loader, "default_content_dir", lambda: copy)
    rulebook = content.rulebook_state().rulebook
    assert rulebook is not None
    prompt = "前台电话响了。请按先后顺序排列接听的步骤："
    assert any(q.prompt.zh == prompt for q in quiz_loader.default_quiz_content(rulebook).pool)
    path = copy / "phone.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(prompt, "前台电话响起。请排出接听的先后步骤："),
        encoding="utf-8",
    )
    _touch_later(path)
    pool = quiz_loader.default_quiz_content(rulebook).pool
    assert any(q.prompt.zh == "前台电话响起。请排出接听的先后步骤：" for q in pool)
    assert not any(q.prompt.zh == prompt for q in pool)
