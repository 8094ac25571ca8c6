"""The user's data in one TinyDB database (`Store`, in `database`), kept by a journal that
survives a crash at any instant (`journal`)."""

from reader.core.store.database import Store
from reader.core.store.highlights import Change
from reader.core.store.journal import ReadOnlyError, StoreError
from reader.core.store.tables import SCHEMA_VERSION, migrate

__all__ = ["SCHEMA_VERSION", "Change", "ReadOnlyError", "Store", "StoreError", "migrate"]
