"""`python -m quizzes check|lint|coverage|dump`: argparse wrapper over worker functions that tests call."""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TextIO

from content.errors import ContentError, make_error
from core.cli_args import Verb, content_arguments, content_command, existing_directory, report_errors
from quizzes import generate, lint, lint_wording
from quizzes.coverage import coverage
from quizzes.dump import dump
from quizzes.loader import (
    QuizContentInvalid,
    bank_sources,
    default_content_dir,
    lint_error,
    load_quiz_content,
)
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
_LINT_OK: dict[Lang, str] = {
    "en": "lint OK: {questions} questions; the right option is the longest in {right} of {counted} "
    "choice questions with 3+ options ({percent}%)",
    "zh": "审校通过：共 {questions} 道题；{counted} 道三个以上选项的选择题中，正确选项最长的有 {right} 道"
    "（{percent}%）",
}
_COVERAGE_HEAD: dict[Lang, str] = {
    "en": "rule id / questions (generated + bank); rules without a question first",
    "zh": "规则编号 / 题目数（自动生成 + 题库）；没有题目的规则排在最前",
}


def _load(content_dir: Path, rules_dir: Path, lang: Lang, err: TextIO) -> tuple[Rulebook, QuizContent] | int:
    try:
        rulebook = load_rulebook(rules_dir)
    except RulebookInvalid as exc:
        return report_errors(exc.errors, lang, err)
    try:
        return rulebook, load_quiz_content(content_dir, rulebook)
    except QuizContentInvalid as exc:
        return report_errors(exc.errors, lang, err)


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


def _generated_where(template: str) -> tuple[Path, int]:
    """The line of generate.py that builds a template's questions, so generated findings point at code."""
    path = Path(generate.__file__)
    lines = path.read_text(encoding="utf-8").splitlines()
    needles = (f'template="{template}"', f'("{template}",')
    line = next((i + 1 for i, text in enumerate(lines) if any(n in text for n in needles)), 1)
    return path, line


def lint_errors(content_dir: Path, rulebook: Rulebook, content: QuizContent) -> list[ContentError]:
    """Every lint finding of the pool as a content error: bank questions at their file's line, generated
    ones at the generating code, and the longest-option share at the content directory."""
    where = bank_sources(content_dir)
    errors: list[ContentError] = []
    for finding in [*lint.lint_pool(content.pool, rulebook), *lint_wording.wording_pool(content.pool)]:
        if finding.question_id in where:
            source, index = where[finding.question_id]
            errors.append(lint_error(source, index, finding))
        else:
            path, line = _generated_where(content.questions[finding.question_id].template)
            field = ".".join(str(p) for p in finding.loc) or None
            errors.append(
                make_error(path, line, 1, finding.code, dict(finding.params),
                           rule_id=finding.question_id, field=field)
            )  # fmt: skip
    share = lint.longest_share(content.pool)
    if not share.ok:
        params = {
            "right": share.longest_right,
            "counted": share.counted,
            "percent": round(100 * share.share),
            "examples": ", ".join(share.questions)[:400],
        }
        errors.append(make_error(content_dir, 1, 1, "longest_share", params))
    balance = lint_wording.true_false_balance(content.pool)
    if not balance.ok:
        params = {"true": balance.true, "counted": balance.counted}
        errors.append(make_error(content_dir, 1, 1, "true_false_balance", params))
    return errors


def run_lint(content_dir: Path, rules_dir: Path, lang: Lang, out: TextIO, err: TextIO) -> int:
    """The reviewer's checks over every question (bank and generated): 0 with a summary, 1 with each
    finding as path:line:column: id: field: message."""
    loaded = _load(content_dir, rules_dir, lang, err)
    if isinstance(loaded, int):
        return loaded
    rulebook, content = loaded
    errors = lint_errors(content_dir, rulebook, content)
    if errors:
        return report_errors(errors, lang, err)
    share = lint.longest_share(content.pool)
    print(
        _LINT_OK[lang].format(
            questions=len(content.pool),
            right=share.longest_right,
            counted=share.counted,
            percent=round(100 * share.share),
        ),
        file=out,
    )
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


def run_dump(
    content_dir: Path,
    rules_dir: Path,
    site: str | None,
    lang: Lang,
    out: TextIO,
    err: TextIO,
    sample: int | None = None,
    seed: int = 0,
) -> int:
    """Every question (generated and from the banks) as a JSON list, `{site}` filled with `site`; with
    `sample`, that many of them drawn at random from the seed (a reviewer's reproducible sample)."""
    loaded = _load(content_dir, rules_dir, lang, err)
    if isinstance(loaded, int):
        return loaded
    _, content = loaded
    rows = dump(content.pool, site)
    if sample is not None:
        rows = random.Random(seed).sample(rows, min(sample, len(rows)))
    print(json.dumps(rows, ensure_ascii=False, indent=2), file=out)
    return 0


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive number")
    return number


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
    parser, verbs = content_command(
        "python -m quizzes",
        "Check the quiz banks and blueprints (quizzes/content/*.yaml) against the rulebook.",
        common,
        (
            Verb(
                "check",
                "validate banks and blueprints",
                "Validate every bank and blueprints.yaml. Errors go to stderr, one per line, as "
                "path:line:column: id: field: message (exit 1); on success a summary goes to stdout "
                "(exit 0).",
            ),
            Verb(
                "lint",
                "the reviewer's checks: giveaways, also-right or implausible distractors, centre names",
                "Check every question (bank and generated) as a reviewer would: the right option "
                "echoed in the prompt or much longer than the others, a wrong option the script judge "
                "passes, slash-alternatives, duplicate options, a centre named instead of {site}, "
                "unknown rule or duty ids, a wrong option without 'why', a give-away word "
                "(一律, 只要, 反正, 就行 ...) only in wrong options or in a false statement, a wrong "
                "option of an odd length, the right option longest in more than about a third of the "
                "choice questions and true/false statements nearly all false. Errors go to stderr as "
                "path:line:column: id: field: message (exit 1).",
            ),
            Verb(
                "coverage",
                "how many questions can test each rule",
                "For every rule id, how many questions (generated and from the banks) can test it; "
                "rules without any question are listed first.",
            ),
            Verb(
                "dump",
                "every question as JSON",
                "Every question (bank and generated) as a JSON list of {id, kind, source, situation, "
                "rule_ids, duties, prompt, why, options [{zh, en, correct}] ...}.",
            ),
        ),
    )
    cover, dumping = verbs["coverage"], verbs["dump"]
    cover.add_argument(
        "--json", action="store_true", help="a JSON list of {rule, questions, generated, bank}"
    )
    dumping.add_argument("--json", action="store_true", help="JSON output (the only format)")
    dumping.add_argument("--site", metavar="NAME", help="the service centre that {site} stands for")
    dumping.add_argument(
        "--sample",
        type=_positive,
        metavar="N",
        help="only N questions, drawn at random (reproducible by --seed)",
    )
    dumping.add_argument("--seed", type=int, default=0, help="the seed of --sample (default 0)")
    return parser


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    environ = os.environ if environ is None else environ
    args = build_parser(environ).parse_args(argv)
    if args.verb == "dump":
        return run_dump(
            args.dir, args.rules, args.site, args.lang, sys.stdout, sys.stderr, args.sample, args.seed
        )
    if args.verb == "lint":
        return run_lint(args.dir, args.rules, args.lang, sys.stdout, sys.stderr)
    if args.verb == "coverage":
        return run_coverage(args.dir, args.rules, args.json, args.lang, sys.stdout, sys.stderr)
    return run_check(args.dir, args.rules, args.lang, sys.stdout, sys.stderr)
