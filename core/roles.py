"""The four kinds of user and what each may do.

Permissions are checked in the services (see `require`), never only by hiding pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from core.errors import PermissionDenied


class Role(StrEnum):
    TRAINEE = "trainee"  # 新员工: takes quizzes, reads the code of conduct
    STAFF = "staff"  # 客服: shift checks and the desk log
    MANAGER = "manager"  # 主管: manages accounts, sites, reads dashboards
    DEPARTMENT = "department"  # 维修/部门: works its own department's queue of work orders, nothing else


class Permission(StrEnum):
    MANAGE_USERS = "manage_users"
    MANAGE_SITES = "manage_sites"
    READ_CONDUCT = "read_conduct"
    SEE_FULL_PHONE = "see_full_phone"
    USE_DESK = "use_desk"  # intake, dispatch, callbacks
    JUDGE_COMPLAINTS = "judge_complaints"  # valid / invalid
    READ_DESK_STATS = "read_desk_stats"
    SUPERVISE_DESK = "supervise_desk"  # cash discrepancies, voiding handed-over receipts (managers)
    DO_SHIFT_CHECKS = "do_shift_checks"  # own start/end-of-shift self-checks and corrective actions
    MANAGE_SHIFT_CHECKS = "manage_shift_checks"  # board, roster, spot checks, amend checks, verify actions
    APPROVE_RENOVATIONS = "approve_renovations"  # approve or reject a renovation application (managers)
    SEE_FULL_ID_NUMBER = "see_full_id_number"  # workers' ID numbers unmasked (managers)
    TAKE_QUIZZES = "take_quizzes"  # quizzes, certificate, spaced practice, phone drill
    READ_TRAINING = "read_training"  # who is certified, item analysis, rules people keep failing (managers)
    WORK_ORDERS = "work_orders"  # a department's own queue: accept, report progress, finish with a note


_GRANTS: dict[Role, frozenset[Permission]] = {
    Role.TRAINEE: frozenset({Permission.READ_CONDUCT, Permission.TAKE_QUIZZES}),
    Role.STAFF: frozenset(
        {
            Permission.READ_CONDUCT,
            Permission.SEE_FULL_PHONE,
            Permission.USE_DESK,
            Permission.DO_SHIFT_CHECKS,
            Permission.TAKE_QUIZZES,
        }
    ),
    # A manager supervises the queues from the desk's board; accepting and finishing is the department's word.
    Role.MANAGER: frozenset(Permission) - {Permission.WORK_ORDERS},
    Role.DEPARTMENT: frozenset({Permission.WORK_ORDERS}),
}


def can(role: Role, permission: Permission) -> bool:
    return permission in _GRANTS[role]


@dataclass(frozen=True)
class Actor:
    """Who is acting: a plain snapshot taken at login, safe to keep in a UI session."""

    user_id: int
    username: str
    display_name: str
    role: Role
    site_ids: frozenset[int]
    language: str = "zh"
    department: str | None = None  # a department account's department (desk content id)

    def can(self, permission: Permission) -> bool:
        return can(self.role, permission)


def require(actor: Actor, permission: Permission) -> None:
    if not actor.can(permission):
        raise PermissionDenied("error.permission_denied", role=actor.role.value)


def require_site(actor: Actor, site_id: int) -> None:
    """A manager acts only on the sites given to them."""
    if site_id not in actor.site_ids:
        raise PermissionDenied("error.site_not_yours", site_id=site_id)


def command_line_reader(site_ids: frozenset[int], language: str = "zh") -> Actor:
    """Who a read-only command (`python -m desk stats/report`) acts as: whoever may run it can read the
    database file itself, so it reads as a manager of the sites it names. Never used to write."""
    return Actor(0, "command-line", "command line", Role.MANAGER, site_ids, language)
