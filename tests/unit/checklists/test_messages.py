"""Every refusal the shift-check code can raise has a message in both languages."""

import re
from pathlib import Path

import pytest

import checklists
import i18n

SOURCES = "\n".join(p.read_text(encoding="utf-8") for p in Path(checklists.__file__).parent.glob("*.py"))


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_error_key_of_the_checklists_has_a_message(lang):
    keys = set(re.findall(r'"((?:checks\.)?error\.[a-z_]+)"', SOURCES))
    assert "checks.error.already_submitted" in keys
    assert sorted(k for k in keys if k not in i18n.catalogue(lang)) == []


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_state_answer_kind_and_status_has_a_label(lang):
    from checklists.actions import State
    from checklists.scoring import Answer
    from checklists.shifts import Kind, SlotStatus

    cat = i18n.catalogue(lang)
    keys = [f"checks.state.{s}" for s in State] + [f"checks.move.{s}" for s in State if s != State.OPEN]
    keys += [f"checks.answer.{a}" for a in Answer] + [f"checks.kind.{k}" for k in Kind]
    keys += [f"checks.status.{s}" for s in SlotStatus] + [f"checks.weekday.{d}" for d in range(7)]
    assert [k for k in keys if k not in cat] == []
