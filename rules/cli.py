"""`python -m rules check|dump`: argparse wrapper over worker functions that tests call directly."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TextIO

from rules.errors import RulebookInvalid
from rules.loader import default_content_dir, load_rulebook
from rules.model import Lang

_SUMMARY: dict[Lang, str] = {
    "en": "OK: {rules} rules in {categories} categories, rulebook {label}",
    "zh": "内容有效：{categories} 个类别共 {rules} 条规则，规则手册版本 {label}",
}
_ERROR_COUNT: dict[Lang, str] = {
    "en": "{count} error(s) found",
    "zh": "共发现 {count} 个错误",
}


def default_lang(environ: Mapping[str, str]) -> Lang:
    return "zh" if environ.get("LANG", "").lower().startswith("zh") else "en"


def _report(exc: RulebookInvalid, lang: Lang, err: TextIO) -> int:
    for error in exc.errors:
        print(error.format(lang), file=err)
    print(_ERROR_COUNT[lang].format(count=len(exc.errors)), file=err)
    return 1


def run_check(content_dir: Path, lang: Lang, out: TextIO, err: TextIO) -> int:
    """Validate; on success print a one-line summary to `out`, else every error to `err`."""
    try:
        rulebook = load_rulebook(content_dir)
    except RulebookInvalid as exc:
        return _report(exc, lang, err)
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
        return _report(exc, lang, err)
    print(json.dumps(rulebook.as_dict(), ensure_ascii=False, indent=2), file=out)
    return 0


def _directory(value: str) -> Path:
    path = Path(value)
    if not path.exists():
        raise argparse.ArgumentTypeError(f"{value}: no such directory")
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"{value}: not a directory")
    return path


def build_parser(environ: Mapping[str, str]) -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "dir",
        nargs="?",
        type=_directory,
        default=default_content_dir(),
        metavar="DIR",
        help="content directory (default: the rules/content directory of this package)",
    )
    common.add_argument(
        "--lang",
        choices=["zh", "en"],
        default=default_lang(environ),
        help="message language (default: zh if $LANG starts with zh, else en)",
    )
    parser = argparse.ArgumentParser(
        prog="python -m rules",
        description="Check or export the conduct rulebook (rules/content/*.yaml).",
        epilog="Exit status: 0 valid, 1 content errors (printed to stderr), 2 bad arguments.",
    )
    verbs = parser.add_subparsers(dest="verb", required=True, metavar="{check,dump}")
    verbs.add_parser(
        "check",
        parents=[common],
        help="validate the content",
        description="Validate every content file. Errors go to stderr, one per line, as "
        "path:line:column: rule-id: field: message, rule-id and field left out "
        "where they do not apply (exit 1); on success a one-line "
        "summary goes to stdout (exit 0).",
    )
    dump = verbs.add_parser(
        "dump",
        parents=[common],
        help="print the rulebook as JSON",
        description="Print the whole rulebook (both languages, version, settings) to stdout. "
        "JSON is the only format, so --json is the default and may be omitted.",
    )
    dump.add_argument("--json", action="store_true", help="JSON output (the default)")
    return parser


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    args = build_parser(os.environ if environ is None else environ).parse_args(argv)
    worker = run_check if args.verb == "check" else run_dump
    return worker(args.dir, args.lang, sys.stdout, sys.stderr)
