import subprocess
import sys

from reader.cli import main


def test_version_and_python_dash_m(home):
    result = subprocess.run([sys.executable, "-m", "reader", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("reader ")


def test_bad_config_stops_with_the_line_named(home, capsys):
    (home / "config.toml").write_text('theme = "nord"\ntext_width = "wide"\n')
    assert main(["list"]) == 1
    err = capsys.readouterr().err
    assert "config.toml, line 2: text_width must be a int" in err


def test_damaged_database_is_reported_and_kept(home, capsys):
    db = home / "reader.json"
    db.write_text('{"meta": {"1": {"schema": 1}}, "reading": {"1": {"article": "a", ')
    before = db.read_bytes()
    assert main([]) == 1  # the app does not start on a damaged database
    err = capsys.readouterr().err
    assert "the database is damaged (line 1, column" in err and "left as it is" in err
    assert db.read_bytes() == before


def test_paths_command(home, capsys):
    assert main(["paths"]) == 0
    out = capsys.readouterr().out
    assert f"database: {home / 'reader.json'}" in out and f"config:   {home / 'config.toml'}" in out
