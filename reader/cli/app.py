"""The reader itself (no command): the database checked first, a damaged one offered a fresh start."""

from __future__ import annotations

import sys


def offer_fresh_database(services, error) -> bool:
    """The database cannot be used: say why and, on a terminal, offer to start a fresh one
    beside it (the old file is kept, renamed). True if a fresh one was started."""
    from reader.core.files import stamp

    print(f"reader: {error}", file=sys.stderr)
    if not sys.stdin.isatty():
        return False
    path = services.db_path
    kept = path.with_name(f"{path.name}.damaged-{stamp()}")
    answer = input(f"Start a fresh database? The old file is kept as {kept.name}. [y/N] ").strip().lower()
    if answer not in ("y", "yes"):
        return False
    path.rename(kept)
    journal = path.with_name(path.name + ".journal")
    if journal.exists():
        journal.rename(kept.with_name(kept.name + ".journal"))
    print(f"kept the old database as {kept}", file=sys.stderr)
    return True


def run_app(services) -> int:
    """The app. With the first screen kept at the last quit, it is drawn before the database
    is opened (off the UI, with the scan): a database that cannot be used then ends the app,
    and the fresh start is offered here as before it."""
    from reader.core.store import StoreError
    from reader.services import first_screen

    kept = first_screen.load(services)
    if kept is None or not services.db_path.exists():
        try:
            _ = services.store  # a damaged or foreign database stops here, with its message
        except StoreError as error:
            if not offer_fresh_database(services, error):
                return 1
            _ = services.store
    if kept is None:  # nothing to show first: the scan overlaps with the UI's start-up
        services.scan_in_background()
    from reader.cli.handoff import run_request
    from reader.core.entities.process import EntityProcess
    from reader.ui.app import ReaderApp

    try:
        ended = ReaderApp(services, first_screen=kept, run_request=run_request).run()
    finally:
        EntityProcess.close_all()  # the model's process goes with the reader
    if isinstance(ended, StoreError):  # found when the database was opened behind the first screen
        return run_app(services) if offer_fresh_database(services, ended) else 1
    return 0
