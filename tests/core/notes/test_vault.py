"""The vault round trip: notes and tags edited in an exported note come back at the next
export, the user's own lines stay where they were written, a renamed note is found again,
and nothing is dropped when reader cannot tell whose a line is. The notes are edited as
Obsidian leaves them: callout lines typed with their "> ", a property list rewritten by its
Properties editor (two-space indents, quoted strings), a file renamed in its sidebar."""

import dataclasses

import yaml

from reader.core.notes.export import Exporter
from reader.core.notes.vault import CONFLICT, Bases, Vault
from reader.core.notes.writing import BEGIN, END, split_front, write_markdown

from .test_writing import article


def taker(taken):
    def take(a, back):
        taken.append(back)
        highlights = [
            h.replace(note=back.notes.get(h.id, h.note), tags=back.tags.get(h.id, h.tags)) for h in a.highlights
        ]
        note = back.article_note if back.article_note is not None else a.note
        tags = back.article_tags if back.article_tags is not None else a.tags
        return dataclasses.replace(a, highlights=highlights, note=note, tags=tags)

    return take


def export(folder, a, vault, notes=None):
    return write_markdown([a], folder, Exporter(), folder=True, notes=notes, vault=vault)[0]


def obsidian_properties(path, change):
    """The front matter rewritten as Obsidian's Properties editor writes it."""
    front, rest = split_front(path.read_text())
    change(front)
    path.write_text("---\n" + yaml.safe_dump(front, sort_keys=False, indent=2, default_style=None) + "---\n" + rest)


def with_notes(a, *notes):
    return dataclasses.replace(a, highlights=[h.replace(note=n) for h, n in zip(a.highlights, notes, strict=True)])


QUOTES = ("The minister resigned on Tuesday.", "Nobody saw it coming.")


def test_notes_tags_and_lines_written_in_the_vault_come_back_and_stay(tmp_path):
    vault_dir, taken = tmp_path / "vault", []
    vault = Vault(Bases(tmp_path / "data"), taker(taken))
    a = with_notes(article(*QUOTES), "first thought", "")
    path = export(vault_dir, a, vault)
    text = path.read_text()
    # the user, in Obsidian: a note edited, a tag added under the second quote, a line of
    # their own under the first quote, a tag in the properties, then the file renamed
    text = text.replace("> first thought", "> first thought, revised\n> and a second line")
    second = text.index("Nobody saw it coming.")
    line_end = text.index("\n", second)
    text = text[: line_end + 1] + "\nTags: #follow-up\n" + text[line_end + 1 :]
    first_end = text.index("\n", text.index("The minister resigned on Tuesday."))
    text = text[: first_end + 1] + "\nMy own aside, not a note.\n" + text[first_end + 1 :]
    renamed = vault_dir / "Kennedy trust.md"
    path.rename(renamed)
    renamed.write_text(text)
    obsidian_properties(renamed, lambda f: f.update(tags=[*f.get("tags", []), "my-own-tag"], aliases=["KT"]))

    told = []
    again = export(vault_dir, a, vault, told)  # reader's side unchanged since

    assert again == renamed and sorted(p.name for p in vault_dir.iterdir()) == ["Kennedy trust.md"]
    (back,) = taken
    assert back.notes == {"id0": "first thought, revised\nand a second line"}
    assert back.tags == {"id1": ("follow-up",)} and back.article_tags == ("my-own-tag",)
    assert told == [
        "Kennedy trust.md: the note of 1 highlight, the tags of 1 highlight, the article's tags came back from the vault"
    ]
    text = renamed.read_text()
    region = text.split(BEGIN)[1].split(END)[0]
    assert region.count("My own aside, not a note.") == 1
    assert region.index("The minister resigned") < region.index("My own aside") < region.index("Nobody saw")
    assert region.count("first thought, revised") == 1 and "Tags: #follow-up" in region
    front = split_front(text)[0]
    assert front["aliases"] == ["KT"] and "my-own-tag" in front["tags"] and "follow-up" in front["tags"]

    taken.clear()
    export(vault_dir, dataclasses.replace(a, highlights=a.highlights[1:]), vault)  # the first highlight deleted
    region = renamed.read_text().split(BEGIN)[1].split(END)[0]
    assert "My own aside, not a note." in region and "The minister resigned" not in region  # the user's line stays
    assert taken == [] or not taken[0].notes


def test_a_note_changed_on_both_sides_keeps_both_and_one_side_wins_otherwise(tmp_path):
    vault_dir, taken = tmp_path / "vault", []
    vault = Vault(Bases(tmp_path / "data"), taker(taken))
    a = with_notes(article(*QUOTES), "one", "two")
    path = export(vault_dir, a, vault)
    path.write_text(path.read_text().replace("> one", "> one, from the vault").replace("> two", "> two, vault"))
    told = []
    export(vault_dir, with_notes(a, "one, from reader", "two"), vault, told)  # reader changed the first too
    (back,) = taken
    assert back.notes == {"id0": f"one, from reader\n\n{CONFLICT}\n\none, from the vault", "id1": "two, vault"}
    assert back.conflicts == 1 and "(1 note changed on both sides: both kept)" in told[0]
    region = path.read_text().split(BEGIN)[1].split(END)[0]
    assert "one, from reader" in region and "one, from the vault" in region and region.count("two, vault") == 1

    taken.clear()
    told.clear()
    export(vault_dir, with_notes(a, "reader only", "two, vault"), vault, told)  # only reader changed since
    assert taken == [] and told == []
    assert "> reader only" in path.read_text() and "from the vault" not in path.read_text()


def test_a_note_with_no_record_of_what_reader_wrote_is_kept_aside_when_it_holds_the_users_lines(tmp_path):
    vault_dir, taken = tmp_path / "vault", []
    a = article(*QUOTES)
    path = export(vault_dir, a, None)  # written before the round trip: no base
    path.write_text(path.read_text().replace(END, "A line of mine inside the region.\n" + END))
    told = []
    export(vault_dir, a, Vault(Bases(tmp_path / "data"), taker(taken)), told)
    aside = path.with_name(path.name + ".bak")
    assert "A line of mine inside the region." in aside.read_text()
    assert told == [
        f"{path.name}: reader has no copy of what it wrote there last, so it cannot tell your lines from its own:"
        f" the file as it was is kept as {aside.name} (from now on your edits come back)"
    ]
    # an old note that reader would write again as it is needs no copy
    other = export(tmp_path / "other", a, None)
    export(tmp_path / "other", a, Vault(Bases(tmp_path / "data"), taker(taken)))
    assert [p.name for p in other.parent.iterdir()] == [other.name] and taken == []


def test_a_base_from_another_write_is_not_trusted(tmp_path):
    """A note reader wrote without recording it (a crash between the two writes): its
    `exported` stamp differs from the base's, so reader's old lines are not taken for the user's."""
    vault_dir, taken = tmp_path / "vault", []
    vault = Vault(Bases(tmp_path / "data"), taker(taken))
    a = with_notes(article(*QUOTES), "one", "")
    path = export(vault_dir, a, vault)
    newer = with_notes(a, "one, changed in reader", "")
    export(vault_dir, newer, None)  # written, its base not updated
    front, rest = split_front(path.read_text())
    front["exported"] = "2030-01-01T00:00:00+00:00"
    path.write_text("---\n" + yaml.safe_dump(front, sort_keys=False) + "---\n" + rest)
    told = []
    export(vault_dir, newer, vault, told)
    region = path.read_text().split(BEGIN)[1].split(END)[0]
    assert region.count("one, changed in reader") == 1 and "> one\n" not in region and taken == []
    assert told == [] and not list(vault_dir.glob("*.bak"))


def test_edits_wait_untouched_while_reader_cannot_save_them(tmp_path):
    """Another reader holds the database (read-only): a note edited in the vault is not
    rewritten (its edits would turn into lines of the user's own), and comes back later."""
    vault_dir, taken = tmp_path / "vault", []
    bases = Bases(tmp_path / "data")
    a = with_notes(article(*QUOTES), "one", "")
    path = export(vault_dir, a, Vault(bases, taker(taken)))
    edited = path.read_text().replace("> one", "> one, edited")
    path.write_text(edited)
    told = []
    export(vault_dir, a, Vault(bases, None), told)  # read-only: nothing can be taken
    assert path.read_text() == edited and told == [
        f"{path.name}: not rewritten: what you edited there comes back once reader can save it"
    ]
    export(vault_dir, a, Vault(bases, taker(taken)))
    assert taken[0].notes == {"id0": "one, edited"} and path.read_text().count("one, edited") == 1


def test_a_notebook_of_several_articles_brings_highlight_notes_back_and_keeps_the_users_lines(tmp_path):
    taken = []
    vault = Vault(Bases(tmp_path / "data"), taker(taken))
    first = with_notes(article(*QUOTES), "one", "")
    second = dataclasses.replace(with_notes(article(QUOTES[1]), "other"), id="b.txt", title="Another story")
    second = dataclasses.replace(second, highlights=[h.replace(id="idb", article="b.txt") for h in second.highlights])
    target = tmp_path / "notebook" / "all.md"
    write_markdown([first, second], target, Exporter(), folder=False, what="Notebook", vault=vault)
    text = target.read_text().replace("> other", "> other, edited").replace(END, "A closing line of mine.\n" + END)
    target.write_text(text)
    told = []
    write_markdown([first, second], target, Exporter(), folder=False, what="Notebook", notes=told, vault=vault)
    assert [b.notes for b in taken if b.notes] == [{"idb": "other, edited"}]
    assert told == ["all.md: the note of 1 highlight came back from the vault"]
    text = target.read_text()
    assert text.count("other, edited") == 1 and text.count("A closing line of mine.") == 1
