"""`python -m rules check|dump|score`: argparse wrapper over worker functions that tests call directly."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from core.cli_args import Verb, content_arguments, content_command, report_errors
from rules.errors import RulebookInvalid
from rules.judge import UnknownScenario, judge, needs_site, scenario
from rules.loader import default_content_dir, load_rulebook
from rules.model import Lang, Rulebook

DEFAULT_TIMEZONE = "Asia/Shanghai"

_SUMMARY: dict[Lang, str] = {
    "en": "OK: {rules} rules in {categories} categories, rulebook {label}",
    "zh": "内容有效：{categories} 个类别共 {rules} 条规则，规则手册版本 {label}",
}


_SCORE_ERRORS: dict[str, dict[Lang, str]] = {
    "unknown_scenario": {
        "en": "unknown scenario '{scenario}'; known scenarios: {known}",
        "zh": "未知场景“{scenario}”；可用场景：{known}",
    },
    "need_site": {
        "en": "give the service centre's name with --site ({reason})",
        "zh": "请用 --site 给出服务中心名称（{reason}）",
    },
    "not_one_site": {
        "en": "the database {url} does not have exactly one site",
        "zh": "数据库 {url} 中不是恰好一个服务中心",
    },
    "no_database": {"en": "cannot read the database {url}: {detail}", "zh": "无法读取数据库 {url}：{detail}"},
}


def run_check(content_dir: Path, lang: Lang, out: TextIO, err: TextIO) -> int:
    """Validate; on success print a one-line summary to `out`, else every error to `err`."""
    try:
        rulebook = load_rulebook(content_dir)
    except RulebookInvalid as exc:
        return report_errors(exc.errors, lang, err)
    used = {r.category for r in rulebook.rules}
    summary = _SUMMARY[lang].format(
        rules=len(rulebook.rules), categories=len(used), label=rulebook.version_label
    )
    print(summary, file=out)
    return 0


def run_dump(content_dir: Path, lang: Lang, out: TextIO, err: TextIO) -> int:
    """Print the whole rulebook as JSON to `out`; errors go to `err` as for check."""
    try:
        rulebook = load_rulebook(content_dir)
    except RulebookInvalid as exc:
        return report_errors(exc.errors, lang, err)
    print(json.dumps(rulebook.as_dict(), ensure_ascii=False, indent=2), file=out)
    return 0


def run_score(
    rulebook: Rulebook,
    scenario_id: str,
    at: datetime,
    site: str | None,
    lang: Lang,
    lines: Iterable[str],
    out: TextIO,
) -> int:
    """Judge each non-blank line; one JSON object per line on `out`."""
    for line in lines:
        text = line.strip()
        if not text:
            continue
        verdict = judge(rulebook, scenario_id, text, at=at, site=site)
        print(json.dumps(verdict.as_dict(lang), ensure_ascii=False), file=out, flush=True)
    return 0


@dataclass(frozen=True)
class SiteLookup:
    name: str | None  # None: the database could not settle it
    timezone: str = DEFAULT_TIMEZONE
    problem: str | None = None  # when name is None: a key of _SCORE_ERRORS
    params: tuple[tuple[str, str], ...] = ()


def lookup_site(environ: Mapping[str, str], name: str | None) -> SiteLookup:
    """The named site, or else the only site, of DATABASE_URL (or the default SQLite file).

    A name the database does not know, or cannot be asked about, is used as given with Asia/Shanghai.
    The store is imported here only: the rules package itself knows no database.
    """
    from accounts.sites import site_by_name_or_only
    from store.db import DEFAULT_SQLITE_PATH, make_engine, make_session_factory, normalize_url, safe_url

    name = name.strip() if name and name.strip() else None
    raw_url = environ.get("DATABASE_URL", "").strip()
    url = normalize_url(raw_url) if raw_url else f"sqlite:///{DEFAULT_SQLITE_PATH}"
    shown = (("url", safe_url(url)),)
    if not raw_url and not DEFAULT_SQLITE_PATH.exists():  # not created just to be found empty
        return SiteLookup(name) if name else SiteLookup(None, problem="not_one_site", params=shown)
    engine = make_engine(url)
    try:
        found = site_by_name_or_only(make_session_factory(engine), name)
    except Exception as exc:  # any driver or schema error: the database cannot tell
        detail = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        return (
            SiteLookup(name)
            if name
            else SiteLookup(None, problem="no_database", params=(*shown, ("detail", detail)))
        )
    finally:
        engine.dispose()
    if found is not None:
        return SiteLookup(found.name, found.timezone)
    return SiteLookup(name) if name else SiteLookup(None, problem="not_one_site", params=shown)


def _moment(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date and time, e.g. 2026-12-25T10:00") from None


def _score(args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    lang: Lang = args.lang
    try:
        rulebook = load_rulebook(args.dir)
    except RulebookInvalid as exc:
        return report_errors(exc.errors, lang, sys.stderr)
    try:
        scenario(rulebook, args.scenario)
    except UnknownScenario as exc:
        message = _SCORE_ERRORS["unknown_scenario"][lang]
        print(message.format(scenario=exc.scenario, known=", ".join(exc.known)), file=sys.stderr)
        return 2
    found = lookup_site(environ, args.site)
    if found.name is None and needs_site(rulebook, args.scenario):
        reason = _SCORE_ERRORS[found.problem or "not_one_site"][lang].format(**dict(found.params))
        print(_SCORE_ERRORS["need_site"][lang].format(reason=reason), file=sys.stderr)
        return 2
    zone = ZoneInfo(found.timezone)
    at: datetime = args.at if args.at is not None else datetime.now(zone)
    if at.tzinfo is not None:
        at = at.astimezone(zone)
    for stream in (sys.stdin, sys.stdout):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    return run_score(rulebook, args.scenario, at, found.name, lang, sys.stdin, sys.stdout)


def build_parser(environ: Mapping[str, str]) -> argparse.ArgumentParser:
    common = content_arguments(
        environ, default_content_dir(), "content directory (default: rules/content of this package)"
    )
    parser, verbs = content_command(
        "python -m rules",
        "Check or export the conduct rulebook (rules/content/*.yaml).",
        common,
        (
            Verb(
                "check",
                "validate the content",
                "Validate every content file. Errors go to stderr, one per line, as "
                "path:line:column: rule-id: field: message, rule-id and field left out "
                "where they do not apply (exit 1); on success a one-line "
                "summary goes to stdout (exit 0).",
            ),
            Verb(
                "dump",
                "print the rulebook as JSON",
                "Print the whole rulebook (both languages, version, settings) to stdout. "
                "JSON is the only format, so --json is the default and may be omitted.",
            ),
            Verb(
                "score",
                "judge what staff say, one utterance per line on stdin",
                "Judge each line of stdin (blank lines are skipped) against the speech rules of "
                "a scenario; write one JSON object per line: text, ok, score, findings (rule, kind, "
                "message, suggestion). Exit 2 for an unknown scenario, a bad --at, or no --site when the "
                "database does not have exactly one site and the scenario needs the centre's name.",
            ),
        ),
    )
    verbs["dump"].add_argument("--json", action="store_true", help="JSON output (the default)")
    score = verbs["score"]
    score.add_argument("--scenario", required=True, help="e.g. phone.answer, greet, farewell")
    score.add_argument(
        "--at",
        type=_moment,
        default=None,
        metavar="YYYY-MM-DDTHH:MM",
        help="when the words are said, local time of the site (default: now there)",
    )
    score.add_argument(
        "--site",
        default=None,
        help="the service centre's name (default: the only site in DATABASE_URL / the SQLite file)",
    )
    return parser


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    environ = os.environ if environ is None else environ
    args = build_parser(environ).parse_args(argv)
    if args.verb == "score":
        return _score(args, environ)
    worker = run_check if args.verb == "check" else run_dump
    return worker(args.dir, args.lang, sys.stdout, sys.stderr)
