"""The `reader` command: with no subcommand it opens the reader (`app`); subcommands work on
the library from the shell (`commands`: the parser and the dispatch; each module of this
package adds its subcommands). While the reader is open, the commands that change the
database are handed to it (`handoff`)."""

from __future__ import annotations

import argparse
import gc
import sys

from reader.cli.app import offer_fresh_database, run_app
from reader.cli.commands import answered, build_parser, run_command
from reader.cli.common import common_options, fail
from reader.cli.handoff import changes_database, hand_to_app

__all__ = ["build_parser", "main", "offer_fresh_database", "run_command"]


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
        if args.command == "config":  # `reader config check`: every problem, the [keys] too
            from reader.cli.config import check_file
            from reader.core.paths import Paths

            return check_file(Paths.from_env().config_path, error.problems)
        for problem in error.problems[:-1]:
            print(f"reader: {problem}", file=sys.stderr)
        return fail(error.problems[-1])
    missing = [root for root in services.roots if getattr(args, "library", None) and not root.is_dir()]
    if missing:
        return fail(f"no such folder: {missing[0]}")
    try:
        if args.command and changes_database(args) and _in_use(services):  # the open reader does it
            handed = hand_to_app(services, args, argv)
            if handed is not None:
                return handed
        return run_command(services, args) if args.command else answered(lambda: run_app(services))
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
