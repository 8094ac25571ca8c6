"""Re-exports that import on first use (PEP 562), for a package whose modules are heavy to
import or must not be imported before their time (the entity child lowers its priority
first): `__getattr__ = lazy.exports(__name__, {"Name": "module", ...})`."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def exports(package: str, names: dict[str, str]) -> Callable[[str], Any]:
    def __getattr__(name: str) -> Any:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{module}"), name)

    return __getattr__
