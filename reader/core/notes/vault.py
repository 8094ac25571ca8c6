"""The vault round trip: what the user changed in reader's region of an exported note comes
back, and what reader cannot map is kept where the user wrote it.

Reader keeps a copy of what it last wrote in each note (the base: its own front matter and
region, without the user's lines; in its own data folder, never in the vault). At the next export the note in the vault is read against that base:
- a highlight's note (its `> [!note]` callout) or tags (`Tags: #a #b` under its quote,
  found by its `^hl-...` block id) changed in the vault and not in reader comes back into
  reader; changed on both sides, reader's note is kept with the vault's below it (a conflict
  note); tags merge (what the vault added is added, what it removed is removed);
- the article's note (under `# Note`) and the tags added to or removed from the front
  matter's list come back the same way (one-article notes only);
- any other line the user wrote or changed in the region is kept, at the place it was
  (after the nearest line of reader's that is still there).
Without a base (a note written before the round trip, or by a reader that lost its data
folder), nothing can be told apart: the file as it was is kept aside as `NAME.md.bak` when it
holds anything reader would not write again."""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from reader.core.notes.export import NOTE_MARK, block_id
from reader.core.notes.highlight import normalize_tags
from reader.core.text import plural

if TYPE_CHECKING:
    from reader.core.notes.export import ArticleExport

BEGIN, END = "%% reader begin %%", "%% reader end %%"
BLOCK = re.compile(r" \^(hl-[0-9a-f]{12})\s*$")
NOTE_HEADINGS = frozenset(("# Note", "## Note", "### Note"))
META = ("Colour: ", "Tags: ", "*detached", "[Open the passage]")
HEADING = re.compile(r"#{1,6} ")
CONFLICT = "Also edited in the vault (both kept):"


def split_front(text: str) -> tuple[dict[str, Any] | None, str]:
    """(the front matter as a mapping, or None if there is none that reads; the rest)."""
    if not text.startswith("---\n"):
        return None, text
    end = text.find("\n---\n", 3)
    if end < 0:
        return None, text
    try:
        front = yaml.safe_load(text[4:end]) if end > 4 else {}
    except yaml.YAMLError:
        return None, text
    return (front, text[end + 5 :]) if isinstance(front, dict) else (None, text)


def region_of(text: str) -> tuple[dict[str, Any] | None, list[str]]:
    """A note's front matter and the lines of reader's region in it ([] if it has none)."""
    front, rest = split_front(text)
    start = rest.find(BEGIN)
    stop = rest.find(END, start + len(BEGIN)) if start >= 0 else -1
    return front, (rest[start + len(BEGIN) : stop].strip("\n").split("\n") if stop >= 0 else [])


def note_text(lines: list[str]) -> str:
    """A note as compared: no trailing spaces, no blank lines at its ends."""
    return "\n".join(line.rstrip() for line in lines).strip("\n")


@dataclass
class Said:
    """What a region says: each block's note and tags, the article's note (None: no note
    section), and which of its lines those were read from."""

    notes: dict[str, str] = field(default_factory=dict)
    tags: dict[str, tuple[str, ...]] = field(default_factory=dict)
    article_note: str | None = None
    lines: dict[str, list[int]] = field(default_factory=dict)  # block id (or "" for the article) → its lines


def read_region(lines: list[str]) -> Said:
    said = Said()
    current: str | None = None  # the block whose quote came last
    article_note = False  # a Note heading came before any block
    i = 0
    while i < len(lines):
        line = lines[i]
        found = BLOCK.search(line) if line.startswith(">") else None
        if found:
            current = found.group(1)
            said.notes.setdefault(current, "")
            said.tags.setdefault(current, ())
        elif line.strip() in NOTE_HEADINGS and not said.notes:
            article_note, current = True, None
        elif HEADING.match(line):
            current, article_note = None, False
        elif line.rstrip() == NOTE_MARK and (article_note or current is not None):
            j = i + 1
            while j < len(lines) and lines[j].startswith(">"):
                j += 1
            text = note_text([ln[2:] if ln.startswith("> ") else ln[1:] for ln in lines[i + 1 : j]])
            key = current if current is not None else ""
            said.lines.setdefault(key, []).extend(range(i, j))
            if current is None:
                said.article_note, article_note = text, False
            else:
                said.notes[current] = text
                current = None  # a second callout is the user's own
            i = j
            continue
        elif current is not None and line.startswith(META):  # a line of details under the quote
            for part in line.split(" · "):
                if part.startswith("Tags:"):
                    named = normalize_tags(re.findall(r"#([^\s#]+)", part))
                    said.tags[current] = tuple(dict.fromkeys([*said.tags[current], *named]))
            said.lines.setdefault(current, []).append(i)
        i += 1
    return said


@dataclass
class Back:
    """What came back from the vault for one article."""

    notes: dict[str, str] = field(default_factory=dict)  # highlight id → its note now
    tags: dict[str, tuple[str, ...]] = field(default_factory=dict)  # highlight id → its tags now
    article_note: str | None = None
    article_tags: tuple[str, ...] | None = None
    conflicts: int = 0
    mapped: set[int] = field(default_factory=set)  # the lines of the vault's region read into reader

    def __bool__(self) -> bool:
        return bool(self.notes or self.tags or self.article_note is not None or self.article_tags is not None)

    def told(self, name: str) -> str:
        parts = []
        if self.notes:
            parts.append(f"the note of {plural(len(self.notes), 'highlight')}")
        if self.tags:
            parts.append(f"the tags of {plural(len(self.tags), 'highlight')}")
        if self.article_note is not None:
            parts.append("the article's note")
        if self.article_tags is not None:
            parts.append("the article's tags")
        said = f"{name}: {', '.join(parts)} came back from the vault"
        if self.conflicts:
            said += f" ({plural(self.conflicts, 'note')} changed on both sides: both kept)"
        return said


def _merge_note(base: str, theirs: str, ours: str) -> tuple[str | None, bool]:
    """The note to keep (None: reader's as it is) and whether it is a conflict."""
    ours = note_text(ours.split("\n"))
    if theirs in (base, ours):
        return None, False
    if ours == base:
        return theirs, False
    return f"{ours}\n\n{CONFLICT}\n\n{theirs}" if ours else theirs, bool(ours)


def _merge_tags(base: tuple[str, ...], theirs: tuple[str, ...], ours: tuple[str, ...]) -> tuple[str, ...] | None:
    added = [t for t in theirs if t not in base]
    removed = set(base) - set(theirs)
    merged = tuple(t for t in dict.fromkeys([*ours, *added]) if t not in removed)
    return merged if merged != tuple(ours) else None


def read_back(was: Said, now: Said, fronts: tuple[Any, Any], article: ArticleExport, single: bool) -> Back:
    """What the vault's note changed (`now`, read from its region) since reader wrote it
    (`was`), merged with the article as reader has it now. `fronts`: the front matter of the
    base and of the vault's note; `single`: the note is this article's alone (its front
    matter and Note section are the article's)."""
    back = Back()
    for h in article.highlights:
        key = block_id(h)
        if key not in now.notes or key not in was.notes:
            continue
        back.mapped.update(now.lines.get(key, ()))
        note, conflict = _merge_note(was.notes[key], now.notes[key], h.note)
        if note is not None:
            back.notes[h.id] = note
            back.conflicts += conflict
        tags = _merge_tags(was.tags[key], now.tags[key], normalize_tags(h.tags))
        if tags is not None:
            back.tags[h.id] = tags
    if not single:
        return back
    if now.article_note is not None or was.article_note is not None:
        back.mapped.update(now.lines.get("", ()))
        note, conflict = _merge_note(was.article_note or "", now.article_note or "", article.note)
        if note is not None:
            back.article_note = note
            back.conflicts += conflict
    base_front, their_front = fronts
    if isinstance(base_front, dict) and isinstance(their_front, dict):
        tags = _merge_tags(
            normalize_tags(base_front.get("tags") or ()),
            normalize_tags(their_front.get("tags") or ()),
            normalize_tags(article.tags),
        )
        if tags is not None:
            back.article_tags = tags
    return back


def keep_users_lines(base: list[str], theirs: list[str], ours: list[str], mapped: set[int]) -> list[str]:
    """`ours` with the lines the user wrote or changed in `theirs` since `base` (except
    those read back into reader, `mapped`), each group after the nearest line of `base`
    before it that is still in `ours` (at the top if none is)."""
    kept: list[tuple[int, list[str]]] = []  # (base line it follows + 1, the user's lines)
    for tag, i1, _i2, j1, j2 in difflib.SequenceMatcher(None, base, theirs, autojunk=False).get_opcodes():
        if tag in ("insert", "replace"):
            group = [theirs[j] for j in range(j1, j2) if j not in mapped]
            if any(line.strip() for line in group):
                kept.append((i1, group))
    if not kept:
        return ours
    where: dict[int, int] = {}  # base line → its place in ours
    for block in difflib.SequenceMatcher(None, base, ours, autojunk=False).get_matching_blocks():
        for k in range(block.size):
            where[block.a + k] = block.b + k
    inserts: dict[int, list[str]] = {}
    for after, group in kept:
        place = next((where[b] + 1 for b in range(after - 1, -1, -1) if b in where), 0)
        inserts.setdefault(place, []).extend(group)
    out: list[str] = []
    for n in range(len(ours) + 1):
        out.extend(inserts.get(n, ()))
        if n < len(ours):
            out.append(ours[n])
    return out


def unexplained(theirs: list[str], ours: list[str], articles: list[ArticleExport], single: bool) -> bool:
    """Whether the vault's region (no base to read it against) holds something reader would
    not write again: a note or tags other than reader's, or a line not of reader's kinds."""
    said = read_region(theirs)
    for h in (h for a in articles for h in a.highlights):
        key = block_id(h)
        if key in said.notes and (
            said.notes[key] != note_text(h.note.split("\n")) or set(said.tags[key]) != set(normalize_tags(h.tags))
        ):
            return True
    if single and said.article_note is not None and said.article_note != note_text(articles[0].note.split("\n")):
        return True
    known = set(ours)
    return any(line.strip() and line not in known and not line.startswith((">", "#", "- ", *META)) for line in theirs)


class Bases:
    """Each note as reader last wrote it, in reader's data folder: one file per note, named
    by a hash of its folder and its article id (or its name, for a note of several)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, note: Path, article_id: str | None) -> Path:
        key = f"{note.parent.resolve()}\n{article_id if article_id is not None else note.name}"
        return self.folder / (hashlib.blake2b(key.encode(), digest_size=12).hexdigest() + ".md")

    def get(self, note: Path, article_id: str | None, theirs: str) -> str | None:
        """The base for the note `theirs`, if reader wrote it (the same `exported` stamp)."""
        try:
            base = self._path(note, article_id).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        front, their_front = split_front(base)[0], split_front(theirs)[0]
        if their_front is not None and (front is None or front.get("exported") != their_front.get("exported")):
            return None  # a write of the note that this base does not know of (or a base cut short)
        return base

    def put(self, note: Path, article_id: str | None, text: str) -> None:
        """Remember `text`, what reader wrote in the note (without the user's lines)."""
        from reader.core.files import write_atomically

        write_atomically(self._path(note, article_id), text, 0o600, durable=False)


@dataclass
class Vault:
    """What the round trip needs: where the bases are, and how reader takes what came back
    (`take` saves it and gives the article as it is now)."""

    bases: Bases
    take: Callable[[ArticleExport, Back], ArticleExport] | None = None


# --- finding a note again whatever its name ------------------------------------------------

_heads: dict[Path, tuple[int, str | None]] = {}  # a note's path → (its mtime, the reader_id in its front matter)
HEAD_BYTES = 16 * 1024
DIGEST = re.compile(r"\(([0-9a-f]{6})\)\.md$")  # see writing.export_name


def _reader_id(path: Path) -> str | None:
    try:
        mtime = path.stat().st_mtime_ns
        if path in _heads and _heads[path][0] == mtime:
            return _heads[path][1]
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES).decode("utf-8", "replace")
    except OSError:
        return None
    front: Any = split_front(head)[0] if "reader_id" in head else None
    found = front.get("reader_id") if isinstance(front, dict) else None
    _heads[path] = (mtime, str(found) if found is not None else None)
    return _heads[path][1]


def notes_by_id(folder: Path, digest_of: Callable[[str], str]) -> Callable[[str], Path | None]:
    """A lookup of the note for an article id in `folder`: the file whose name carries the
    id's hash, else the one whose front matter says `reader_id: ID` (a note the user renamed)."""
    by_digest: dict[str, Path] = {}
    others: list[Path] = []
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        names = []
    for name in names:
        if not name.endswith(".md"):
            continue
        digest = DIGEST.search(name)
        if digest:
            by_digest.setdefault(digest.group(1), folder / name)
        else:
            others.append(folder / name)
    by_id: dict[str, Path] | None = None

    def find(article_id: str) -> Path | None:
        nonlocal by_id
        found = by_digest.get(digest_of(article_id))
        if found is not None:
            return found
        if by_id is None:
            by_id = {}
            for path in others:
                named = _reader_id(path)
                if named is not None:
                    by_id.setdefault(named, path)
        return by_id.get(article_id)

    return find
