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
    PageSpec("app_pages/conduct.py", "nav.conduct", ":material/menu_book:", "conduct", "nav.section_main",
             blurb_key="home.link_conduct"),
    PageSpec("app_pages/practice.py", "nav.practice", ":material/record_voice_over:", "practice",
             "nav.section_main", blurb_key="practice.blurb"),
    PageSpec("app_pages/desk_new.py", "nav.desk_new", ":material/add_call:", "desk-new", "nav.section_desk",
             Permission.USE_DESK, blurb_key="home.link_desk_new"),
    PageSpec("app_pages/desk_list.py", "nav.desk_list", ":material/list_alt:", "desk", "nav.section_desk",
             Permission.USE_DESK, blurb_key="home.link_desk_list"),
    PageSpec("app_pages/desk_callbacks.py", "nav.desk_callbacks", ":material/phone_callback:", "callbacks",
             "nav.section_desk", Permission.USE_DESK, blurb_key="home.link_desk_callbacks"),
    PageSpec("app_pages/desk_stats.py", "nav.desk_stats", ":material/monitoring:", "desk-stats",
             "nav.section_desk", Permission.READ_DESK_STATS, blurb_key="home.link_desk_stats"),
    PageSpec("app_pages/users.py", "nav.users", ":material/group:", "users", "nav.section_admin",
             Permission.MANAGE_USERS, blurb_key="home.link_users"),
    PageSpec("app_pages/sites.py", "nav.sites", ":material/apartment:", "sites", "nav.section_admin",
             Permission.MANAGE_SITES, blurb_key="home.link_sites"),
    PageSpec("app_pages/account.py", "nav.account", ":material/settings:", "account", "nav.section_me",
             blurb_key="home.link_account"),
    PageSpec("app_pages/logout.py", "nav.logout", ":material/logout:", "logout", "nav.section_me"),
)  # fmt: skip

SECTION_ORDER = ("nav.section_main", "nav.section_desk", "nav.section_admin", "nav.section_me")


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
