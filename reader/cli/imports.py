"""`reader import FILE`: highlights, articles and books from another tool's export (Readwise,
Kindle, Pocket, Instapaper, Omnivore, wallabag, Hypothesis, KOReader) or reader's own W3C
JSON, told apart by the file itself; `--from` names the format, `--dry-run` only counts,
`--json` gives the summary as data. The pages it names by address are fetched after it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from reader.cli.common import common_options, fail, progress
from reader.core.text import inert


def add_import_(commands) -> None:
    from reader.core.imports import FORMATS

    imports = commands.add_parser(
        "import",
        help="bring in highlights and articles from Readwise, Kindle, Pocket, Instapaper, Omnivore, wallabag, "
        "Hypothesis, KOReader or W3C JSON",
    )
    imports.add_argument("file", metavar="FILE", type=Path)
    imports.add_argument(
        "--from", dest="format", choices=sorted(FORMATS), help="the export's format (default: told from the file)"
    )
    imports.add_argument("--dry-run", action="store_true", help="say what would come in, and change nothing")
    imports.add_argument("--json", action="store_true", help="the summary as JSON")
    imports.add_argument("--no-fetch", action="store_true", help="leave the pages named by address to the next sync")
    common_options(imports, suppress=True)
    imports.set_defaults(run=cmd_import)


def cmd_import(services, args) -> int:
    from reader.cli.notes import import_annotations
    from reader.core.files import read_file
    from reader.core.imports import detect
    from reader.core.imports.model import ImportFailed
    from reader.core.notes.importing import IMPORT_MAX_BYTES
    from reader.services import imports

    path: Path = args.file
    shown = inert(str(path))
    try:
        data = read_file(path, IMPORT_MAX_BYTES)
        name = args.format or detect(data, path.name)
        if name == "w3c":
            if args.dry_run:
                return fail(f"{shown}: --dry-run is not available for W3C JSON (reader's own export) yet")
            return import_annotations(services, path, data)
        report = imports.take_export(services, data, name, args.dry_run)
    except OSError as error:
        return fail(f"{shown}: {error.strerror or error}")
    except ImportFailed as error:
        return fail(f"{shown}: {error}")
    for reason in report.skipped:
        print(f"skipped: {inert(reason)}", file=sys.stderr)
    fetched = None
    if report.to_fetch and not args.no_fetch and not _in_app():
        import asyncio

        with progress("fetching the imported pages", report.to_fetch, enabled=report.to_fetch > 1) as advance:
            fetched = asyncio.run(imports.fetch_pending(services, services.library or services.scan(), on_done=advance))
    if args.json:
        data_out = report.to_json() | (
            {"fetched": fetched.fetched, "not_fetched": len(fetched.failed)} if fetched else {}
        )
        print(json.dumps(data_out, ensure_ascii=False))
    else:
        for line in imports.summary(report):
            print(line)
        if fetched is not None:
            print(fetched.line())
        elif report.to_fetch and _in_app():
            print("the open reader fetches the pages now")
        elif report.to_fetch:
            print("the pages are fetched at the next sync (`reader sync`, or R in the app)")
    return 0


def _in_app() -> bool:
    """Run by the open app for the shell (on its event loop): the app's sync fetches the pages."""
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True
