"""`python -m desk import FILE [--site NAME]`, `python -m desk stats --month YYYY-MM [--site] [--json]`
and `python -m desk report --month YYYY-MM [--site NAME] --out FILE.xlsx|FILE.pdf`.

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
from core import cli_args
from core.roles import command_line_reader
from desk.content_loader import DeskContentInvalid, default_desk_content
from desk.requests.import_writer import import_log
from desk.statistics.command_line import month_and_sites
from desk.statistics.kpi import RATE_NAMES
from desk.statistics.report_pdf import report_pdf
from desk.statistics.report_xlsx import report_xlsx
from i18n import t
from services import Services, database_main


def run_import(services: Services, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """One request log's rows into its site."""
    lang = args.lang
    content = default_desk_content()
    done = import_into_site(
        services.sessions, args.file, args.site, lang, err, prefix="desk.cli",
        write=lambda site_id, data, new_site: import_log(
            services.sessions, content, data, args.file.name, site_id=site_id, new_site=new_site,
            clock=services.clock, encoding=args.encoding, again=args.again,
        ),
        field_prefix="desk.field",
    )  # fmt: skip
    if isinstance(done, int):
        return done
    print(t("desk.cli.imported", lang, count=done.count, site=done.site_name), file=out)
    return 0


def run_stats(services: Services, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """A month's counts and rates against their targets, as text or JSON."""
    lang, as_json = args.lang, args.json
    chosen = month_and_sites(services.sessions, args.month, args.site, lang, err, "desk.cli")
    if chosen is None:
        return 2
    period, sites = chosen
    stats = services.desk_stats.month_unchecked(period, {s.id for s in sites})
    counts = {
        "repair": stats.counts.repair,
        "inquiry": stats.counts.inquiry,
        "complaint": stats.counts.complaint,
    }
    if as_json:
        payload = {"month": period, "sites": [s.name for s in sites], "counts": counts, **stats.rates}
        print(json.dumps(payload, ensure_ascii=False, indent=2), file=out)
        return 0
    print(f"{t('desk.stats.title', lang)} {period} · {'、'.join(s.name for s in sites)}", file=out)
    for kind, count in counts.items():
        print(f"  {t(f'desk.kind.{kind}', lang)}: {count}", file=out)
    for name in RATE_NAMES:
        value = stats.rates[name]
        shown = f"{value:.1%}" if value is not None else t("desk.stats.no_data", lang)
        target = stats.targets.get(name)
        goal = f"  ({t('desk.stats.target', lang)} {target:.0%})" if target is not None else ""
        print(f"  {t(f'desk.stats.names.{name}', lang)}: {shown}{goal}", file=out)
    return 0


REPORT_WRITERS = {".xlsx": report_xlsx, ".pdf": report_pdf}


def run_report(services: Services, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """The month's report written to --out, its format told by the file's suffix."""
    lang, path = args.lang, args.out
    writer = REPORT_WRITERS.get(path.suffix.lower())
    if writer is None:
        print(t("desk.cli.report_format", lang, path=path), file=err)
        return 2
    chosen = month_and_sites(services.sessions, args.month, args.site, lang, err, "desk.cli")
    if chosen is None:
        return 2
    period, sites = chosen
    # The command line reads the database directly, so it reads as a manager of the sites it names.
    reader = command_line_reader(frozenset(s.id for s in sites), lang)
    report = services.reports.build(reader, period, set(reader.site_ids), lang=lang)
    try:
        path.write_bytes(writer(report))
    except OSError as exc:
        print(t("desk.cli.report_unwritable", lang, path=path, detail=exc.strerror or str(exc)), file=err)
        return 1
    print(t("desk.cli.report_written", lang, path=path, month=period), file=out)
    return 0


def build_parser(environ: Mapping[str, str]) -> argparse.ArgumentParser:
    parser = cli_args.database_command("python -m desk", __doc__, environ)
    verbs = parser.add_subparsers(dest="verb", required=True)
    imp = cli_args.import_verb(verbs, "import a historic desk log (.csv or .xlsx) into one site")
    stats = verbs.add_parser("stats", help="monthly statistics")
    stats.add_argument("--month", required=True, help="YYYY-MM")
    stats.add_argument("--site", help="site name (default: all sites)")
    stats.add_argument(
        "--json", action="store_true", help="one JSON object with counts and rates (0-1 or null)"
    )
    report = verbs.add_parser("report", help="the monthly report as an Excel workbook or an A4 PDF")
    report.add_argument("--month", required=True, help="YYYY-MM")
    report.add_argument("--site", help="site name (default: all sites)")
    report.add_argument("--out", required=True, type=Path, help="FILE.xlsx or FILE.pdf")
    cli_args.lang_on_verbs(imp, stats, report)
    return parser


def _refused(path: Path) -> str | None:
    """Only a .csv or .xlsx file is imported."""
    return (
        None if path.is_file() and path.suffix.lower() in (".csv", ".xlsx") else "desk.cli.file_unsupported"
    )


# `main(argv, environ, clock)`: `clock` decides what is due by now (tests pass a fixed one; the command
# line runs on real time).
VERBS = {"import": run_import, "stats": run_stats, "report": run_report}
main = database_main(build_parser, VERBS, "desk.cli", _refused, DeskContentInvalid)
