"""Field rules for accounts and sites, shared by every form and command."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from core.errors import ValidationFailed

USERNAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{2,31}$")
GENDERS = ("male", "female")
LANGUAGES = ("zh", "en")
DEFAULT_TIMEZONE = "Asia/Shanghai"


def clean_username(value: str) -> str:
    username = (value or "").strip().lower()
    if not username:
        raise ValidationFailed("error.username_empty", field="username")
    if not USERNAME_RE.match(username):
        raise ValidationFailed("error.username_format", field="username")
    return username


def clean_display_name(value: str) -> str:
    name = (value or "").strip()
    if not name:
        raise ValidationFailed("error.display_name_empty", field="display_name")
    if len(name) > 50:
        raise ValidationFailed("error.too_long", field="display_name", max=50)
    return name


def clean_gender(value: str) -> str:
    if value not in GENDERS:
        raise ValidationFailed("error.gender_invalid", field="gender")
    return value


def clean_language(value: str) -> str:
    if value not in LANGUAGES:
        raise ValidationFailed("error.language_invalid", field="language")
    return value


def clean_site_name(value: str) -> str:
    name = (value or "").strip()
    if not name:
        raise ValidationFailed("error.site_name_empty", field="site_name")
    if len(name) > 60:
        raise ValidationFailed("error.too_long", field="site_name", max=60)
    return name


def clean_timezone(value: str) -> str:
    tz = (value or "").strip() or DEFAULT_TIMEZONE
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationFailed("error.timezone_invalid", field="timezone", value=tz) from exc
    return tz


def timezone_choices() -> list[str]:
    """Asia first: every site we serve is there; the rest stay reachable."""
    zones = sorted(available_timezones())
    return [DEFAULT_TIMEZONE] + [z for z in zones if z != DEFAULT_TIMEZONE]
