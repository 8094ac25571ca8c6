"""The `reader` command: with no subcommand it opens the reader; subcommands work on the
library from the shell. Each module of this package adds its subcommands to the parser and
sets the function that runs them (`set_defaults(run=...)`)."""

from __future__ import annotations

import argparse
import gc
import sys

from reader import __version__
from reader.cli import config, entities, explore, feeds, library, notes, review, search, triage
from reader.cli.app import offer_fresh_database, run_app
from reader.cli.common import common_options, fail
from reader.cli.handoff import changes_database, hand_to_app

__all__ = ["build_parser", "main", "offer_fresh_database", "run_command"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="A keyboard-driven terminal reader for news articles. With no command, opens the reader.",
        epilog="READER_HOME=DIR keeps all user data (library, database, config) in DIR.",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    common_options(parser, suppress=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    # in the order `reader --help` lists them; each adds its parser and the `run` that serves it
    for add in (
        library.add_list_,
        library.add_add,
        library.add_show,
        triage.add_mark,
        triage.add_tag,
        triage.add_note,
        triage.add_view,
        triage.add_delete,
        triage.add_restore,
        feeds.add_feed,
        feeds.add_sync,
        library.add_paths,
        library.add_backup,
        notes.add_export,
        notes.add_import_,
        review.add_review,
        entities.add_index,
        entities.add_entities,
        search.add_search,
        explore.add_explore,
        config.add_config,
        entities.add_corrections,
    ):
        add(commands)
    return parser


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The command line read. Opening the reader (no command, only the options every command
    takes) skips building each command's parser, 15 ms of its start-up; a command, --help,
    --version or a mistake goes to the whole parser, which serves and words them as usual."""
    quick = argparse.ArgumentParser(prog="reader", add_help=False, exit_on_error=False)
    common_options(quick, suppress=False)
    try:
        args, rest = quick.parse_known_args(argv)
    except argparse.ArgumentError:
        rest = argv
    if rest:
        return build_parser().parse_args(argv)
    args.command = None
    return args


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # Start-up makes many objects and little garbage (a 20,000-article database is 10 ms of
    # collections): none until a command runs or the app takes over collecting (IdleCollector).
    gc.disable()
    try:
        return _main(argv)
    finally:
        gc.enable()


def _main(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.command:  # a command's output, to a terminal or a pipe: never an escape sequence from the data
        from reader.core.text import PrintableStream

        for name in ("stdout", "stderr"):
            stream = getattr(sys, name)
            if not isinstance(stream, PrintableStream):
                setattr(sys, name, PrintableStream(stream))
    from reader.core.config import ConfigError
    from reader.services import Services

    try:
        services = Services.build(
            getattr(args, "library", None), getattr(args, "db", None), getattr(args, "model", None)
        )
    except ConfigError as error:
        return fail(str(error))
    missing = [root for root in services.roots if getattr(args, "library", None) and not root.is_dir()]
    if missing:
        return fail(f"no such folder: {missing[0]}")
    try:
        if args.command and changes_database(args) and _in_use(services):  # the open reader does it
            handed = hand_to_app(services, args, argv)
            if handed is not None:
                return handed
        return run_command(services, args)
    finally:
        services.close()
        for note in services.notes:
            print(f"reader: {note}", file=sys.stderr)


def _in_use(services) -> bool:
    from reader.core.store import StoreError

    try:
        return services.store.in_use
    except StoreError:
        return False  # the command says what is wrong with the database


def run_command(services, args) -> int:
    """A subcommand's exit code (or the app's), the errors every command can meet said in one line each."""
    from reader.core.entities import ModelUnavailable
    from reader.core.library import QueryError
    from reader.core.store import StoreError

    try:
        if args.command:
            gc.enable()
            return args.run(services, args)
        return run_app(services)
    except StoreError as error:
        return fail(str(error))
    except ModelUnavailable as error:
        return fail(f"entities are off: {error}")
    except QueryError as error:
        return fail(f"cannot read the query: {error}")
    except BrokenPipeError:  # `reader list | head`
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:  # e.g. the data folder cannot be created or written
        return fail(f"{error.filename or ''}: {error.strerror or error}".lstrip(": "))
