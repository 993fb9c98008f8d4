"""Which pages exist for whom. The router builds st.navigation from this list on every run.

A page a role may not use is not registered for it at all; the services still check the role.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.roles import Actor, Permission


@dataclass(frozen=True)
class PageSpec:
    path: str  # relative to app.py
    title_key: str  # i18n key of the menu label
    icon: str
    url_path: str
    section: str  # i18n key of the menu section
    permission: Permission | None = None  # None: every logged-in user
    default: bool = False
    blurb_key: str | None = None  # what the page is for, shown as a link on the home page


PAGES: tuple[PageSpec, ...] = (
    PageSpec("app_pages/home.py", "nav.home", ":material/home:", "home", "nav.section_main", default=True),
    PageSpec("app_pages/training/conduct.py", "nav.conduct",
             ":material/menu_book:", "conduct", "nav.section_main",
             Permission.READ_CONDUCT, blurb_key="home.link_conduct"),
    PageSpec("app_pages/training/script_practice.py", "nav.practice",
             ":material/record_voice_over:", "practice",
             "nav.section_main", Permission.TAKE_QUIZZES, blurb_key="practice.blurb"),
    PageSpec("app_pages/desk/new_request.py", "nav.desk_new",
             ":material/add_call:", "desk-new", "nav.section_desk",
             Permission.USE_DESK, blurb_key="home.link_desk_new"),
    PageSpec("app_pages/desk/request_list.py", "nav.desk_list",
             ":material/list_alt:", "desk", "nav.section_desk",
             Permission.USE_DESK, blurb_key="home.link_desk_list"),
    PageSpec("app_pages/desk/callbacks.py", "nav.desk_callbacks", ":material/phone_callback:", "callbacks",
             "nav.section_desk", Permission.USE_DESK, blurb_key="home.link_desk_callbacks"),
    PageSpec("app_pages/desk/work_orders.py", "nav.work_orders", ":material/engineering:", "work-orders",
             "nav.section_desk", Permission.USE_DESK, blurb_key="home.link_work_orders"),
    PageSpec("app_pages/desk/department_queue.py", "nav.department_queue", ":material/handyman:",
             "department-queue", "nav.section_main", Permission.WORK_ORDERS,
             blurb_key="home.link_department_queue"),
    PageSpec("app_pages/desk/monthly_stats.py", "nav.desk_stats", ":material/monitoring:", "desk-stats",
             "nav.section_desk", Permission.READ_DESK_STATS, blurb_key="home.link_desk_stats"),
    PageSpec("app_pages/desk/handover.py", "nav.desk_handover", ":material/swap_horiz:", "handover",
             "nav.section_desk", Permission.USE_DESK, blurb_key="home.link_desk_handover"),
    PageSpec("app_pages/desk/owners.py", "nav.desk_owners", ":material/contacts:", "owners",
             "nav.section_desk", Permission.USE_DESK, blurb_key="home.link_desk_owners"),
    PageSpec("app_pages/desk/unit.py", "nav.desk_unit", ":material/home_work:", "unit",
             "nav.section_desk", Permission.USE_DESK, blurb_key="home.link_desk_unit"),
    PageSpec("app_pages/desk/mail.py", "nav.desk_mail", ":material/mail:", "mail", "nav.section_desk",
             Permission.USE_DESK, blurb_key="home.link_desk_mail"),
    PageSpec("app_pages/desk/keys.py", "nav.desk_keys", ":material/key:", "keys", "nav.section_desk",
             Permission.USE_DESK, blurb_key="home.link_desk_keys"),
    PageSpec("app_pages/desk/cash.py", "nav.desk_cash", ":material/payments:", "cash", "nav.section_desk",
             Permission.USE_DESK, blurb_key="home.link_desk_cash"),
    PageSpec("app_pages/desk/renovation.py", "nav.desk_renovation", ":material/home_work:", "renovation",
             "nav.section_desk", Permission.USE_DESK, blurb_key="renovation.blurb"),
    PageSpec("app_pages/desk/passes.py", "nav.desk_passes", ":material/badge:", "passes", "nav.section_desk",
             Permission.USE_DESK, blurb_key="passes.blurb"),
    PageSpec("app_pages/desk/special_services.py", "nav.desk_special", ":material/cleaning_services:",
             "special-services", "nav.section_desk", Permission.USE_DESK, blurb_key="special.blurb"),
    PageSpec("app_pages/dashboards/compliance.py", "nav.dash_compliance", ":material/verified_user:",
             "dash-compliance", "nav.section_dash", Permission.MANAGE_SHIFT_CHECKS,
             blurb_key="home.link_dash_compliance"),
    PageSpec("app_pages/dashboards/service.py", "nav.dash_service", ":material/insights:", "dash-service",
             "nav.section_dash", Permission.READ_DESK_STATS, blurb_key="home.link_dash_service"),
    PageSpec("app_pages/admin/users.py", "nav.users", ":material/group:", "users", "nav.section_admin",
             Permission.MANAGE_USERS, blurb_key="home.link_users"),
    PageSpec("app_pages/admin/sites.py", "nav.sites", ":material/apartment:", "sites", "nav.section_admin",
             Permission.MANAGE_SITES, blurb_key="home.link_sites"),
    PageSpec("app_pages/account.py", "nav.account", ":material/settings:", "account", "nav.section_me",
             blurb_key="home.link_account"),
    PageSpec("app_pages/logout.py", "nav.logout", ":material/logout:", "logout", "nav.section_me"),
    PageSpec("app_pages/checks/shift_check.py", "nav.shift_check", ":material/fact_check:", "shift-check",
             "nav.section_checks", Permission.DO_SHIFT_CHECKS, blurb_key="checks.blurb.shift_check"),
    PageSpec("app_pages/checks/my_checks.py", "nav.my_checks", ":material/history:", "my-checks",
             "nav.section_checks", Permission.DO_SHIFT_CHECKS, blurb_key="checks.blurb.my_checks"),
    PageSpec("app_pages/checks/my_actions.py", "nav.my_actions", ":material/task_alt:", "my-actions",
             "nav.section_checks", Permission.DO_SHIFT_CHECKS, blurb_key="checks.blurb.my_actions"),
    PageSpec("app_pages/checks/board.py", "nav.check_board", ":material/dashboard:", "check-board",
             "nav.section_checks", Permission.MANAGE_SHIFT_CHECKS, blurb_key="checks.blurb.check_board"),
    PageSpec("app_pages/checks/roster.py", "nav.roster", ":material/calendar_month:", "roster",
             "nav.section_checks", Permission.MANAGE_SHIFT_CHECKS, blurb_key="checks.blurb.roster"),
    PageSpec("app_pages/checks/spot_check.py", "nav.spot_check", ":material/person_search:", "spot-check",
             "nav.section_checks", Permission.MANAGE_SHIFT_CHECKS, blurb_key="checks.blurb.spot_check"),
    PageSpec("app_pages/checks/audit.py", "nav.audit", ":material/support_agent:", "audit",
             "nav.section_checks", Permission.MANAGE_SHIFT_CHECKS, blurb_key="checks.blurb.audit"),
    PageSpec("app_pages/checks/calls.py", "nav.calls", ":material/phone_in_talk:", "calls",
             "nav.section_checks", Permission.MANAGE_SHIFT_CHECKS, blurb_key="checks.blurb.calls"),
    PageSpec("app_pages/checks/verify_actions.py", "nav.verify_actions",
             ":material/verified:", "verify-actions",
             "nav.section_checks", Permission.MANAGE_SHIFT_CHECKS, blurb_key="checks.blurb.verify_actions"),
    PageSpec("app_pages/training/quiz.py", "nav.quiz_take", ":material/quiz:", "quiz", "nav.section_training",
             Permission.TAKE_QUIZZES, blurb_key="quiz.blurb.take"),
    PageSpec("app_pages/training/results.py", "nav.quiz_results", ":material/grading:", "quiz-results",
             "nav.section_training", Permission.TAKE_QUIZZES, blurb_key="quiz.blurb.results"),
    PageSpec("app_pages/training/certificate.py", "nav.quiz_certificate", ":material/workspace_premium:",
             "certificate", "nav.section_training", Permission.TAKE_QUIZZES,
             blurb_key="quiz.blurb.certificate"),
    PageSpec("app_pages/training/spaced_practice.py", "nav.quiz_practice",
             ":material/repeat:", "spaced-practice",
             "nav.section_training", Permission.TAKE_QUIZZES, blurb_key="quiz.blurb.practice"),
    PageSpec("app_pages/training/phone_drill.py", "nav.quiz_drill", ":material/ring_volume:", "phone-drill",
             "nav.section_training", Permission.TAKE_QUIZZES, blurb_key="quiz.blurb.drill"),
    PageSpec("app_pages/training/overview.py", "nav.quiz_training", ":material/school:", "training",
             "nav.section_training", Permission.READ_TRAINING, blurb_key="quiz.blurb.training"),
)  # fmt: skip

SECTION_ORDER = (
    "nav.section_main", "nav.section_dash", "nav.section_training", "nav.section_checks", "nav.section_desk",
    "nav.section_admin", "nav.section_me",
)  # fmt: skip


def pages_for(actor: Actor) -> list[PageSpec]:
    return [p for p in PAGES if p.permission is None or actor.can(p.permission)]


def sections_for(actor: Actor) -> dict[str, list[PageSpec]]:
    """Pages grouped by menu section, sections in a fixed order."""
    grouped: dict[str, list[PageSpec]] = {}
    for section in SECTION_ORDER:
        members = [p for p in pages_for(actor) if p.section == section]
        if members:
            grouped[section] = members
    return grouped
