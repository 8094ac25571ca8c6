"""What the commands share: the common options, errors and notes on stderr, progress bars,
the fetcher, and the whole library loaded."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader.core.text import inert


def common_options(parser: argparse.ArgumentParser, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--library",
        metavar="DIR",
        type=Path,
        action="append",
        default=default,
        help="read articles from DIR instead of the default library (repeatable)",
    )
    parser.add_argument("--db", metavar="PATH", type=Path, default=default, help="use this database file")
    parser.add_argument("--model", metavar="NAME", default=default, help="the spaCy pipeline for entities")


def positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return int(text)


def iso_date(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD") from None


def print_json(value) -> None:
    """`value` as indented JSON on stdout, written at once (json.dump writes each token: 190,000
    writes through the printable stream for 5,000 articles), by orjson (the standard library's
    indented writer takes 0.7 s for 50,000 articles)."""
    from reader.core.codec import dumps

    sys.stdout.write(dumps(value, indent=True) + "\n")


STDIN_MAX = 16 * 1024 * 1024  # a note typed or piped in: far more than any note


def read_stdin() -> str:
    """What is piped in (a note), up to STDIN_MAX characters: `yes | reader note ID -` ends."""
    text = sys.stdin.read(STDIN_MAX + 1)
    if len(text) > STDIN_MAX:
        raise SystemExit(fail(f"more than {STDIN_MAX // 1024 // 1024} MB on stdin: not a note"))
    return text


def fail(message: str) -> int:
    print(f"reader: {message}", file=sys.stderr)
    return 1


def write_output(text: str, output: str | None, told: str) -> int:
    """`text` to stdout, or written whole to the file `output` (then `told` on stderr)."""
    if not output:
        sys.stdout.write(text)
        return 0
    from reader.core.files import write_atomically

    try:
        write_atomically(Path(output).expanduser(), text)
    except OSError as error:
        return fail(f"cannot write {inert(output)}: {error.strerror or error}")
    print(f"wrote {told} to {inert(output)}", file=sys.stderr)
    return 0


def report_skipped(skipped) -> None:
    for item in skipped:
        print(f"skipped: {item}", file=sys.stderr)


def say_skipped(source: str, reason: str) -> None:
    source = inert(source)
    print(f"skipped: {reason}" if reason.startswith(source) else f"skipped: {source}: {reason}", file=sys.stderr)


def ids_by_path(library) -> dict[Path, str]:
    return {entry.path.resolve(): entry.id for entry in library.entries}


async def with_fetcher(services, work):
    from reader.services.feeds import fetcher

    async with fetcher(services) as client:
        return await work(client)


def raw(stream):
    """The terminal itself, for rich's progress bars (their own escape sequences must pass)."""
    return getattr(stream, "raw", stream)


class progress:
    """A rich progress bar on stderr while long web work runs (only on a terminal)."""

    def __init__(self, label: str, total: int, enabled: bool = True):
        self.label, self.total = label, total
        self.enabled = enabled and sys.stderr.isatty()

    def __enter__(self):
        if not self.enabled:
            return lambda done=0, more=0: None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(
            TextColumn(self.label),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(file=raw(sys.stderr)),
            transient=True,
        )
        self.progress.start()
        task = self.progress.add_task(self.label, total=self.total)

        def advance(done: int = 0, more: int = 0) -> None:
            if more:
                self.progress.update(task, total=(self.progress.tasks[0].total or 0) + more)
            if done:
                self.progress.advance(task, done)

        return advance

    def __exit__(self, *exc) -> None:
        if self.enabled:
            self.progress.stop()


def load_all(services):
    """Every readable article of the library (skipped files reported)."""
    from reader.core.library import SkipFile

    library = services.scan()
    report_skipped(library.skipped)
    articles = []
    for entry in library.entries:
        try:
            articles.append(library.load(entry.id))
        except SkipFile as error:
            print(f"skipped: {entry.path}: {error}", file=sys.stderr)
    return articles
