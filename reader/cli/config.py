"""`reader config check`: the config file's settings and [keys]."""

from __future__ import annotations

import sys

from reader.cli.common import common_options
from reader.core.text import inert


def add_config(commands) -> None:
    config = commands.add_parser("config", help="check the config file (settings and [keys])")
    config.add_argument("action", choices=("check",))
    common_options(config, suppress=True)
    config.set_defaults(run=lambda services, args: cmd_config_check(services))


def check_file(path, problems: list[str]) -> int:
    """`config check` of a config file that does not load: every problem its settings have,
    and its [keys] table's as well (a misspelt setting does not hide a key bound twice)."""
    from reader.core.config import ConfigError, read_settings
    from reader.core.files import read_file
    from reader.ui.keys.keymap import check_keymap

    for problem in problems:
        print(inert(problem), file=sys.stderr)
    try:
        keys = read_settings(path, read_file(path, 1024 * 1024).decode("utf-8-sig")).get("keys")
    except (ConfigError, OSError, UnicodeDecodeError):
        return 1
    if isinstance(keys, dict) and all(isinstance(v, str) for v in keys.values()):
        for warning in check_keymap(keys):
            print(f"{path}: {inert(warning)}", file=sys.stderr)
    return 1


def cmd_config_check(services) -> int:
    """The settings were checked on loading (a bad one stops there, naming its line); this
    adds the [keys] table: unknown ids and keys bound twice on one screen."""
    from reader.ui.keys.keymap import check_keymap

    warnings = check_keymap(services.config.keys)
    for warning in warnings:
        print(f"{services.paths.config_path}: {inert(warning)}", file=sys.stderr)
    if not warnings:
        print(f"{services.paths.config_path}: ok")
    return 1 if warnings else 0
