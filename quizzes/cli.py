"""`python -m quizzes check|coverage`: argparse wrapper over worker functions that tests call directly."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TextIO

from content.errors import ContentError
from core.cli_args import content_arguments, existing_directory
from quizzes.generate import coverage
from quizzes.loader import QuizContentInvalid, default_content_dir, load_quiz_content
from quizzes.model import QuizContent
from rules.errors import RulebookInvalid
from rules.loader import default_content_dir as default_rules_dir
from rules.loader import load_rulebook
from rules.model import Lang, Rulebook

_SUMMARY: dict[Lang, str] = {
    "en": "OK: {questions} questions ({generated} generated, {bank} from banks), {quizzes} quizzes "
    "({certifications} certification), rulebook {label}",
    "zh": "内容有效：共 {questions} 道题（自动生成 {generated} 道，题库 {bank} 道），{quizzes} 个测验"
    "（认证 {certifications} 个），规则手册版本 {label}",
}
_ERROR_COUNT: dict[Lang, str] = {"en": "{count} error(s) found", "zh": "共发现 {count} 个错误"}
_COVERAGE_HEAD: dict[Lang, str] = {
    "en": "rule id / questions (generated + bank); rules without a question first",
    "zh": "规则编号 / 题目数（自动生成 + 题库）；没有题目的规则排在最前",
}


def _report(errors: Sequence[ContentError], lang: Lang, err: TextIO) -> int:
    for error in errors:
        print(error.format(lang), file=err)
    print(_ERROR_COUNT[lang].format(count=len(errors)), file=err)
    return 1


def _load(content_dir: Path, rules_dir: Path, lang: Lang, err: TextIO) -> tuple[Rulebook, QuizContent] | int:
    try:
        rulebook = load_rulebook(rules_dir)
    except RulebookInvalid as exc:
        return _report(exc.errors, lang, err)
    try:
        return rulebook, load_quiz_content(content_dir, rulebook)
    except QuizContentInvalid as exc:
        return _report(exc.errors, lang, err)


def run_check(content_dir: Path, rules_dir: Path, lang: Lang, out: TextIO, err: TextIO) -> int:
    """Validate the banks and blueprints against the rulebook: a summary to `out` (0), or every error
    to `err` as path:line:column: id: field: message (1)."""
    loaded = _load(content_dir, rules_dir, lang, err)
    if isinstance(loaded, int):
        return loaded
    rulebook, content = loaded
    generated = sum(1 for q in content.pool if q.origin == "generated")
    summary = _SUMMARY[lang].format(
        questions=len(content.pool),
        generated=generated,
        bank=len(content.pool) - generated,
        quizzes=len(content.blueprints),
        certifications=len(content.certifications),
        label=rulebook.version_label,
    )
    print(summary, file=out)
    return 0


def run_coverage(
    content_dir: Path, rules_dir: Path, as_json: bool, lang: Lang, out: TextIO, err: TextIO
) -> int:
    """For every rule id, how many questions can test it; rules with none first."""
    loaded = _load(content_dir, rules_dir, lang, err)
    if isinstance(loaded, int):
        return loaded
    rulebook, content = loaded
    rows = coverage(rulebook, content.pool)
    if as_json:
        data = [
            {"rule": rule, "questions": generated + bank, "generated": generated, "bank": bank}
            for rule, generated, bank in rows
        ]
        print(json.dumps(data, ensure_ascii=False, indent=2), file=out)
        return 0
    print(_COVERAGE_HEAD[lang], file=out)
    width = max(len(rule) for rule, _, _ in rows)
    for rule, generated, bank in rows:
        print(f"{rule:<{width}}  {generated + bank:>3}  ({generated} + {bank})", file=out)
    return 0


def build_parser(environ: Mapping[str, str]) -> argparse.ArgumentParser:
    common = content_arguments(
        environ, default_content_dir(), "quiz content directory (default: quizzes/content of this package)"
    )
    common.add_argument(
        "--rules",
        type=existing_directory,
        default=default_rules_dir(),
        metavar="DIR",
        help="rulebook content directory the questions refer to (default: rules/content)",
    )
    parser = argparse.ArgumentParser(
        prog="python -m quizzes",
        description="Check the quiz banks and blueprints (quizzes/content/*.yaml) against the rulebook.",
        epilog="Exit status: 0 valid, 1 content errors (printed to stderr), 2 bad arguments.",
    )
    verbs = parser.add_subparsers(dest="verb", required=True, metavar="{check,coverage}")
    verbs.add_parser(
        "check",
        parents=[common],
        help="validate banks and blueprints",
        description="Validate every bank and blueprints.yaml. Errors go to stderr, one per line, as "
        "path:line:column: id: field: message (exit 1); on success a summary goes to stdout (exit 0).",
    )
    cover = verbs.add_parser(
        "coverage",
        parents=[common],
        help="how many questions can test each rule",
        description="For every rule id, how many questions (generated and from the banks) can test it; "
        "rules without any question are listed first.",
    )
    cover.add_argument(
        "--json", action="store_true", help="a JSON list of {rule, questions, generated, bank}"
    )
    return parser


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    environ = os.environ if environ is None else environ
    args = build_parser(environ).parse_args(argv)
    if args.verb == "coverage":
        return run_coverage(args.dir, args.rules, args.json, args.lang, sys.stdout, sys.stderr)
    return run_check(args.dir, args.rules, args.lang, sys.stdout, sys.stderr)
