"""What every `python -m` command shares: the message language and directory arguments."""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol, TextIO

from core.errors import DomainError
from core.imports import ImportRefused
from i18n import message, t

Lang = Literal["zh", "en"]


class Formattable(Protocol):
    """A content error: it can say itself in either language."""

    def format(self, lang: Lang) -> str: ...


def default_lang(environ: Mapping[str, str]) -> Lang:
    """Chinese when $LANG says so, else English."""
    return "zh" if environ.get("LANG", "").lower().startswith("zh") else "en"


def existing_directory(value: str) -> Path:
    """An argparse type: a directory that exists, or a clear error (exit 2)."""
    path = Path(value)
    if not path.exists():
        raise argparse.ArgumentTypeError(f"{value}: not a directory (nothing exists at that path)")
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"{value}: not a directory")
    return path


def content_arguments(
    environ: Mapping[str, str], default_dir: Path, dir_help: str
) -> argparse.ArgumentParser:
    """The parent parser of every content command: an optional content DIR and --lang."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "dir", nargs="?", type=existing_directory, default=default_dir, metavar="DIR", help=dir_help
    )
    common.add_argument(
        "--lang",
        choices=["zh", "en"],
        default=default_lang(environ),
        help="message language (default: zh if $LANG starts with zh, else en)",
    )
    return common


_ERROR_COUNT: dict[Lang, str] = {"en": "{count} error(s) found", "zh": "共发现 {count} 个错误"}


def report_errors(errors: Sequence[Formattable], lang: Lang, err: TextIO) -> int:
    """Every content error on `err`, one a line, then how many; exit status 1."""
    for error in errors:
        print(error.format(lang), file=err)
    print(_ERROR_COUNT[lang].format(count=len(errors)), file=err)
    return 1


@dataclass(frozen=True)
class Verb:
    """One verb of a content command: its name, one-line help and longer description."""

    name: str
    help: str
    description: str


def content_command(
    prog: str, description: str, common: argparse.ArgumentParser, verbs: Sequence[Verb]
) -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The parser of a content command (`check`, `dump`...): each verb takes the common arguments;
    returns the parser and each verb's sub-parser, to add its own options to."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description=description,
        epilog="Exit status: 0 valid, 1 content errors (printed to stderr), 2 bad arguments.",
    )
    names = ",".join(verb.name for verb in verbs)
    subparsers = parser.add_subparsers(dest="verb", required=True, metavar=f"{{{names}}}")
    made = {
        verb.name: subparsers.add_parser(
            verb.name, parents=[common], help=verb.help, description=verb.description
        )
        for verb in verbs
    }
    return parser, made


def import_options(parser: argparse.ArgumentParser) -> None:
    """--encoding and --again, the same for every import command."""
    from core.sheets import ENCODINGS

    parser.add_argument(
        "--encoding",
        choices=list(ENCODINGS),
        help="the CSV's encoding (default: detected: UTF-8, UTF-16/UTF-32 with BOM, else GB18030; "
        "Latin-1 is never guessed, name it)",
    )
    parser.add_argument(
        "--again", action="store_true", help="import a file that was imported into this site before"
    )


def print_refusal(
    refused: ImportRefused,
    path: Path,
    lang: str,
    err: TextIO,
    *,
    field_prefix: str,
    row_key: str = "desk.cli.row_error",
    summary_key: str = "desk.cli.nothing_imported",
) -> None:
    """Every refused row of an import: file, row, the field's label and why; then that nothing was written."""
    for problem in refused.problems:
        field = "-"
        if problem.field:
            label = t(f"{field_prefix}.{problem.field}", lang)
            field = problem.field if label == f"{field_prefix}.{problem.field}" else label
        text = message(problem.error.key, lang, **problem.error.params)
        print(t(row_key, lang, path=path, row=problem.row, field=field, message=text), file=err)
    print(t(summary_key, lang, count=len(refused.problems)), file=err)


def read_file(path: Path, lang: str, err: TextIO) -> bytes | None:
    """The file's bytes, or None after saying why it cannot be read (no traceback)."""
    try:
        return path.read_bytes()
    except OSError as exc:
        print(t("import.file_unreadable", lang, path=path, detail=exc.strerror or str(exc)), file=err)
        return None


def print_import_failure(exc: DomainError, path: Path, lang: str, err: TextIO) -> int:
    """Why the file was not imported (and, if it was imported before, how to import it again); exit 1."""
    print(f"{path}: {message(exc.key, lang, **exc.params)}", file=err)
    if exc.key == "import.error.already_imported":
        print(t("import.again_cli", lang), file=err)
    return 1


def lang_on_verbs(*verbs: argparse.ArgumentParser) -> None:
    """--lang may also follow the verb (`import FILE --lang en`); it overrides the one before it."""
    for verb in verbs:
        verb.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS)


def database_command(prog: str, doc: str | None, environ: Mapping[str, str]) -> argparse.ArgumentParser:
    """The parser of a command that works on the database: its docstring as help, and --lang."""
    parser = argparse.ArgumentParser(
        prog=prog, description=doc, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--lang", choices=["zh", "en"], default=default_lang(environ))
    return parser


def import_verb(verbs: Any, help_text: str) -> argparse.ArgumentParser:
    """`import FILE [--site NAME] [--encoding ...] [--again]` under `verbs` (an argparse subparsers)."""
    imp: argparse.ArgumentParser = verbs.add_parser("import", help=help_text)
    imp.add_argument("file", type=Path)
    imp.add_argument("--site", help="site name (default: the only site; an empty database gets one)")
    import_options(imp)
    return imp
