"""Commands that change the database, handed to the open reader (the only writer while it
runs): the shell sends the request (`core.handoff`), the app does the work and shows it,
and its answer is printed here as if the command had run itself."""

from __future__ import annotations

import io
import os
import sys
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from reader.cli.common import fail, read_stdin

# the commands (and actions) that change the database; the others read it, and can while the app runs
LISTENING_WITHIN = 2.0  # seconds an app that holds the database may take to start listening

CHANGING = {"mark", "tag", "note", "delete", "restore", "import", "sync", "clean"}
CHANGING_ACTIONS = {
    "feed": {"add", "remove", "move", "rename", "import", "set"},
    "view": {"add", "remove"},
    "rule": {"add", "remove", "apply", "undo"},
    "corrections": {"undo"},
}


def changes_database(args) -> bool:
    if args.command == "review":
        return bool(args.words)  # `review grade ID GRADE`
    return args.command in CHANGING or getattr(args, "action", None) in CHANGING_ACTIONS.get(args.command, ())


def request_for(args, argv: list[str]) -> dict:
    """What the app is asked: the web work it does itself (a sync, a feed to follow), or the
    command line to run as this shell would (with its folder, and stdin for `note ID -`)."""
    if args.command == "sync":
        return {"do": "sync"}
    if args.command == "feed" and args.action == "add":
        return {"do": "feed-add", "url": args.target}
    if args.command == "feed" and args.action == "import" and args.target:  # read off the app's event loop
        return {"do": "feed-import", "path": str(Path.cwd() / Path(args.target).expanduser())}
    stdin = read_stdin() if args.command == "note" and args.text == "-" else None
    return {"do": "run", "argv": argv, "cwd": os.getcwd(), "stdin": stdin}


def hand_to_app(services, args, argv: list[str]) -> int | None:
    """The exit code of the command as the open reader ran it, its output printed; None when
    no reader app listens for this database (the command then says the database is in use)."""
    from reader.core.handoff import HandoffError, ask

    if args.command == "feed" and args.action == "add" and not args.target:
        return None  # the command itself says what is missing
    request = request_for(args, argv)
    waited = time.monotonic() + LISTENING_WITHIN
    try:
        # an app that has just started holds the database a moment before it listens
        while (reply := ask(services.db_path, request)) is None and time.monotonic() < waited:
            time.sleep(0.05)
    except HandoffError as error:
        return fail(str(error))
    if reply is None:
        return None
    sys.stdout.write(reply["out"])
    sys.stderr.write(reply["err"])
    return reply["code"]


def run_request(services, request: dict) -> dict:
    """In the app: a command line from the shell run against the app's own services, its
    output caught for the answer. (The app calls this on its event loop: these commands
    are quick store changes, and no other code runs while one does.)"""
    from reader.cli.commands import build_parser, run_command

    out, err = io.StringIO(), io.StringIO()
    stdin = sys.stdin
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                args = build_parser().parse_args([str(a) for a in request.get("argv", [])])
            except SystemExit as stop:  # argparse said why on stderr
                return {"code": int(stop.code or 0), "out": out.getvalue(), "err": err.getvalue()}
            if not changes_database(args) or args.command == "sync":
                code = fail("the open reader runs only the commands that change the database")
            else:
                _absolute(args, Path(str(request.get("cwd") or ".")))
                sys.stdin = io.StringIO(str(request.get("stdin") or ""))
                code = run_command(services, args)
    finally:
        sys.stdin = stdin
    return {"code": code, "out": out.getvalue(), "err": err.getvalue()}


def _absolute(args, cwd: Path) -> None:
    """File names given in the shell, read from the shell's folder."""
    if args.command == "import":
        args.file = cwd / Path(args.file).expanduser()
    elif args.command == "feed" and args.action == "import" and args.target:
        args.target = str(cwd / Path(args.target).expanduser())
