"""Where reader keeps things: user data, config, and the files it ships with."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "reader-tui"
_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def _shipped(name: str) -> Path:
    """A folder shipped with reader: inside the package when installed from a wheel,
    at the top of the source tree when run from a checkout or an editable install."""
    inside = _PACKAGE_DIR / name
    if inside.is_dir():
        return inside
    return _PACKAGE_DIR.parent / name


def styles_dir() -> Path:
    return _shipped("styles")


def seeds_dir() -> Path:
    return _shipped("seeds")


@dataclass(frozen=True)
class Paths:
    """The user's files. READER_HOME puts all of them in one folder."""

    data_dir: Path
    config_dir: Path
    cache_dir: Path

    @property
    def library_dir(self) -> Path:
        return self.data_dir / "library"

    @property
    def db_path(self) -> Path:
        return self.data_dir / "reader.json"

    @property
    def config_path(self) -> Path:
        return self.config_dir / "config.toml"

    @classmethod
    def from_env(cls) -> Paths:
        home = os.environ.get("READER_HOME")
        if home:
            root = Path(home).expanduser()
            return cls(data_dir=root, config_dir=root, cache_dir=root / "cache")
        import platformdirs

        return cls(
            data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            cache_dir=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
        )
