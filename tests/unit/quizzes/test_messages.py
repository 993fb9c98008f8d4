"""Every refusal of the quiz service has a message in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import i18n
import quizzes

PACKAGE = Path(quizzes.__file__).parent


def used_keys() -> set[str]:
    service = "".join(p.read_text(encoding="utf-8") for p in sorted(PACKAGE.glob("service*.py")))
    grading = (PACKAGE / "grading.py").read_text(encoding="utf-8")
    keys = set(re.findall(r'"(quiz\.error\.[a-z_]+)"', service))
    keys |= {f"quiz.error.{reason}" for reason in ("in_progress", "certified", "no_attempts_left", "wait")}
    keys |= {f"quiz.error.answer_{code}" for code in re.findall(r'AnswerInvalid\("([a-z_]+)"\)', grading)}
    return keys


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_quiz_error_has_a_message(lang):
    keys = used_keys()
    assert len(keys) > 15
    assert sorted(k for k in keys if k not in i18n.catalogue(lang)) == []


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_kind_status_and_flag_has_a_label(lang):
    from quizzes.model import KINDS

    catalogue = i18n.catalogue(lang)
    assert all(f"quiz.kind.{k}" in catalogue for k in KINDS)
    assert all(f"quiz.cert.status.{s}" in catalogue for s in ("valid", "due", "expired", "none"))
    flags = ("too_hard", "too_easy", "low_discrimination", "negative_discrimination")
    assert all(f"quiz.training.flag.{f}" in catalogue for f in flags)
    assert "quiz.training.no_discrimination" in catalogue  # a discrimination not yet computable, in words
