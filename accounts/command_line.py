"""What the command lines that write into or read a site share: which site a command means."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TextIO, TypeVar

from accounts.sites import all_sites, site_by_name_or_only
from accounts.tables import Site
from core import cli_args
from core.errors import DomainError
from core.imports import ImportRefused
from i18n import t
from store.db import SessionFactory

DEFAULT_SITE_NAME = "服务中心"  # the site an import creates in an empty database, unless --site names it
ResultT = TypeVar("ResultT")


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


def import_into_site(
    sessions: SessionFactory,
    path: Path,
    site_name: str | None,
    lang: str,
    err: TextIO,
    *,
    prefix: str,
    write: Callable[[int | None, bytes, str], ResultT],
    **refusal_keys: str,
) -> ResultT | int:
    """An import command's steps: which site, the file's bytes, then `write(site_id, data, new_site)`.
    Its result, or the exit status after saying why nothing was imported (`refusal_keys` go to
    cli_args.print_refusal)."""
    site = site_to_import_into(sessions, site_name, lang, err, prefix)
    if isinstance(site, int):
        return site
    # site None: an empty database; the site is created with the rows, in the same transaction.
    data = cli_args.read_file(path, lang, err)
    if data is None:
        return 1
    try:
        return write(site.id if site else None, data, site_name or DEFAULT_SITE_NAME)
    except ImportRefused as exc:
        cli_args.print_refusal(exc, path, lang, err, **refusal_keys)
        return 1
    except DomainError as exc:
        return cli_args.print_import_failure(exc, path, lang, err)


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
