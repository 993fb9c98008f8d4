"""How repeated wrong logins are slowed down: a growing wait, per username and per client address.

A fixed lock (five wrong passwords, fifteen minutes) let anyone who knew a colleague's username shut
them out at will. Instead each failure past a few free ones doubles the wait before the next try,
up to a ceiling, and a quiet spell forgets the count. The same applies to names that do not exist,
so the answer never reveals which usernames do. A wait is enforced by refusing ("try again in
N seconds"), never by sleeping in the server. Pure: the caller passes `now`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Policy:
    free_failures: int  # wrong attempts before the first wait
    first_wait: timedelta
    max_wait: timedelta
    forget_after: timedelta  # this long without a failure starts a fresh count


# One person mistyping: three tries, then 5 s, 10 s, 20 s ... at most 5 minutes.
PER_USERNAME = Policy(3, timedelta(seconds=5), timedelta(minutes=5), timedelta(hours=1))
# One desk PC (or one office behind one address) is shared by many people, so it gets more slack;
# it stops one machine from trying password after password across every username.
PER_ADDRESS = Policy(20, timedelta(seconds=5), timedelta(minutes=5), timedelta(hours=1))


@dataclass(frozen=True)
class Throttle:
    failures: int = 0
    last_failure: datetime | None = None
    blocked_until: datetime | None = None


def current(state: Throttle, now: datetime, policy: Policy) -> Throttle:
    """The state as it stands at `now`: after a quiet spell the count starts afresh."""
    if state.last_failure is not None and now - state.last_failure >= policy.forget_after:
        return Throttle()
    return state


def wait_seconds(state: Throttle, now: datetime) -> int:
    """Whole seconds, rounded up, before the next try is allowed; 0 when it is allowed now."""
    if state.blocked_until is None or now >= state.blocked_until:
        return 0
    return max(1, math.ceil((state.blocked_until - now).total_seconds()))


def after_failure(state: Throttle, now: datetime, policy: Policy) -> Throttle:
    """One more wrong attempt; from the free allowance on, each doubles the wait."""
    failures = current(state, now, policy).failures + 1
    if failures < policy.free_failures:
        return Throttle(failures, now, None)
    wait = min(policy.first_wait * 2 ** (failures - policy.free_failures), policy.max_wait)
    return Throttle(failures, now, now + wait)


def after_success(state: Throttle, now: datetime, policy: Policy) -> Throttle:
    """Take back the failure counted for an attempt that turned out right.

    Each attempt is counted as a failure before the password is checked, so parallel guesses cannot
    all slip through one check; a right password then takes its own count back. For a username the
    caller clears the count instead; this is for the client address, whose other failures stand.
    """
    state = current(state, now, policy)
    failures = max(state.failures - 1, 0)
    if failures < policy.free_failures:
        return Throttle(failures, state.last_failure if failures else None, None)
    return Throttle(failures, state.last_failure, state.blocked_until)
