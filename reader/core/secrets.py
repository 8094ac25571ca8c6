"""A feed server's API password, kept where nothing else of reader's goes: the system keyring
where one works (`keyring`), otherwise one file in the data folder that only the user can read
(0600). Never in the config, the database, a log, an export or a command line. An account may
instead name a command that prints the password (as newsboat's `*-passwordeval`): run at each
sync, its output used and forgotten."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
from pathlib import Path
from typing import Any

SERVICE = "reader-tui"
FILE = "passwords.json"


class SecretError(Exception):
    """The password cannot be had; the message says why."""


def _keyring() -> Any:
    """The keyring module when a real backend works here (not the fail or null ones)."""
    if os.environ.get("READER_NO_KEYRING"):
        return None
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001  # no keyring, or a broken one: the file instead
        return None
    if isinstance(backend, fail.Keyring) or "null" in type(backend).__module__.lower():
        return None
    return keyring


def _name(url: str, user: str) -> str:
    return f"{user}@{url}"


def _file(data_dir: Path) -> Path:
    return data_dir / FILE


def _read_file(data_dir: Path) -> dict[str, str]:
    from reader.core.files import read_file

    path = _file(data_dir)
    if not path.exists():
        return {}
    try:
        found = json.loads(read_file(path, 1024 * 1024))
    except (OSError, ValueError) as error:
        raise SecretError(f"{path}: cannot read the saved passwords ({error})") from None
    return {k: v for k, v in found.items() if isinstance(v, str)} if isinstance(found, dict) else {}


def _write_file(data_dir: Path, kept: dict[str, str]) -> None:
    from reader.core.files import write_atomically

    write_atomically(_file(data_dir), json.dumps(kept, indent=1), mode=0o600)  # the user's alone, wherever it is


def save_password(data_dir: Path, url: str, user: str, password: str) -> str:
    """Keep the password; where it went, in words."""
    ring = _keyring()
    if ring is not None:
        try:
            ring.set_password(SERVICE, _name(url, user), password)
            return "the system keyring"
        except Exception:  # noqa: BLE001  # a locked or refusing keyring: the file instead
            pass
    _write_file(data_dir, _read_file(data_dir) | {_name(url, user): password})
    return f"{_file(data_dir)} (readable by you alone)"


def password(data_dir: Path, url: str, user: str, command: str | None = None) -> str:
    """The account's password: its command's output, else the one kept. SecretError if none."""
    if command:
        try:
            done = subprocess.run(shlex.split(command), capture_output=True, text=True, timeout=60)
        except (OSError, ValueError, subprocess.TimeoutExpired) as error:
            raise SecretError(f"the password command could not run ({error})") from None
        if done.returncode != 0 or not done.stdout.strip():
            raise SecretError(f"the password command failed (exit {done.returncode}) or printed nothing")
        return done.stdout.rstrip("\n")
    ring = _keyring()
    if ring is not None:
        try:
            found = ring.get_password(SERVICE, _name(url, user))
        except Exception:  # noqa: BLE001
            found = None
        if found:
            return str(found)
    kept = _read_file(data_dir).get(_name(url, user))
    if not kept:
        raise SecretError(f"no password kept for {user} at {url}: `reader account add` it again")
    return kept


def forget(data_dir: Path, url: str, user: str) -> None:
    ring = _keyring()
    if ring is not None:
        try:
            ring.delete_password(SERVICE, _name(url, user))
        except Exception:  # noqa: BLE001  # not there: nothing to forget
            pass
    kept = _read_file(data_dir)
    if kept.pop(_name(url, user), None) is not None:
        _write_file(data_dir, kept)
