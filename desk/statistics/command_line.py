"""What the commands that read a month's figures share: the month and the sites they mean."""

from __future__ import annotations

from typing import TextIO

from accounts.command_line import sites_to_read
from accounts.tables import Site
from core.errors import DomainError
from desk.statistics.monthly import clean_period
from i18n import message
from store.db import SessionFactory


def month_and_sites(
    sessions: SessionFactory, month: str, site_name: str | None, lang: str, err: TextIO, prefix: str
) -> tuple[str, list[Site]] | None:
    """The month (YYYY-MM) and the named site or every site; None, after saying why, for a month that
    is not one or a site name no site has (the command then exits 2)."""
    try:
        period = clean_period(month)
    except DomainError as exc:
        print(message(exc.key, lang, **exc.params), file=err)
        return None
    sites = sites_to_read(sessions, site_name, lang, err, prefix)
    return None if sites is None else (period, sites)
