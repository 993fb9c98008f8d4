"""Run one action many times at once, from threads or from separate processes, and collect the answers.

A process builds its own engine on the same database, as a second desk PC or a second server
process would. Every worker waits at a barrier so that all of them reach the database together.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any

from core.errors import DomainError
from services import Services, build_services
from store.db import make_engine

WAIT = 300  # seconds a worker waits for the others; generous, a busy machine is slow to spawn


def _login(services: Services, i: int, username: str, password: str) -> Any:
    return services.accounts.authenticate(username, password).user_id


def _hand_over(services: Services, i: int, actor: Any, site: int, to_user: int) -> Any:
    return services.cash.hand_over(actor, site, to_user=to_user, counted_cash="100")


def _dispatch(services: Services, i: int, actor: Any, request_id: int) -> Any:
    return services.desk.act(actor, request_id, "dispatch", department="engineering")


def _approve_or_reject(services: Services, i: int, actor: Any, renovation_id: int) -> Any:
    action = "approve" if i % 2 else "reject"
    return action, services.renovation.act(actor, renovation_id, action, note="资料不全")


def _start_quiz(services: Services, i: int, actor: Any, blueprint: str) -> Any:
    from rules.loader import default_rulebook

    return services.quizzes.start(actor, default_rulebook(), blueprint)


TASKS: dict[str, Callable[..., Any]] = {
    "login": _login,
    "hand_over": _hand_over,
    "dispatch": _dispatch,
    "approve_or_reject": _approve_or_reject,
    "start_quiz": _start_quiz,
}


def _attempt(services: Services, task: str, i: int, args: tuple[Any, ...]) -> tuple[str, Any]:
    try:
        return "ok", TASKS[task](services, i, *args)
    except DomainError as exc:
        return "refused", exc.key


def _in_process(url: str, now: datetime, task: str, i: int, args: tuple, barrier, results) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(url)
    services = build_services(engine, lambda: now)
    try:
        barrier.wait(WAIT)
        results.put((i, _attempt(services, task, i, args)))
    except Exception as exc:  # reported to the test, which fails on it
        results.put((i, ("error", repr(exc))))
    finally:
        engine.dispose()


def in_threads(services: Services, task: str, n: int, *args: Any) -> list[tuple[str, Any]]:
    barrier = threading.Barrier(n)

    def one(i: int) -> tuple[str, Any]:
        barrier.wait(WAIT)
        return _attempt(services, task, i, args)

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(one, range(n)))


# Workers are forked from one server process that has imported the app once (never from the test process
# itself, whose threads and open connections a fork would copy): starting six workers costs no imports.
_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["services", "tests.integration.race_warmup", __name__])


def in_processes(url: str, now: datetime, task: str, n: int, *args: Any) -> list[tuple[str, Any]]:
    ctx = _CONTEXT
    barrier, results = ctx.Barrier(n), ctx.Queue()
    workers = [
        ctx.Process(target=_in_process, args=(url, now, task, i, args, barrier, results)) for i in range(n)
    ]
    for worker in workers:
        worker.start()
    answers = dict(results.get(timeout=WAIT * 2) for _ in workers)
    for worker in workers:
        worker.join(WAIT)
    return [answers[i] for i in range(n)]
