"""`python -m store upgrade`: create or update the database schema named by DATABASE_URL."""

from __future__ import annotations

import argparse
import sys

from sqlalchemy.exc import SQLAlchemyError

from store.db import database_url, make_engine, safe_url
from store.migrate import upgrade


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m store", description=__doc__)
    parser.add_argument("verb", choices=["upgrade"], help="upgrade: migrate the schema to the latest version")
    parser.parse_args(argv)
    url = database_url()
    try:
        upgrade(make_engine(url))
    except (SQLAlchemyError, OSError) as exc:
        print(f"cannot upgrade database {safe_url(url)}: {exc}", file=sys.stderr)
        return 1
    print(f"database schema up to date: {safe_url(url)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
