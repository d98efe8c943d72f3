"""The `marketplace` command: serve, migrate, seed, reindex, indexer."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
import time
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from marketplace.config import get_settings
from marketplace.progress import ProgressBar
from search.base import IndexKind, check_kind

if TYPE_CHECKING:
    from marketplace.container import Services


def _container() -> Services:
    from marketplace.container import build_container

    return build_container(get_settings())


READY = "ready: the service answers at"


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from marketplace.app import create_app

    class Server(uvicorn.Server):
        """Says where the service answers once it listens: after the warm-up (see
        `marketplace.warmup`), so the first page opened from that line never waits for it."""

        async def startup(self, sockets: list[Any] | None = None) -> None:
            await super().startup(sockets)
            if self.started:
                print(f"{READY} http://{args.host}:{args.port}/", flush=True)

    config = uvicorn.Config(
        create_app(),
        host=args.host,
        port=args.port,
        log_level="warning",
        access_log=False,
        server_header=False,  # no software banner
    )
    Server(config).run()
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from marketplace.migrate import migrate

    loaded = migrate(get_settings().database_url)
    print(f"database is up to date; taxonomy concepts loaded: {loaded}")
    return 0


def cmd_seed(args: argparse.Namespace) -> int:
    from marketplace.accounts.models import User
    from marketplace.db import session_scope
    from marketplace.demo.generator import DEMO_LOGINS, generate_demo
    from marketplace.demo.service_model import seed_service_model_demo
    from marketplace.warmup import prepare

    if not args.demo:
        print("nothing to do: pass --demo", file=sys.stderr)
        return 2
    container = _container()
    factory = container.session_factory
    with factory() as session:
        users = session.scalar(select(func.count()).select_from(User)) or 0
    if users and args.if_empty:
        print(f"database already has {users} users; demo data not added")
    else:
        started = time.perf_counter()
        with session_scope(factory) as session:
            summary = generate_demo(session)
            customers = seed_service_model_demo(session, date.today())
        print(f"demo data created in {time.perf_counter() - started:.1f} s: {summary}")
        print(f"employment-service customers: {customers}")
        print("building search indices (the first run encodes every text once)...")
        for kind in ("vacancies", "profiles"):
            count = container.indexer.reindex(kind, tell=print)
            print(f"  {kind}: {count} documents")
        container.indexer.drain()
        print("preparing the profile builder's suggestions (computed once, then cached)...")
        prepare(container)
    print("\nDemo logins:")
    for role, email, password in DEMO_LOGINS:
        print(f"  {role:<11} {email:<24} {password}")
    container.search.close()
    return 0


def cmd_reindex(args: argparse.Namespace) -> int:
    container = _container()
    kinds: list[IndexKind] = [check_kind(args.kind)] if args.kind else ["vacancies", "profiles"]
    try:
        for kind in kinds:
            started = time.perf_counter()
            count = container.indexer.reindex(
                kind, progress=ProgressBar(kind), restart=args.restart, tell=print
            )
            print(f"{kind}: {count} documents in {time.perf_counter() - started:.1f} s")
    except KeyboardInterrupt:
        print("\ninterrupted: the old index still serves; run it again to resume", file=sys.stderr)
        return 130
    finally:
        container.search.close()
    return 0


def cmd_indexer(args: argparse.Namespace) -> int:
    container = _container()
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    print("indexer running; Ctrl-C stops it")
    container.indexer.run_forever(stop)
    container.search.close()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="marketplace", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the web service")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(func=cmd_serve)
    sub.add_parser("migrate", help="create or upgrade the database schema").set_defaults(
        func=cmd_migrate
    )
    seed = sub.add_parser("seed", help="add demo data")
    seed.add_argument("--demo", action="store_true", help="generate the demo data set")
    seed.add_argument("--if-empty", action="store_true", help="only when there are no users")
    seed.set_defaults(func=cmd_seed)
    reindex = sub.add_parser(
        "reindex",
        help="rebuild search indices and swap them in (searches use the old ones meanwhile; "
        "after an interruption, running it again resumes from the last batch written)",
    )
    reindex.add_argument("kind", nargs="?", choices=["vacancies", "profiles"])
    reindex.add_argument(
        "--restart",
        action="store_true",
        help="discard an unfinished rebuild and start over instead of resuming it",
    )
    reindex.set_defaults(func=cmd_reindex)
    sub.add_parser("indexer", help="apply the search outbox continuously").set_defaults(
        func=cmd_indexer
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    logging.basicConfig(level=logging.WARNING)
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
