"""How a desk request goes, decided with one `random.Random`: pure (no database, no clock).

A repair is dispatched, accepted (sometimes held, transferred), finished and called back; a complaint
is verified, judged by the manager in office hours and replied to; an inquiry is answered on the spot
or later. Some run late, a few owners are unhappy and the work is done again. Every story is a legal
path through the desk's state machine (tests/unit/demo).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import pairwise

from demo import texts
from demo.plan import Household, minutes, office_hours, weighted


@dataclass(frozen=True)
class Step:
    """One thing that happens to a request: a desk action, or a callback with its rating."""

    at: datetime
    action: str  # a desk.workflow.Action value, or "callback"
    by: str = "desk"  # desk: whoever is on duty; manager
    note: str = ""
    department: str | None = None
    satisfaction: int | None = None


@dataclass(frozen=True)
class RequestStory:
    received_at: datetime
    kind: str
    category: str
    urgency: str
    channel: str
    household: Household
    content: str
    answered_on_spot: bool = False
    department: str | None = None  # dispatched at intake
    steps: tuple[Step, ...] = field(default_factory=tuple)


KIND_WEIGHTS = (("repair", 50), ("inquiry", 35), ("complaint", 15))


def request_hour(rng: random.Random) -> float:
    """Owners call and walk in mostly in office hours, with morning and afternoon peaks."""
    slot = rng.choices((7, 9, 11, 14, 16, 18, 20), weights=(4, 20, 14, 18, 18, 14, 8))[0]
    return slot + rng.uniform(0, 2)


def _rating(rng: random.Random, unhappy: float) -> int:
    roll = rng.random()
    if roll < unhappy:
        return rng.choice((1, 2))
    if roll < unhappy + 0.08:
        return 3
    return 5 if rng.random() < 0.68 else 4


def _callback_note(rating: int, rng: random.Random) -> str:
    if rating <= 2:
        return rng.choice(texts.CALLBACK_BAD)
    return rng.choice(texts.CALLBACK_OK if rating == 3 else texts.CALLBACK_GOOD)


def plan_request(
    rng: random.Random,
    received_at: datetime,
    household: Household,
    departments: dict[str, str],
    timezone: str,
    kind: str | None = None,
) -> RequestStory:
    """A request and everything that happens to it. `departments`: category -> its department."""
    kind = kind or weighted(rng, KIND_WEIGHTS)
    channel = weighted(rng, texts.CHANNEL_WEIGHTS)
    if kind == "repair":
        return _repair(rng, received_at, household, departments, channel)
    if kind == "complaint":
        return _complaint(rng, received_at, household, departments, channel, timezone)
    return _inquiry(rng, received_at, household, departments, channel)


def _repair(rng, t0, household, departments, channel) -> RequestStory:  # type: ignore[no-untyped-def]
    urgent = rng.random() < 0.12
    if urgent:
        category = rng.choice(sorted(texts.URGENT_REPAIRS))
        content = rng.choice(texts.URGENT_REPAIRS[category])
    else:
        category = rng.choice(sorted(texts.REPAIRS))
        content = rng.choice(texts.REPAIRS[category])
    department = departments[category]
    steps: list[Step] = []
    at_intake = rng.random() < 0.5
    t = t0 if at_intake else t0 + minutes(rng, 5, 30)
    if not at_intake:
        steps.append(Step(t, "dispatch", department=department))
    if rng.random() < 0.02:
        steps.append(Step(t + minutes(rng, 60, 300), "void", note=rng.choice(texts.VOID_REASONS)))
        return _story(
            t0, "repair", category, urgent, channel, household, content, at_intake, department, steps
        )
    if not urgent and rng.random() < 0.04:
        t += minutes(rng, 20, 60)
        steps.append(Step(t, "hold", note=rng.choice(texts.HOLD_REASONS)))
        t += timedelta(hours=rng.uniform(16, 26))
        steps.append(Step(t, "resume"))
    t += minutes(rng, 5, 25) if urgent else minutes(rng, 10, 90)
    steps.append(Step(t, "accept"))
    if not urgent and rng.random() < 0.05:
        t += minutes(rng, 60, 180)
        other = rng.choice(sorted({"engineering", "cleaning", "greening", "service_centre"} - {department}))
        steps.append(Step(t, "transfer", note=rng.choice(texts.TRANSFER_REASONS), department=other))
        t += minutes(rng, 15, 60)
        steps.append(Step(t, "accept"))
    if urgent:
        late = rng.random() < 0.1
        t = t0 + timedelta(hours=rng.uniform(4.5, 7)) if late else t + minutes(rng, 20, 150)
    else:
        late = rng.random() < 0.12
        hold = sum(((b.at - a.at) for a, b in pairwise(steps) if a.action == "hold"), timedelta())
        t = (
            t0 + hold + timedelta(hours=rng.uniform(25, 40))
            if late
            else t + timedelta(hours=rng.uniform(1, 18))
        )
    steps.append(Step(t, "finish"))
    steps += _callbacks(rng, t, redo=("accept", "finish"), unhappy=0.04)
    return _story(t0, "repair", category, urgent, channel, household, content, at_intake, department, steps)


def _complaint(rng, t0, household, departments, channel, timezone) -> RequestStory:  # type: ignore[no-untyped-def]
    category = rng.choice(sorted(texts.COMPLAINTS))
    content = rng.choice(texts.COMPLAINTS[category])
    urgent = rng.random() < 0.1
    t = t0 + minutes(rng, 15, 50 if urgent else 120)
    steps = [Step(t, "verify")]
    t = office_hours(t + minutes(rng, 30, 300), timezone)
    if rng.random() < 0.3:
        steps.append(Step(t, "judge_invalid", by="manager", note=rng.choice(texts.INVALID_REASONS)))
    else:
        steps.append(Step(t, "judge_valid", by="manager", note=rng.choice(texts.VALID_REASONS)))
        if rng.random() < 0.4:
            t += minutes(rng, 10, 60)
            steps.append(Step(t, "dispatch", department=departments[category]))
        limit = 24 if urgent else 48
        late = rng.random() < 0.1
        t = (
            t0 + timedelta(hours=rng.uniform(limit + 2, limit + 20))
            if late
            else t + timedelta(hours=rng.uniform(2, limit * 0.6))
        )
        steps.append(Step(t, "reply", note=rng.choice(texts.REPLY_NOTES)))
    steps += _callbacks(rng, t, redo=("reply",), unhappy=0.06)
    return _story(t0, "complaint", category, urgent, channel, household, content, False, None, steps)


def _inquiry(rng, t0, household, departments, channel) -> RequestStory:  # type: ignore[no-untyped-def]
    category = rng.choice(sorted(texts.INQUIRIES))
    content = rng.choice(texts.INQUIRIES[category])
    if rng.random() < 0.6:
        return _story(t0, "inquiry", category, False, channel, household, content, True, None, [])
    steps = []
    t = t0
    if rng.random() < 0.5:
        t += minutes(rng, 5, 30)
        steps.append(Step(t, "forward", department=departments[category]))
    late = rng.random() < 0.1
    t = t0 + timedelta(hours=rng.uniform(8.5, 14)) if late else t + minutes(rng, 20, 400)
    steps.append(Step(t, "answer", note=rng.choice(texts.ANSWER_NOTES)))
    return _story(t0, "inquiry", category, False, channel, household, content, False, None, steps)


def _callbacks(rng: random.Random, t: datetime, redo: tuple[str, ...], unhappy: float) -> list[Step]:
    """The callback; an unhappy owner reopens the work, which is done again and called back again."""
    t += timedelta(hours=rng.uniform(2, 30))
    rating = _rating(rng, unhappy)
    steps = [Step(t, "callback", note=_callback_note(rating, rng), satisfaction=rating)]
    if rating <= 2:
        for action in redo:
            t += timedelta(hours=rng.uniform(1, 10))
            steps.append(Step(t, action, note=rng.choice(texts.REPLY_NOTES) if action == "reply" else ""))
        t += timedelta(hours=rng.uniform(2, 24))
        steps.append(
            Step(t, "callback", note=rng.choice(texts.CALLBACK_GOOD), satisfaction=rng.choice((4, 5)))
        )
    return steps


def _story(t0, kind, category, urgent, channel, household, content, flag, department, steps) -> RequestStory:  # type: ignore[no-untyped-def]
    return RequestStory(
        received_at=t0, kind=kind, category=category, urgency="urgent" if urgent else "normal",
        channel=channel, household=household, content=content,
        answered_on_spot=bool(flag) and kind == "inquiry",
        department=department if flag and kind == "repair" else None, steps=tuple(steps),
    )  # fmt: skip
