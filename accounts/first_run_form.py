"""The first-run form's checks, all at once: a newcomer setting up sees every problem in one go rather
than one per try. The same cleaners as the service, so the page and the service never disagree."""

from __future__ import annotations

from collections.abc import Callable

from core import passwords
from core.errors import DomainError, ValidationFailed
from core.validation import clean_display_name, clean_site_name, clean_timezone, clean_username


def _mismatch(password: str, confirm: str) -> None:
    if password != confirm:
        raise ValidationFailed("error.password_mismatch", field="password_confirm")


def first_run_problems(
    *, site_name: str, timezone: str, username: str, display_name: str, password: str, password_confirm: str
) -> list[DomainError]:
    """Every refusal the form would meet, in the order of its fields."""
    checks: list[Callable[[], object]] = [
        lambda: clean_site_name(site_name),
        lambda: clean_timezone(timezone),
        lambda: clean_username(username),
        lambda: clean_display_name(display_name),
        lambda: passwords.check_policy(password),
        lambda: _mismatch(password, password_confirm),
    ]
    found: list[DomainError] = []
    for check in checks:
        try:
            check()
        except DomainError as exc:
            found.append(exc)
    return found
