"""`python -m checklists calls import FILE [--site NAME]` and `... calls stats --month YYYY-MM [--json]`.

Honours DATABASE_URL and brings the schema up to date first, so it works on an empty database.
Exit codes: 0 done, 1 the file or the database refused (nothing written), 2 bad arguments.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TextIO

from accounts.sites import all_sites, create_site_unattended, site_by_name_or_only
from checklists.calls.loader import CallSettingsInvalid
from checklists.calls.service import CallImportRefused
from checklists.calls.stats import CallFigures, Line
from core.cli_args import default_lang
from core.errors import DomainError
from desk.statistics.monthly import clean_period
from i18n import message, t
from services import Services, open_services
from store.db import database_url, safe_url

DEFAULT_SITE_NAME = "服务中心"
P = "checks.calls.cli"


def read_text(path: Path) -> str:
    """Phone systems here export UTF-8 or GB18030 (GBK); try them in that order."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def run_import(
    services: Services, path: Path, site_name: str | None, lang: str, out: TextIO, err: TextIO
) -> int:
    site = site_by_name_or_only(services.sessions, site_name)
    if site is None:
        existing = all_sites(services.sessions)
        if existing:
            names = "、".join(s.name for s in existing)
            key = "site_unknown" if site_name else "site_ambiguous"
            print(t(f"{P}.{key}", lang, name=site_name or "", names=names), file=err)
            return 2
        site = create_site_unattended(services.sessions, site_name or DEFAULT_SITE_NAME, clock=services.clock)
    try:
        result = services.calls.import_text(site.id, read_text(path), path.name)
    except CallImportRefused as exc:
        for e in exc.errors:
            field = t(f"checks.calls.field.{e.field}", lang) if e.field else "-"
            text = message(f"checks.calls.error.{e.key}", lang, **e.params)
            print(t(f"{P}.row_error", lang, path=path, row=e.row, field=field, message=text), file=err)
        print(t(f"{P}.nothing_imported", lang, count=len(exc.errors)), file=err)
        return 1
    layout = t(f"checks.calls.layout.{result.layout}", lang)
    print(t(f"{P}.imported", lang, added=result.added, rows=result.rows, site=site.name, layout=layout),
          file=out)  # fmt: skip
    return 0


def _seconds(value: float | None, lang: str) -> str:
    return f"{value:.1f}" if value is not None else t(f"{P}.none", lang)


def _print_line(label: str, f: CallFigures, lang: str, out: TextIO) -> None:
    rate = f"{f.within_rings_rate:.1%}" if f.within_rings_rate is not None else t(f"{P}.none", lang)
    print(t(f"{P}.line", lang, label=label, calls=f.calls, answered=f.answered, missed=f.missed,
            within=f.within_rings, rate=rate, median=_seconds(f.median_ring_seconds, lang),
            p90=_seconds(f.p90_ring_seconds, lang)), file=out)  # fmt: skip


def run_stats(
    services: Services,
    month: str,
    site_name: str | None,
    as_json: bool,
    lang: str,
    out: TextIO,
    err: TextIO,
    assign: bool = False,
) -> int:
    try:
        period = clean_period(month)
    except DomainError as exc:
        print(message(exc.key, lang, **exc.params), file=err)
        return 2
    sites = all_sites(services.sessions)
    if site_name:
        sites = [s for s in sites if s.name == site_name.strip()]
        if not sites:
            names = "、".join(s.name for s in all_sites(services.sessions))
            print(t(f"{P}.site_unknown", lang, name=site_name, names=names), file=err)
            return 2
    stats = services.calls.month_unchecked(period, {s.id for s in sites})
    if assign:  # each site's people below target practise the three-ring rule (once per month)
        rule = services.calls.settings().rule_id
        people = sum(
            len(
                services.assignments.from_call_month(
                    services.calls.month_unchecked(period, [s.id]), s.id, rule
                )
            )
            for s in sites
        )
        print(t(f"{P}.assigned", lang, count=people, month=period), file=err if as_json else out)
    if as_json:
        print(json.dumps(stats.as_dict(), ensure_ascii=False, indent=2), file=out)
        return 0
    print(t(f"{P}.title", lang, month=period, sites="、".join(stats.site_names),
            limit=stats.limit_seconds, target=f"{stats.target_rate:.0%}"), file=out)  # fmt: skip
    _print_line(t(f"{P}.centre", lang), stats.centre, lang, out)
    sections: tuple[tuple[str, tuple[Line, ...]], ...] = (
        ("by_extension", stats.extensions),
        ("by_person", stats.people),
    )
    for heading, lines in sections:
        print(t(f"{P}.{heading}", lang), file=out)
        for line in lines:
            label = line.label or t(f"{P}.unassigned", lang)
            _print_line(f"  {label}", line.figures, lang, out)
    return 0


def build_parser(environ: Mapping[str, str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m checklists", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--lang", choices=["zh", "en"], default=default_lang(environ))
    groups = parser.add_subparsers(dest="group", required=True)
    calls = groups.add_parser("calls", help="call records from the centre's phone system (item 27)")
    verbs = calls.add_subparsers(dest="verb", required=True)
    imp = verbs.add_parser("import", help="import an Asterisk, FreeSWITCH or headed CSV export into one site")
    imp.add_argument("file", type=Path)
    imp.add_argument("--site", help="site name (default: the only site; an empty database gets one)")
    stats = verbs.add_parser("stats", help="a month's calls per extension, per person and for the centre")
    stats.add_argument("--month", required=True, help="YYYY-MM, in each site's time zone")
    stats.add_argument("--site", help="site name (default: all sites)")
    stats.add_argument("--json", action="store_true", help="one JSON object; rates 0-1 or null")
    stats.add_argument("--assign", action="store_true",
                       help="assign the three-ring rule to each person below the month's target")  # fmt: skip
    for sub in (calls, imp, stats):
        sub.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    environ = os.environ if environ is None else environ
    args = build_parser(environ).parse_args(argv)
    lang = args.lang
    if args.verb == "import" and not args.file.is_file():
        print(t(f"{P}.file_unreadable", lang, path=args.file), file=sys.stderr)
        return 2
    url = database_url()
    try:
        services = open_services(url)
    except Exception as exc:  # any failure to open or migrate: say which database and why
        print(t(f"{P}.database_error", lang, url=safe_url(url), detail=str(exc).splitlines()[0]),
              file=sys.stderr)  # fmt: skip
        return 1
    try:
        if args.verb == "import":
            return run_import(services, args.file, args.site, lang, sys.stdout, sys.stderr)
        return run_stats(
            services, args.month, args.site, args.json, lang, sys.stdout, sys.stderr, assign=args.assign
        )
    except CallSettingsInvalid as exc:
        for error in exc.errors:
            print(error.format(lang), file=sys.stderr)
        return 1
    finally:
        services.engine.dispose()
