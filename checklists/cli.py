"""`python -m checklists calls import FILE [--site NAME]` and `... calls stats --month YYYY-MM [--json]`.

Honours DATABASE_URL and brings the schema up to date first, so it works on an empty database.
Exit codes: 0 done, 1 the file or the database refused (nothing written), 2 bad arguments.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from accounts.command_line import import_into_site
from checklists.calls.loader import CallSettingsInvalid
from checklists.calls.stats import CallFigures, Line
from core import cli_args
from desk.statistics.command_line import month_and_sites
from i18n import t
from services import Services, database_main

P = "checks.calls.cli"


def run_import(services: Services, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """One export file's calls into its site."""
    lang = args.lang
    result = import_into_site(
        services.sessions, args.file, args.site, lang, err, prefix=P,
        write=lambda site_id, data, new_site: services.calls.import_file(
            site_id, data, args.file.name, new_site=new_site, encoding=args.encoding, again=args.again
        ),
        field_prefix="checks.calls.field", row_key=f"{P}.row_error", summary_key=f"{P}.nothing_imported",
    )  # fmt: skip
    if isinstance(result, int):
        return result
    layout = t(f"checks.calls.layout.{result.layout}", lang)
    print(t(f"{P}.imported", lang, added=result.added, rows=result.rows, site=result.site_name,
            layout=layout), file=out)  # fmt: skip
    return 0


def _seconds(value: float | None, lang: str) -> str:
    return f"{value:.1f}" if value is not None else t(f"{P}.none", lang)


def _print_line(label: str, f: CallFigures, lang: str, out: TextIO) -> None:
    rate = f"{f.within_rings_rate:.1%}" if f.within_rings_rate is not None else t(f"{P}.none", lang)
    print(t(f"{P}.line", lang, label=label, calls=f.calls, answered=f.answered, missed=f.missed,
            within=f.within_rings, rate=rate, median=_seconds(f.median_ring_seconds, lang),
            p90=_seconds(f.p90_ring_seconds, lang)), file=out)  # fmt: skip


def run_stats(services: Services, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """A month's call figures; with --assign, the three-ring rule to practise for those below target."""
    lang, as_json = args.lang, args.json
    chosen = month_and_sites(services.sessions, args.month, args.site, lang, err, P)
    if chosen is None:
        return 2
    period, sites = chosen
    stats = services.calls.month_unchecked(period, {s.id for s in sites})
    if args.assign:  # each site's people below target practise the three-ring rule (once per month)
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
    parser = cli_args.database_command("python -m checklists", __doc__, environ)
    groups = parser.add_subparsers(dest="group", required=True)
    calls = groups.add_parser("calls", help="call records from the centre's phone system (item 27)")
    verbs = calls.add_subparsers(dest="verb", required=True)
    imp = cli_args.import_verb(verbs, "import an Asterisk, FreeSWITCH or headed CSV export into one site")
    stats = verbs.add_parser("stats", help="a month's calls per extension, per person and for the centre")
    stats.add_argument("--month", required=True, help="YYYY-MM, in each site's time zone")
    stats.add_argument("--site", help="site name (default: all sites)")
    stats.add_argument("--json", action="store_true", help="one JSON object; rates 0-1 or null")
    stats.add_argument("--assign", action="store_true",
                       help="assign the three-ring rule to each person below the month's target")  # fmt: skip
    cli_args.lang_on_verbs(calls, imp, stats)
    return parser


def _refused(path: Path) -> str | None:
    return None if path.is_file() else f"{P}.file_unreadable"


# `main(argv, environ, clock)`: `clock` says what is "now" (tests pass a fixed one; the command line
# runs on real time).
main = database_main(
    build_parser, {"import": run_import, "stats": run_stats}, P, _refused, CallSettingsInvalid
)
