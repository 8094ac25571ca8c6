"""The `reader` command: with no subcommand it opens the reader; subcommands work on the
library from the shell."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from reader import __version__


def _common(parser: argparse.ArgumentParser, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--library", metavar="DIR", type=Path, action="append", default=default,
        help="read articles from DIR instead of the default library (repeatable)",
    )
    parser.add_argument("--db", metavar="PATH", type=Path, default=default, help="use this database file")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="A keyboard-driven terminal reader for news articles. With no command, opens the reader.",
        epilog="READER_HOME=DIR keeps all user data (library, database, config) in DIR.",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    _common(parser, suppress=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    listing = commands.add_parser("list", help="print the library")
    listing.add_argument("--json", action="store_true", help="print a JSON array of articles")
    _common(listing, suppress=True)

    add = commands.add_parser("add", help="copy article files or folders into your library")
    add.add_argument("paths", metavar="PATH", nargs="+", type=Path)
    _common(add, suppress=True)

    paths = commands.add_parser("paths", help="print where reader keeps your data")
    _common(paths, suppress=True)
    return parser


def _error(message: str) -> int:
    print(f"reader: {message}", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from reader.core.config import ConfigError
    from reader.core.store import StoreError
    from reader.services import Services

    try:
        services = Services.build(getattr(args, "library", None), getattr(args, "db", None))
    except ConfigError as error:
        return _error(str(error))
    missing = [root for root in services.roots if getattr(args, "library", None) and not root.is_dir()]
    if missing:
        return _error(f"no such folder: {missing[0]}")
    try:
        if args.command == "list":
            return cmd_list(services, args.json)
        if args.command == "add":
            return cmd_add(services, args.paths)
        if args.command == "paths":
            return cmd_paths(services)
        return run_app(services)
    except StoreError as error:
        return _error(str(error))
    except OSError as error:  # e.g. the data folder cannot be created or written
        return _error(f"{error.filename or ''}: {error.strerror or error}".lstrip(": "))
    except BrokenPipeError:  # `reader list | head`
        sys.stderr.close()
        return 0
    finally:
        services.close()


def _report_skipped(skipped) -> None:
    for item in skipped:
        print(f"skipped: {item}", file=sys.stderr)


def cmd_list(services, as_json: bool) -> int:
    library = services.scan()
    _report_skipped(library.skipped)
    for entry in library.entries:
        for warning in entry.warnings:
            print(f"warning: {entry.id}: {warning}", file=sys.stderr)
    if as_json:
        json.dump([entry.to_json() for entry in library.entries], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    width = max((len(e.id) for e in library.entries), default=2)
    for entry in library.entries:
        date = entry.date.isoformat() if entry.date else "-"
        print(f"{entry.id:<{width}}  {date:<10}  {entry.words:>6}  {entry.title}")
    return 0


def cmd_add(services, sources: list[Path]) -> int:
    from reader.core.library import add_to_library

    report = add_to_library(sources, services.paths.library_dir, services.config.max_file_bytes)
    for path in report.added:
        print(f"added: {path}")
    for source, existing in report.duplicates:
        print(f"duplicate: {source} (already in the library as {existing})")
    _report_skipped(report.skipped)
    print(
        f"{len(report.added)} added, {len(report.duplicates)} duplicate(s), {len(report.skipped)} skipped",
        file=sys.stderr,
    )
    return 0 if report.added or report.duplicates or not report.skipped else 1


def cmd_paths(services) -> int:
    print(f"library:  {services.paths.library_dir}")
    print(f"database: {services.db_path}")
    print(f"config:   {services.paths.config_path}")
    print(f"cache:    {services.paths.cache_dir}")
    print("reading from:")
    for root in services.roots:
        print(f"  {root}")
    return 0


def run_app(services) -> int:
    services.store  # a damaged or foreign database stops here, with its message
    services.scan_in_background()
    from reader.ui.app import ReaderApp

    ReaderApp(services).run()
    return 0
