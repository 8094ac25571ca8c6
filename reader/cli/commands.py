"""The subcommands: the parser that knows them all (each module of this package adds its
own and sets the function that runs it, `set_defaults(run=...)`), and running one with the
errors every command can meet said in one line each."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable

from reader import __version__
from reader.cli import (
    accounts,
    config,
    entities,
    explore,
    feeds,
    imports,
    library,
    notes,
    review,
    rules,
    search,
    triage,
)
from reader.cli.common import common_options, fail


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
        triage.add_clean,
        feeds.add_feed,
        feeds.add_sync,
        rules.add_rule,
        accounts.add_account,
        library.add_paths,
        library.add_backup,
        notes.add_export,
        imports.add_import_,
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


def run_command(services, args) -> int:
    """A subcommand's exit code."""
    gc.enable()
    return answered(lambda: args.run(services, args))


def answered(run: Callable[[], int]) -> int:
    """`run()`'s exit code, the errors every command (and the app) can meet said in one line each."""
    from reader.core.entities import ModelUnavailable
    from reader.core.library import QueryError
    from reader.core.store import StoreError

    try:
        return run()
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
