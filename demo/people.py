"""Who works at the demo centre: usernames, names, genders, roles and how diligent each one is. Pure."""

from __future__ import annotations

import random
from dataclasses import dataclass

from demo import texts

DEMO_PASSWORD = "demo-pass-2026"
USER_PREFIX = "demo."
MANAGER = "demo.manager"


@dataclass(frozen=True)
class DemoPerson:
    username: str
    display_name: str
    gender: str
    role: str  # manager / staff / trainee
    # How this person behaves: the share of check items they fail, of checks they do late or skip,
    # and of quiz questions they get right.
    fail_rate: float = 0.0
    late_rate: float = 0.0
    miss_rate: float = 0.0
    skill: float = 0.9


def trainee_count(staff: int) -> int:
    return max(1, round(staff / 4))


def demo_people(staff: int, rng: random.Random) -> tuple[DemoPerson, ...]:
    """The manager first, then staff (alternating female, male), then trainees. Names never repeat."""
    used: set[str] = set()

    def name(gender: str) -> str:
        pool = texts.GIVEN_FEMALE if gender == "female" else texts.GIVEN_MALE
        while True:
            candidate = rng.choice(texts.SURNAMES) + rng.choice(pool)
            if candidate not in used:
                used.add(candidate)
                return candidate

    people = [DemoPerson(MANAGER, name("female"), "female", "manager", skill=0.97)]
    for n in range(1, staff + 1):
        gender = "female" if n % 2 else "male"
        # Most staff are reliable; every fourth one is sloppier, so the dashboards have someone to find.
        sloppy = n % 4 == 0
        people.append(
            DemoPerson(
                username=f"{USER_PREFIX}staff{n}",
                display_name=name(gender),
                gender=gender,
                role="staff",
                fail_rate=0.04 if sloppy else rng.uniform(0.003, 0.012),
                late_rate=0.15 if sloppy else rng.uniform(0.02, 0.06),
                miss_rate=0.08 if sloppy else rng.uniform(0.0, 0.03),
                skill=rng.uniform(0.8, 0.95),
            )
        )
    for n in range(1, trainee_count(staff) + 1):
        gender = "male" if n % 2 else "female"
        people.append(
            DemoPerson(
                username=f"{USER_PREFIX}trainee{n}",
                display_name=name(gender),
                gender=gender,
                role="trainee",
                skill=rng.uniform(0.65, 0.85),
            )
        )
    return tuple(people)
