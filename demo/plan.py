"""What happens at the demo centre, decided with one `random.Random`: pure (no database, no clock).

The loader asks these functions what a day brings (who is on which shift, when each person does their
checks and what they answer, which requests come in and how each one goes) and then performs every
step through the real services, with the clock moved to the step's moment. Times are aware UTC
datetimes; local times are the site's.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from demo import texts

CRITICAL = "critical"


def weighted(rng: random.Random, pairs: Sequence[tuple[str, int]]) -> str:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def minutes(rng: random.Random, low: float, high: float) -> timedelta:
    return timedelta(minutes=rng.uniform(low, high))


def at_local(day: date, hour: float, timezone: str) -> datetime:
    """`hour` o'clock (fractions are minutes) on `day` at the site, as a UTC instant."""
    start = datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(timezone))
    return (start + timedelta(hours=hour)).astimezone(ZoneInfo("UTC"))


# --- people and households -------------------------------------------------------------------------


def phone_number(rng: random.Random) -> str:
    return rng.choice(("138", "139", "135", "186", "158", "177", "150")) + f"{rng.randrange(10**8):08d}"


ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(rng: random.Random) -> str:
    """A well-formed resident ID number (region, birth date, sequence, check character)."""
    region = rng.choice(("110105", "310104", "440106", "330106", "510107", "420102"))
    born = date(rng.randint(1965, 2000), rng.randint(1, 12), rng.randint(1, 28))
    first17 = f"{region}{born:%Y%m%d}{rng.randrange(1000):03d}"
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


def person_name(rng: random.Random, gender: str | None = None) -> str:
    gender = gender or rng.choice(("female", "male"))
    pool = texts.GIVEN_FEMALE if gender == "female" else texts.GIVEN_MALE
    return rng.choice(texts.SURNAMES) + rng.choice(pool)


@dataclass(frozen=True)
class Household:
    unit: str
    owner: str
    phone: str
    family: str | None = None  # a household member or tenant on record too
    family_phone: str = ""
    relation: str = "family"


def unit_codes(rng: random.Random, count: int, taken: set[str] | None = None) -> list[str]:
    """Distinct unit codes such as 3-2-1201 (building-unit-room)."""
    taken = set(taken or ())
    out = []
    while len(out) < count:
        code = (
            f"{rng.randint(1, texts.BUILDINGS)}-{rng.randint(1, texts.UNITS_PER_BUILDING)}-"
            f"{rng.randint(2, texts.FLOORS)}{rng.randint(1, texts.ROOMS_PER_FLOOR):02d}"
        )
        if code not in taken:
            taken.add(code)
            out.append(code)
    return out


def households(rng: random.Random, count: int) -> list[Household]:
    out = []
    for code in unit_codes(rng, count):
        family = person_name(rng) if rng.random() < 0.3 else None
        out.append(
            Household(
                unit=code,
                owner=person_name(rng),
                phone=phone_number(rng),
                family=family,
                family_phone=phone_number(rng) if family else "",
                relation="tenant" if family and rng.random() < 0.3 else "family",
            )
        )
    return out


# --- the roster ------------------------------------------------------------------------------------


def roster(day_index: int, staff: int, shift_ids: Sequence[str]) -> dict[str, tuple[int, ...]]:
    """Which staff (0-based) work which shift on a day. Each person has two days off a week, staggered,
    and keeps one shift for a week; shifts rotate morning -> night -> middle, so nobody starts a
    morning shift straight after a night."""
    week = day_index // 7
    crews: dict[str, list[int]] = {s: [] for s in shift_ids}
    for person in range(staff):
        if (day_index + person) % 7 in (0, 1):
            continue
        shift = shift_ids[(person + 2 * week) % len(shift_ids)]
        crews[shift].append(person)
    return {s: tuple(people) for s, people in crews.items()}


# --- shift checks ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckItem:
    rule_id: str
    severity: str


def check_moment(
    rng: random.Random, anchor: datetime, *, start: bool, late_rate: float, miss_rate: float
) -> datetime | None:
    """When a person does a start (anchor: shift start) or end check (anchor: shift end); None: missed."""
    if rng.random() < miss_rate:
        return None
    if rng.random() < late_rate:
        return anchor + minutes(rng, 20, 100)
    return anchor + (minutes(rng, -25, 12) if start else minutes(rng, -30, 10))


def check_answers(
    rng: random.Random, items: Sequence[CheckItem], fail_rate: float, *, spot_of: dict[str, str] | None = None
) -> tuple[dict[str, str], dict[str, str]]:
    """Answers and notes keyed by rule id: mostly pass; a failed item always has a note; critical items
    pass. A spot check (`spot_of`: the person's own answers) mostly agrees, sometimes finds more."""
    answers: dict[str, str] = {}
    notes: dict[str, str] = {}
    for item in items:
        if item.severity == CRITICAL:
            answers[item.rule_id] = "pass"
            continue
        if spot_of is not None:
            own = spot_of.get(item.rule_id, "pass")
            failed = own == "fail" or rng.random() < fail_rate + 0.02
        else:
            failed = rng.random() < fail_rate
        if failed:
            answers[item.rule_id] = "fail"
            notes[item.rule_id] = (
                rng.choice(texts.SPOT_NOTES)
                if spot_of is not None
                else texts.CHECK_NOTES.get(item.rule_id, texts.CHECK_NOTE_DEFAULT)
            )
        else:
            answers[item.rule_id] = "na" if rng.random() < 0.004 else "pass"
    return answers, notes


@dataclass(frozen=True)
class ActionMove:
    at: datetime
    by: str  # owner / manager
    target: str  # in_progress / done / verified
    note: str = ""


def action_moves(rng: random.Random, opened_at: datetime, timezone: str) -> tuple[ActionMove, ...]:
    """What happens to a corrective action: most are fixed and verified, some sent back once, a few left
    open (they show as overdue)."""
    roll = rng.random()
    if roll < 0.1:
        return ()
    moves = []
    t = opened_at
    if roll < 0.75:
        t += timedelta(hours=rng.uniform(0.5, 4))
        moves.append(ActionMove(t, "owner", "in_progress"))
    t += timedelta(hours=rng.uniform(1, 16))
    moves.append(ActionMove(t, "owner", "done", rng.choice(texts.ACTION_NOTES)))
    if rng.random() < 0.1:
        return tuple(moves)  # done, waiting for a manager
    t = office_hours(t + timedelta(hours=rng.uniform(2, 20)), timezone)
    if rng.random() < 0.1:
        moves.append(ActionMove(t, "manager", "in_progress", rng.choice(texts.SEND_BACK_NOTES)))
        t += timedelta(hours=rng.uniform(2, 8))
        moves.append(ActionMove(t, "owner", "done", rng.choice(texts.ACTION_NOTES)))
        t = office_hours(t + timedelta(hours=rng.uniform(2, 20)), timezone)
    moves.append(ActionMove(t, "manager", "verified"))
    return tuple(moves)


# --- desk requests ---------------------------------------------------------------------------------


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


def office_hours(moment: datetime, timezone: str) -> datetime:
    """A manager decides in office hours (09:00-18:00 at the site): the next such moment."""
    local = moment.astimezone(ZoneInfo(timezone))
    if 9 <= local.hour < 18:
        return moment
    day = local.date() if local.hour < 9 else local.date() + timedelta(days=1)
    return at_local(day, 9 + (local.minute % 50) / 60, timezone)


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


# --- quizzes ---------------------------------------------------------------------------------------


def quiz_wrong_positions(
    rng: random.Random, critical: Sequence[bool], will_pass: bool, skill: float
) -> set[int]:
    """Which questions (by position) a taker gets wrong. A pass stays at 80 % or above with every
    critical question right; a fail is a low score or one critical slip."""
    n = len(critical)
    ordinary = [i for i in range(n) if not critical[i]]
    if will_pass:
        budget = int(n * 0.2)
        wrong = [i for i in ordinary if rng.random() > skill]
        return set(wrong[:budget])
    if any(critical) and rng.random() < 0.4:
        return {rng.choice([i for i in range(n) if critical[i]])}
    target = max(int(n * 0.2) + 1, round(n * rng.uniform(0.25, 0.4)))
    return set(rng.sample(ordinary, min(target, len(ordinary))))
