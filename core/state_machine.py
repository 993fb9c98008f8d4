"""A small state machine as data: {state: {action: next state}}, final states, and a void step
allowed from every unfinished state. An illegal step is refused naming the allowed ones."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Generic, TypeVar

from core.errors import ValidationFailed

S = TypeVar("S", bound=StrEnum)
A = TypeVar("A", bound=StrEnum)


class StateMachine(Generic[S, A]):
    def __init__(
        self,
        name: str,
        table: Mapping[S, Mapping[A, S]],
        final: frozenset[S],
        void: tuple[A, S],
        error_key: str,
    ) -> None:
        self.name = name
        self._table = table
        self._final = final
        self._void_action, self._void_state = void
        self._error_key = error_key

    def state(self, value: str) -> S:
        """A stored status as one of this machine's states (they are all of one enum, the void one's)."""
        return type(self._void_state)(value)

    def allowed(self, status: S) -> tuple[A, ...]:
        """What may be done now, in a stable order (pages show these as choices)."""
        if status in self._final:
            return ()
        return (*self._table.get(status, {}), self._void_action)

    def step(self, status: S, action: A) -> S:
        allowed = self.allowed(status)
        if action not in allowed:
            raise ValidationFailed(
                self._error_key,
                field="action",
                machine=self.name,
                state=status.value,
                step=action.value,
                steps=",".join(a.value for a in allowed),
            )
        if action == self._void_action:
            return self._void_state
        return self._table[status][action]
