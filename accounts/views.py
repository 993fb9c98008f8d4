"""What the accounts service hands out: users as managers see them, their history, and the actor."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.tables import User
from core import passwords
from core.errors import ValidationFailed
from core.roles import Actor, Role
from core.views import HistoryEntry, view_of
from store.tables import HistoryRow


@dataclass(frozen=True)
class UserView:
    id: int
    username: str
    display_name: str
    gender: str
    role: Role
    active: bool
    language: str
    site_ids: frozenset[int]
    locked: bool
    department: str | None = None


def new_user(session: Session, now: datetime, *, role: Role, password: str, **fields: str | None) -> User:
    """An active account with its password hashed, flushed so it has its id. `fields` are the other
    columns (username, display_name, gender, language, department), already clean."""
    user = User(
        **fields,
        role=role.value,
        active=True,
        password_hash=passwords.hash_password(password),
        created_at=now,
    )
    session.add(user)
    session.flush()
    return user


def user_fields(user: User, site_ids: Iterable[int]) -> dict[str, object]:
    return {
        "username": user.username,
        "display_name": user.display_name,
        "gender": user.gender,
        "role": user.role,
        "active": user.active,
        "language": user.language,
        "site_ids": sorted(site_ids),
    } | ({"department": user.department} if user.department else {})


def clean_role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError as exc:
        raise ValidationFailed("error.role_invalid", field="role") from exc


def history_of(
    session: Session, entity: str, entity_id: int | str, *, newest_first: bool = False
) -> list[HistoryEntry]:
    """A record's history, oldest first unless asked otherwise, each change with its author's name."""
    order = (HistoryRow.at.desc(), HistoryRow.id.desc()) if newest_first else (HistoryRow.at, HistoryRow.id)
    rows = session.execute(
        select(HistoryRow, User.display_name)
        .outerjoin(User, User.id == HistoryRow.actor_id)
        .where(HistoryRow.entity == entity, HistoryRow.entity_id == str(entity_id))
        .order_by(*order)
    ).all()
    return [HistoryEntry(h.at, name, h.action, dict(h.changes or {}), h.note) for h, name in rows]


def actor_of(user: User, site_ids: Iterable[int]) -> Actor:
    return Actor(
        user_id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=Role(user.role),
        site_ids=frozenset(site_ids),
        language=user.language,
        department=user.department,
    )


def user_view(user: User, site_ids: Iterable[int], locked: bool) -> UserView:
    return view_of(
        UserView,
        user,
        role=Role(user.role),
        site_ids=frozenset(site_ids),
        locked=locked,
    )
