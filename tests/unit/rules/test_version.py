"""The version label records exactly which content a quiz, certificate or check was built on."""

from __future__ import annotations

import re
from pathlib import Path

from rules.loader import default_rulebook, load_rulebook


def test_version_label_is_declared_version_plus_content_hash() -> None:
    rulebook = default_rulebook()
    assert re.fullmatch(r"2026\.2\+[0-9a-f]{12}", rulebook.version_label)
    assert rulebook.version_label == f"{rulebook.version}+{rulebook.content_hash}"


def test_unchanged_copy_has_the_same_label(content_copy: Path) -> None:
    assert load_rulebook(content_copy).version_label == default_rulebook().version_label


def test_version_label_changes_when_content_bytes_change(content_copy: Path) -> None:
    phone = content_copy / "phone.yaml"
    phone.write_text(phone.read_text(encoding="utf-8") + "# reviewed\n", encoding="utf-8")
    changed = load_rulebook(content_copy)
    assert changed.version == default_rulebook().version
    assert changed.content_hash != default_rulebook().content_hash


def test_renaming_a_file_changes_the_hash(content_copy: Path) -> None:
    (content_copy / "phone.yaml").rename(content_copy / "telephone.yaml")
    assert load_rulebook(content_copy).content_hash != default_rulebook().content_hash


def test_files_other_than_yaml_do_not_count(content_copy: Path) -> None:
    (content_copy / "README.txt").write_text("notes", encoding="utf-8")
    assert load_rulebook(content_copy).content_hash == default_rulebook().content_hash
