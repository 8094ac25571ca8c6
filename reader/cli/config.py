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
