"""The wheel carries the styles and seeds, and an installed copy finds them inside itself."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("reader_tui-*.whl")
    return built


def test_wheel_contains_package_styles_and_seeds(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in (REPO / "styles").glob("*.tcss"):
        assert f"reader/styles/{path.name}" in names
    for path in (REPO / "seeds").iterdir():
        assert f"reader/seeds/{path.name}" in names
    assert "reader/__main__.py" in names and "reader/ui/app.py" in names
    assert "reader/templates/article.md.j2" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "reader = reader.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_installed_wheel_finds_its_styles_and_seeds(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    code = (
        "import reader.core.paths as p, sys;"
        "print(p.styles_dir()); print(p.seeds_dir());"
        "assert (p.styles_dir() / 'base.tcss').exists(); assert len(list(p.seeds_dir().glob('*.txt'))) == 2"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    styles, seeds = result.stdout.split()
    assert Path(styles).is_relative_to(target) and Path(seeds).is_relative_to(target)
    # and `python -m reader` works from the installed copy
    listing = subprocess.run(
        [sys.executable, "-m", "reader", "list"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**env, "READER_HOME": str(tmp_path / "home")},
    )
    assert listing.returncode == 0, listing.stderr
    assert "Leader says Belarus expects big shipment of Russian weapons" in listing.stdout
