"""What the command lines that write into or read a site share: which site a command means."""

from __future__ import annotations

from typing import TextIO

from accounts.sites import all_sites, site_by_name_or_only
from accounts.tables import Site
from i18n import t
from store.db import SessionFactory


def site_to_import_into(
    sessions: SessionFactory, name: str | None, lang: str, err: TextIO, prefix: str
) -> Site | int | None:
    """The named site, or else the only one; None for an empty database (the import creates the site);
    exit status 2, after saying which sites there are, for an unknown name or a choice to make."""
    site = site_by_name_or_only(sessions, name)
    if site is not None:
        return site
    existing = all_sites(sessions)
    if not existing:
        return None
    names = "、".join(s.name for s in existing)
    key = "site_unknown" if name else "site_ambiguous"
    print(t(f"{prefix}.{key}", lang, name=name or "", names=names), file=err)
    return 2


def sites_to_read(
    sessions: SessionFactory, name: str | None, lang: str, err: TextIO, prefix: str
) -> list[Site] | None:
    """The named site, or every site; None (after saying which there are) when no site has that name."""
    sites = all_sites(sessions)
    if name:
        chosen = [s for s in sites if s.name == name.strip()]
        if not chosen:
            names = "、".join(s.name for s in sites)
            print(t(f"{prefix}.site_unknown", lang, name=name, names=names), file=err)
            return None
        return chosen
    return sites
