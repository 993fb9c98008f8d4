"""Spaced practice per person and rule, scheduled by FSRS (the `fsrs` package). Pure: `now` comes in.

A rule's memory is an FSRS card: a right answer is rated Good, a wrong one Again (a quiz answer, a
practice answer and the phone drill all count). Fuzzing is off, so the same reviews at the same
moments always give the same schedule. The practice page serves the rules that are due first (the
longest overdue first), then rules never practised (in rulebook order), then the rest by due time.
A rule answered wrong `leech_failures` times is a leech: managers see it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Literal

from fsrs import Card, Rating, Scheduler, State

from quizzes.model import SpacingSpec

Status = Literal["due", "new", "later"]


@dataclass(frozen=True)
class Memory:
    """What is stored per person and rule."""

    rule_id: str
    state: int  # fsrs.State: 1 learning, 2 review, 3 relearning
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None
    reviews: int = 0
    failures: int = 0  # answers rated Again
    lapses: int = 0  # forgotten after it had been learnt (Again in review)


@dataclass(frozen=True)
class Slot:
    rule_id: str
    status: Status
    due: datetime | None


@lru_cache(maxsize=8)
def scheduler(settings: SpacingSpec) -> Scheduler:
    return Scheduler(
        desired_retention=settings.desired_retention,
        maximum_interval=settings.maximum_interval_days,
        enable_fuzzing=False,
    )


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("pass an aware datetime")
    return moment.astimezone(UTC)


def new_memory(rule_id: str, now: datetime) -> Memory:
    return Memory(rule_id, State.Learning.value, 0, None, None, _utc(now), None)


def _card(memory: Memory) -> Card:
    return Card(
        card_id=1,  # not used: one card per stored row
        state=State(memory.state),
        step=memory.step,
        stability=memory.stability,
        difficulty=memory.difficulty,
        due=_utc(memory.due),
        last_review=_utc(memory.last_review) if memory.last_review else None,
    )


def review(
    memory: Memory | None, rule_id: str, correct: bool, now: datetime, settings: SpacingSpec
) -> Memory:
    """The memory after one answer on the rule at `now`."""
    current = memory or new_memory(rule_id, now)
    rating = Rating.Good if correct else Rating.Again
    card, _ = scheduler(settings).review_card(_card(current), rating, review_datetime=_utc(now))
    lapsed = not correct and current.state == State.Review.value
    return replace(
        current,
        state=card.state.value,
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
        reviews=current.reviews + 1,
        failures=current.failures + (0 if correct else 1),
        lapses=current.lapses + (1 if lapsed else 0),
    )


def retrievability(memory: Memory, now: datetime, settings: SpacingSpec) -> float:
    """The predicted chance of recalling the rule now (0 when never reviewed)."""
    return float(scheduler(settings).get_card_retrievability(_card(memory), _utc(now)))


def is_leech(memory: Memory, settings: SpacingSpec) -> bool:
    return memory.failures >= settings.leech_failures


def practice_order(rule_ids: Sequence[str], memories: Mapping[str, Memory], now: datetime) -> list[Slot]:
    """Every rule, due ones first (longest overdue first), then new ones, then the rest by due time."""
    now = _utc(now)
    due, new, later = [], [], []
    for rule_id in rule_ids:
        memory = memories.get(rule_id)
        if memory is None:
            new.append(Slot(rule_id, "new", None))
        elif _utc(memory.due) <= now:
            due.append(Slot(rule_id, "due", _utc(memory.due)))
        else:
            later.append(Slot(rule_id, "later", _utc(memory.due)))
    due.sort(key=lambda s: s.due or now)
    later.sort(key=lambda s: s.due or now)
    return [*due, *new, *later]


def interval(memory: Memory, now: datetime) -> timedelta:
    """How long until the rule is due again (negative when overdue)."""
    return _utc(memory.due) - _utc(now)
