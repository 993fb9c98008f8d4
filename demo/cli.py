"""`python -m demo load [--days 90] [--staff 8] [--seed 2026] [--site NAME]` and
`python -m demo bench [--days 365] [--staff 50] [--seed 2026] [--repeats 5] [--database-url URL]`,
and its scale mode `python -m demo bench --sites 50 [--years 2] [--repeats 5] [--database-url URL]`.

`load` honours DATABASE_URL and brings the schema up to date first; it is one transaction, so an
interrupted load leaves nothing behind. Exit codes: 0 done, 1 refused (the database already has demo
users or real accounts, or stayed busy) or a benchmark query failed, 2 bad arguments, 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from core.cli_args import default_lang
from core.errors import DomainError
from demo.loader import DEFAULT_SITE_NAME, load_demo
from demo.opening import DemoRefused
from i18n import message, t
from store.db import database_url, make_engine, safe_url
from store.migrate import upgrade


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def run_load(days: int, staff: int, seed: int, site: str, lang: str, out: TextIO, err: TextIO) -> int:
    url = database_url()
    engine = make_engine(url)
    try:
        upgrade(engine)
        print(t("demo.cli.loading", lang, url=safe_url(url), days=days, staff=staff, seed=seed), file=out)
        step = max(1, days // 10)

        def progress(done: int, total: int, label: str) -> None:
            if done == 1 or done % step == 0 or done == total:
                shown = t("demo.progress_accounts", lang) if label == "accounts" else label
                print(t("demo.cli.progress", lang, done=done, total=total, label=shown), file=out, flush=True)

        summary = load_demo(engine, days=days, staff=staff, seed=seed, site_name=site, progress=progress)
    except DomainError as exc:  # refused (demo accounts or real data there), or the database busy
        print(message(exc.key, lang, **exc.params), file=err)
        return 1
    except KeyboardInterrupt:  # the load is one transaction: nothing of it was saved
        print(t("demo.cli.interrupted", lang), file=err)
        return 130
    finally:
        engine.dispose()
    print(t("demo.cli.done", lang, site=summary.site_name, seconds=round(summary.seconds)), file=out)
    if summary.quizzes_skipped:
        print(t("demo.quizzes_skipped", lang, reason=summary.quizzes_skipped), file=out)
    print(t("demo.logins", lang, password=summary.password), file=out)
    for person in summary.people:
        print(f"  {person.username:<18} {t(f'role.{person.role}', lang)}  {person.display_name}", file=out)
    return 0


def main(argv: Sequence[str] | None = None, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m demo", description="Demo data and the dashboards' benchmark."
    )
    verbs = parser.add_subparsers(dest="verb", required=True)
    load = verbs.add_parser("load", help="load a demo service centre into the configured database")
    load.add_argument("--days", type=positive, default=90)
    load.add_argument("--staff", type=positive, default=8)
    load.add_argument("--seed", type=int, default=2026)
    load.add_argument("--site", default=DEFAULT_SITE_NAME, help="name of the centre (a fresh database only)")
    bench = verbs.add_parser("bench", help="time the dashboards on a year of generated data")
    bench.add_argument("--days", type=positive, default=365)
    bench.add_argument("--staff", type=positive, default=50)
    bench.add_argument("--seed", type=int, default=2026)
    bench.add_argument("--repeats", type=positive, default=5)
    bench.add_argument(
        "--database-url", help="an empty database to fill (default: a new temporary SQLite file)"
    )
    bench.add_argument("--no-pages", action="store_true", help="time the queries only, not the page renders")
    bench.add_argument(
        "--sites", type=positive, help="scale mode: this many centres, rows written in batches"
    )
    bench.add_argument("--years", type=float, default=2.0, help="scale mode: years of data (default 2)")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    lang = default_lang(os.environ)
    if args.verb == "load":
        return run_load(args.days, args.staff, args.seed, args.site, lang, out, err)
    if args.sites:
        from demo.scale import ScaleSize
        from demo.scale_bench import run_scale_bench

        size = ScaleSize(sites=args.sites, years=args.years)
        return run_scale_bench(args.database_url, size, repeats=args.repeats, seed=args.seed, out=out)
    from demo.bench import run_bench

    try:
        return run_bench(
            args.database_url, days=args.days, staff=args.staff, seed=args.seed, repeats=args.repeats,
            pages=not args.no_pages, out=out,
        )  # fmt: skip
    except DemoRefused as exc:
        print(message(exc.key, lang, **exc.params), file=err)
        return 1
