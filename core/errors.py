"""Domain errors carry an i18n key and parameters, so each caller shows them in the user's language."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A refusal the user can act on. `key` is an i18n catalogue key; `params` fill its placeholders."""

    def __init__(self, key: str, field: str | None = None, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.field = field
        self.params = params

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.key!r}, field={self.field!r}, {self.params!r})"


class ValidationFailed(DomainError):
    """Input that breaks a rule (too short, empty, duplicate ...)."""


class PermissionDenied(DomainError):
    """The acting user's role or sites do not allow this action."""


class NotFound(DomainError):
    """The record asked for does not exist (or is not visible to the actor)."""


class AuthenticationFailed(DomainError):
    """Login refused: wrong credentials, locked or deactivated account."""


class TryAgain(DomainError):
    """Nothing was saved, through nobody's mistake: the database was busy, or another desk saved the
    same thing at the same moment. The user tries again (a moment later, or after reloading)."""
