"""`python -m store upgrade | backup FILE | restore FILE` on the database named by DATABASE_URL."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from store.backup import BackupFailed, backup, restore
from store.db import database_url, make_engine, safe_url
from store.migrate import upgrade


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m store", description=__doc__)
    verbs = parser.add_subparsers(dest="verb", required=True)
    verbs.add_parser("upgrade", help="migrate the schema to the latest version")
    verbs.add_parser("backup", help="write a backup of the database to FILE").add_argument("file", type=Path)
    verbs.add_parser(
        "restore", help="replace the database with the backup in FILE (stop the app first)"
    ).add_argument("file", type=Path)
    args = parser.parse_args(argv)
    url = database_url()
    try:
        if args.verb == "backup":
            backup(url, args.file)
            print(f"backup of {safe_url(url)} written to {args.file}")
            return 0
        if args.verb == "restore":
            restore(url, args.file)
            print(f"{safe_url(url)} restored from {args.file}")
        engine = make_engine(url)
        upgrade(engine)  # a backup from an older version is brought up to date at once
        engine.dispose()
    except BackupFailed as exc:
        print(f"{args.verb} failed: {exc}", file=sys.stderr)
        return 1
    except (SQLAlchemyError, OSError) as exc:
        print(f"cannot {args.verb} database {safe_url(url)}: {exc}", file=sys.stderr)
        return 1
    print(f"database schema up to date: {safe_url(url)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
