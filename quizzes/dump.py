"""Every question of the pool as plain data, for reviewers and other tools (`python -m quizzes dump`).

Pure: a question becomes a JSON-ready mapping with `{site}` filled in where a centre is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from quizzes.model import CHOICE_KINDS, Question


def question_record(question: Question, site: str | None = None) -> dict[str, Any]:
    shown = question.with_site(site) if site else question
    record: dict[str, Any] = {
        "id": shown.id,
        "kind": shown.kind,
        "source": shown.origin,  # "bank" or "generated"
        "situation": shown.scene,  # a scene at the desk
        "rule_ids": list(shown.rules),
        "duties": list(shown.duties),
        "prompt": shown.prompt.model_dump(),
        "why": shown.why.model_dump(),
    }
    if shown.kind in CHOICE_KINDS:
        record["options"] = [
            {
                "zh": o.text.zh,
                "en": o.text.en,
                "correct": o.key in shown.correct,
                **({"why": o.why.model_dump()} if o.why else {}),
            }
            for o in shown.options
        ]
    if shown.kind == "true_false":
        record["answer"] = shown.answer
    if shown.judged:
        record["scenario"] = shown.scenario
        record["at"] = shown.at.isoformat() if shown.at else None
    return record


def dump(pool: Sequence[Question], site: str | None = None) -> list[dict[str, Any]]:
    return [question_record(q, site) for q in pool]
