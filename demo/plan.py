"""What happens at the demo centre, decided with one `random.Random`: pure (no database, no clock).

The loader asks these functions what a day brings (who is on which shift, when each person does their
checks and what they answer; how each request goes is planned in demo.request_plan) and then performs
every step through the real services, with the clock moved to the step's moment. Times are aware UTC
datetimes; local times are the site's.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
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


def office_hours(moment: datetime, timezone: str) -> datetime:
    """A manager decides in office hours (09:00-18:00 at the site): the next such moment."""
    local = moment.astimezone(ZoneInfo(timezone))
    if 9 <= local.hour < 18:
        return moment
    day = local.date() if local.hour < 9 else local.date() + timedelta(days=1)
    return at_local(day, 9 + (local.minute % 50) / 60, timezone)


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
