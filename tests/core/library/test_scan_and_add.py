import json
import shutil

from reader.cli import main
from reader.core.ingest import add_to_library
from reader.core.library import scan
from tests.conftest import SEED_000, SEED_003


def test_scan_lists_articles_by_relative_path_and_reports_bad_files(tmp_path, library_dir):
    (library_dir / "sub").mkdir()
    (library_dir / "sub" / "story.md").write_text("# A markdown story\n\nBody.\n")
    (library_dir / "empty.txt").write_bytes(b"")
    (library_dir / "photo.txt").write_bytes(b"\x89PNG\x00\x00\x00" * 100)
    (library_dir / "notes.docx").write_bytes(b"ignored: not an article type")
    (library_dir / ".hidden.txt").write_text("Hidden\n\nbody\n")
    library = scan([library_dir])
    assert [e.id for e in library.entries] == [SEED_000, SEED_003, "sub/story.md"]
    assert library.get("sub/story.md").title == "A markdown story"
    reasons = {s.path.name: s.reason for s in library.skipped}
    assert reasons == {"empty.txt": "empty file", "photo.txt": "binary file, not text"}
    entry = library.get(SEED_003)
    assert (entry.source, entry.date.isoformat(), entry.words) == ("apnews.com", "2021-10-01", 483)
    assert library.load(SEED_003).title == entry.title


def test_cached_scan_sees_edits(tmp_path, library_dir):
    cache = tmp_path / "cache.json"
    first = scan([library_dir], cache_path=cache)
    assert cache.exists()
    path = library_dir / SEED_000
    path.write_text("New title\n\nNew body.\n")
    second = scan([library_dir], cache_path=cache)
    assert second.get(SEED_000).title == "New title"
    assert second.get(SEED_003).title == first.get(SEED_003).title


def test_damaged_scan_cache_is_rebuilt(tmp_path, library_dir):
    cache = tmp_path / "cache.json"
    cache.write_text("{not json")
    assert len(scan([library_dir], cache_path=cache).entries) == 2


def test_same_relative_path_in_two_folders_gets_distinct_ids(tmp_path, library_dir):
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(library_dir / SEED_000, other / SEED_000)
    ids = [e.id for e in scan([library_dir, other]).entries]
    assert ids == [SEED_000, SEED_003, f"other/{SEED_000}"]


def test_a_file_taken_in_twice_is_one_article(library_dir):
    """The sync that saved a page and the folder's watcher both report the new file: one
    entry, under its own id (not a second one under the folder's name)."""
    library = scan([library_dir])
    (library_dir / "web").mkdir()
    saved = library_dir / "web" / "story.md"
    saved.write_text("---\ntitle: A saved page\n---\n\nIts text, long enough to be read.\n")
    first, again = library.add_file(saved), library.add_file(saved)
    assert first is again and [e.id for e in library.entries].count("web/story.md") == 1
    assert len(library.entries) == 3


def test_add_copies_files_and_folders_skipping_duplicates_and_bad_files(tmp_path, seeds):
    target = tmp_path / "library"
    folder = tmp_path / "incoming"
    (folder / "deep").mkdir(parents=True)
    (folder / "deep" / "one.txt").write_text("One\n\nFirst body.\n")
    (folder / "same-as-seed.txt").write_bytes((seeds / SEED_000).read_bytes())
    (folder / "empty.md").write_text("")
    report = add_to_library([seeds / SEED_000, folder, tmp_path / "missing.txt", seeds / SEED_003], target)
    assert sorted(p.relative_to(target).as_posix() for p in report.added) == [
        SEED_000,
        SEED_003,
        "incoming/deep/one.txt",
    ]
    assert [d[0].name for d in report.duplicates] == ["same-as-seed.txt"]
    assert {s.path.name: s.reason for s in report.skipped} == {
        "empty.md": "empty file",
        "missing.txt": "no such file or folder",
    }
    # adding again adds nothing: everything is a duplicate now
    again = add_to_library([seeds / SEED_000, folder], target)
    assert again.added == [] and len(again.duplicates) == 3


def test_add_keeps_both_files_when_names_clash(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    (a / "story.txt").write_text("One\n\nbody one\n")
    (b / "story.txt").write_text("Two\n\nbody two\n")
    report = add_to_library([a / "story.txt", b / "story.txt"], tmp_path / "lib")
    assert sorted(p.name for p in report.added) == ["story-2.txt", "story.txt"]


def test_cli_add_then_list_json(home, seeds, tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02" * 50)
    assert main(["add", str(seeds / SEED_003), str(bad)]) == 0
    out = capsys.readouterr()
    assert "added:" in out.out and f"skipped: {bad}: binary file, not text" in out.err
    assert main(["list", "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    # bundled seeds plus the copy in the user's library (same relative path: distinct id)
    assert [i["id"] for i in items] == [SEED_000, SEED_003, f"library/{SEED_003}"]
    first = items[1]
    assert set(first) >= {"id", "title", "path", "date", "url", "words"}
    assert first["date"] == "2021-10-01" and first["words"] == 483


def test_cli_list_reports_skipped_and_warnings(tmp_path, home, capsys):
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "ok.txt").write_text("Fine\n\nbody\n")
    (folder / "latin.txt").write_bytes("Caf\xe9\n\nbody\n".encode("latin-1"))
    (folder / "empty.txt").write_text("")
    assert main(["list", "--library", str(folder)]) == 0
    out = capsys.readouterr()
    assert "Café" in out.out and "Fine" in out.out
    assert f"skipped: {folder / 'empty.txt'}: empty file" in out.err
    assert "warning: latin.txt: not valid UTF-8" in out.err


def test_cli_missing_library_folder_is_a_clear_error(tmp_path, home, capsys):
    assert main(["list", "--library", str(tmp_path / "nope")]) == 1
    assert "no such folder" in capsys.readouterr().err


def test_bbc_corpus_scans_with_its_one_bad_encoding_flagged(bbc):
    library = scan([bbc])
    assert len(library.entries) == 2225  # README.TXT is not an article
    assert not library.skipped
    flagged = [e.id for e in library.entries if e.warnings]
    assert flagged == ["sport/199.txt"]


def test_cli_add_of_a_folder_prints_a_summary_and_v_lists_every_file(home, seeds, tmp_path, capsys):
    folder = tmp_path / "collection"
    (folder / "politics").mkdir(parents=True)
    for name in (SEED_000, SEED_003):
        (folder / "politics" / name).write_bytes((seeds / name).read_bytes())
    (folder / "politics" / "copy.txt").write_bytes((seeds / SEED_000).read_bytes())
    (folder / "empty.txt").write_text("")
    (folder / "README.TXT").write_text("About this collection\n\nFive folders of articles.\n")
    assert main(["add", str(folder)]) == 0
    out = capsys.readouterr()
    assert out.out == ""  # no line per file
    assert out.err.strip() == (
        "2 added, 1 duplicate, 2 skipped (1 empty file; 1 not an article (a README, LICENSE or similar file "
        "of the collection)) · -v lists every file"
    )
    (folder / "politics" / "new.txt").write_text("A new one\n\nWith a body.\n")
    assert main(["add", "-v", str(folder)]) == 0
    out = capsys.readouterr()
    assert "added: library/collection/politics/new.txt" in out.out or "politics/new.txt" in out.out
    assert "README.TXT: not an article" in out.err and "1 added, 3 duplicates, 2 skipped" in out.err


def test_readme_style_files_are_not_articles(tmp_path):
    (tmp_path / "README.TXT").write_text("About the corpus\n\nWhere it comes from.\n")
    (tmp_path / "License.md").write_text("# License\n\nMIT.\n")
    (tmp_path / "story.txt").write_text("A story\n\nIts body.\n")
    library = scan([tmp_path])
    assert [e.id for e in library.entries] == ["story.txt"] and library.skipped == []


def test_a_scan_from_the_cache_gives_the_same_entries_as_one_from_the_files(tmp_path, library_dir):
    (library_dir / "web.md").write_text(
        "---\ntitle: From the web\nauthor: Ann Smith\nsite: The Ledger\nfeed: Ledger politics\n"
        "canonical_url: https://ledger.example/a\nurl: https://www.ledger.example/a?x=1\ndate: 2024-05-01\n---\n\nText.\n"
    )
    cache = tmp_path / "cache.json"
    fresh = scan([library_dir], cache_path=cache)
    cached = scan([library_dir], cache_path=cache)
    fields = ("id", "path", "title", "date", "url", "words", "warnings", "author", "site", "canonical_url", "feed")
    for a, b in zip(fresh.entries, cached.entries, strict=True):
        assert [getattr(a, f) for f in fields + ("digest", "source", "fingerprint")] == [
            getattr(b, f) for f in fields + ("digest", "source", "fingerprint")
        ]
        assert a.fingerprint == fresh.load(a.id).fingerprint  # what an export needs to know without a load
    web = cached.get("web.md")
    assert (web.author, web.site, web.feed, web.canonical_url) == (
        "Ann Smith",
        "The Ledger",
        "Ledger politics",
        "https://ledger.example/a",
    )
    assert web.path == library_dir / "web.md" and web.source == "ledger.example"


def test_a_scan_in_worker_processes_gives_what_one_here_gives(tmp_path, library_dir, monkeypatch):
    """Many files to read (a first scan) are read by one process per core: the same entries,
    in the same order, the same files skipped, and the cache filled as well."""
    from reader.core.library import scanning

    for n in range(5):
        (library_dir / f"story-{n}.md").write_text(f"# Story {n}\n\nBody {n}.\n")
    (library_dir / "empty.txt").write_bytes(b"")
    monkeypatch.setattr(scanning, "PARALLEL_FROM", 10**9)
    here = scan([library_dir])
    monkeypatch.setattr(scanning, "PARALLEL_FROM", 1)
    monkeypatch.setattr(scanning, "CHUNK", 2)
    monkeypatch.setattr(scanning.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    spawned = scan([library_dir], cache_path=tmp_path / "cache.json")
    assert spawned.entries == here.entries and len(here.entries) == 7
    assert [(s.path, s.reason) for s in spawned.skipped] == [(library_dir / "empty.txt", "empty file")]
    assert scan([library_dir], cache_path=tmp_path / "cache.json").entries == here.entries  # from the cache
