"""What every `python -m` command shares: the message language and directory arguments."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

Lang = Literal["zh", "en"]


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
