import os
import shutil
from pathlib import Path

import pytest

from reader.core.paths import seeds_dir

REPO = Path(__file__).resolve().parent.parent
BBC = REPO.parent / "shared" / "corpora" / "bbc"
SEED_000 = "000_c4e3fa7496f1f1bc.txt"  # title, blank line, paragraphs; no metadata
SEED_003 = "003_9bd4bcee04c509db.txt"  # title, date, URL; one paragraph per line


@pytest.fixture(scope="session")
def bbc() -> Path:
    """The BBC corpus beside the repository: CI has it (and sets READER_NEED_CORPUS=1 so a
    missing corpus fails there); a user's clone does not, and these tests skip."""
    if not BBC.is_dir():
        message = f"needs the BBC corpus at {BBC} (CI has it; a clone of the repository alone does not)"
        if os.environ.get("READER_NEED_CORPUS"):
            pytest.fail(message)
        pytest.skip(message)
    return BBC


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """A private READER_HOME: library folder, database and config all live here."""
    root = tmp_path / "home"
    root.mkdir()
    monkeypatch.setenv("READER_HOME", str(root))
    return root


@pytest.fixture
def seeds() -> Path:
    return seeds_dir()


@pytest.fixture
def library_dir(tmp_path, seeds) -> Path:
    """A library folder holding a copy of the two seeds."""
    folder = tmp_path / "lib"
    folder.mkdir()
    for path in seeds.iterdir():
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="session")
def recognizer():
    """The spaCy model, loaded once per test session (Recognizer.shared keeps it)."""
    from reader.core.entities import Recognizer

    return Recognizer.shared(None)
