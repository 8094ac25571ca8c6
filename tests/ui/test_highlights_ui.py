import os
from pathlib import Path

from reader.core.notes.writing import export_name
from reader.core.store import Store
from reader.ui.dialogs import Confirm, NoteEditor, TagDialog
from reader.ui.screens.article import ArticleScreen
from reader.ui.screens.notebook import NotebookScreen
from reader.ui.widgets.annotations_panel import AnnotationsPanel
from reader.ui.widgets.article_view import ArticleView
from tests.conftest import SEED_000
from tests.ui.conftest import SIZE, notes, run_command, screen_text, settle
from tests.ui.test_article_screen import cursor_text, open_putin

SECOND = "This was announced by the press secretary of Lukashenko, quoted by the state agency BelTA."


def umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def quotes(app):
    return [h.exact for h in app.services.store.highlights.all()]


async def test_h_highlights_the_sentence_and_the_panel_and_library_show_it(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        view = await open_putin(app, pilot)
        await pilot.press("j", "h")
        assert quotes(app) == [SECOND]
        assert [h.start for h in view.highlights] == [view.cursor_span[0]]
        await pilot.press("A")
        panel = app.screen.query_one(AnnotationsPanel)
        assert panel.display and "This was announced by the press" in screen_text(app)
        await pilot.press("escape", "escape")
        await settle(app, pilot)
        row = next(line for line in screen_text(app).splitlines() if "Putin and Lukashenko" in line)
        assert " 1 " in row.split("Putin")[0]  # the library's highlight count column


async def test_word_by_word_refinement_of_a_selection(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_putin(app, pilot)
        await pilot.press("j", "shift+left", "shift+left", "shift+left")
        assert view.selected_text == "This was announced by the press secretary of Lukashenko, quoted by the state"
        await pilot.press("shift+right")
        assert (
            view.selected_text == "This was announced by the press secretary of Lukashenko, quoted by the state agency"
        )
        await pilot.press("h")
        assert quotes(app) == ["This was announced by the press secretary of Lukashenko, quoted by the state agency"]


async def test_colour_tags_with_completion_and_tags_beside_the_text(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_putin(app, pilot)
        await pilot.press("j", "h", "c")
        assert app.services.store.highlights.all()[0].color == "green"
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TagDialog)
        await pilot.press(*"belarus, press office", "enter")
        await pilot.pause()
        assert list(app.services.store.highlights.all()[0].tags) == ["belarus", "press-office"]
        assert "#belarus #press-office" in screen_text(app)
        # a second highlight: "be" completes to the existing tag with →
        await pilot.press("j", "j", "h", "t")
        await pilot.pause()
        await pilot.press("b", "e")
        await pilot.pause()
        await pilot.press("right", "enter")
        await pilot.pause()
        tags = {h.exact[:20]: list(h.tags) for h in app.services.store.highlights.all()}
        assert ["belarus"] in tags.values()


async def test_note_editor_saves_with_ctrl_s_and_asks_before_discarding(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_putin(app, pilot)
        await pilot.press("h", "n")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"Check **BelTA**", "enter", *"second line", "ctrl+s")
        await pilot.pause()
        assert app.services.store.highlights.all()[0].note == "Check **BelTA**\nsecond line"
        assert "✎" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*" more", "escape")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")  # no, keep editing
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")  # yes, discard
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        assert app.services.store.highlights.all()[0].note == "Check **BelTA**\nsecond line"


async def test_delete_undo_and_jump_between_highlights(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_putin(app, pilot)
        await pilot.press("h", "j", "j", "j", "h", "g")
        assert len(quotes(app)) == 2
        await pilot.press("greater_than_sign")
        assert cursor_text(view).startswith("Army Recognition")
        await pilot.press("greater_than_sign")  # wraps to the first
        assert cursor_text(view).startswith("According to Interfax")
        await pilot.press("less_than_sign")
        assert cursor_text(view).startswith("Army Recognition")
        await pilot.press("x")
        assert len(quotes(app)) == 1
        await pilot.press("u")
        assert len(quotes(app)) == 2
        await pilot.press("u", "u")  # undo both creations
        assert quotes(app) == []
        assert view.highlights == []


async def test_notebook_filters_by_tag_and_opens_the_article_at_the_highlight(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_putin(app, pilot)
        await pilot.press("h", "G", "h", "t")
        await pilot.pause()
        await pilot.press(*"tanks", "enter")
        await pilot.pause()
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NotebookScreen)
        assert "2 highlights" in screen_text(app)
        await pilot.press("slash", *"#tan")
        await pilot.pause()
        text = screen_text(app)
        assert "1 of 2 highlights" in text and "Belarussian T-72B3" in text
        await pilot.press("enter", "enter")
        await settle(app, pilot)
        view = app.screen.query_one(ArticleView)
        assert app.screen.article_id == SEED_000
        assert cursor_text(view).startswith("Belarussian T-72B3")


async def test_highlights_follow_an_edited_file_and_orphans_are_kept(make_app, library_dir):
    app = make_app([library_dir])
    async with app.run_test(size=(120, 36)) as pilot:
        view = await open_putin(app, pilot)
        await pilot.press("j", "h", "j", "j", "j", "h", "n")
        await pilot.pause()
        await pilot.press(*"about the tank", "ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await settle(app, pilot)
    path = library_dir / SEED_000
    text = path.read_text()
    text = text.replace("\n\n", "\n\nA new paragraph at the top.\n\n", 1)  # everything moves down
    text = text.replace("President of Belarus Alexander Lukashenko (Picture source: BelTA)", "")
    path.write_text(text)
    app = make_app([library_dir])
    async with app.run_test(size=(120, 36)) as pilot:
        view = await open_putin(app, pilot)
        docs = {h.status: h for h in app.services.store.highlights.all()}
        assert set(docs) == {"moved", "orphan"}
        moved = docs["moved"]
        assert view.article.body[moved.start : moved.end] == SECOND
        await pilot.press("A")
        await pilot.pause()
        text = screen_text(app)
        assert "Detached" in text and "about the tank" in text


async def test_a_second_reader_is_read_only_and_says_why(make_app, home):
    holder = Store(home / "reader.json")  # another reader has the database
    app = make_app()
    shown = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert "read-only: another reader has the database" in screen_text(app)  # a lasting mark
        view = await open_putin(app, pilot)
        assert "read-only: another reader has the database" in screen_text(app)
        assert not any(m.startswith("Cannot open") for m in shown)  # reading still works
        assert view.article is not None and "According to Interfax" in screen_text(app)
        await pilot.press("h")
        assert "Another reader is using the database: this one is read-only." in shown
        assert any(m.startswith("Not saved:") and "another reader" in m for m in shown)
    holder.close()


async def test_export_from_the_reader_and_the_notebook(make_app, home):
    from tests.core.export_parse import recover

    app = make_app()
    shown = notes(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_putin(app, pilot)
        await pilot.press("E")
        assert "Nothing to export: this article has no highlights yet." in shown
        await pilot.press("j", "h", "G", "h", "t")
        await pilot.pause()
        await pilot.press(*"tank", "enter")
        await pilot.pause()
        await pilot.press("E")
        title = "Putin and Lukashenko agree on supply of modern military equipment to Belarus"
        written = home / "exports" / export_name(SEED_000, title)  # the one naming rule
        assert f"Exported to {written}" in shown
        back = recover(written.read_text())
        assert [h["quote"] for h in back["highlights"]] == [
            SECOND,
            "Belarussian T-72B3 Main Battle Tank (Picture source: Belarus MoD)",
        ]
        # the command palette offers the same
        written.unlink()
        await run_command(app, pilot, "export this")
        assert written.exists()
        # the notebook exports what it shows
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("slash", *"#tank", "enter", "E")
        await pilot.pause()
        message = next(m for m in shown if m.startswith("Exported 1 highlight to "))
        path = Path(message.removeprefix("Exported 1 highlight to "))
        assert path == home / "exports" / "notebook" / "tank.md"  # named from its filter, in its own folder
        notebook = recover(path.read_text())
        assert [h["tags"] for h in notebook["highlights"]] == [["tank"]]
        # the article's own export was not replaced by the notebook's (2 highlights, not 1)
        assert len(recover(written.read_text())["highlights"]) == 2
        assert oct(written.stat().st_mode & 0o777) == "0o600"  # in reader's own folder: the user's alone


async def test_auto_export_keeps_a_file_per_article_up_to_date(make_app, home, tmp_path):
    vault = tmp_path / "vault"
    (home / "config.toml").write_text(f'auto_export_dir = "{vault}"\n')
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_putin(app, pilot)
        await pilot.press("h")
        (file,) = vault.glob("*.md")
        assert file.name.startswith("Putin and Lukashenko agree") and "According to Interfax" in file.read_text()
        await pilot.press("t")
        await pilot.pause()
        await pilot.press(*"later", "enter")
        await pilot.pause()
        assert "#later" in file.read_text()
        with file.open("a") as notes_file:  # the user writes below reader's region
            notes_file.write("\nMy own line, written in Obsidian.\n")
        await pilot.press("x")  # the last highlight goes: the file and the user's line stay
        text = file.read_text()
        assert "My own line, written in Obsidian." in text and "According to Interfax" not in text
        assert "highlights: 0" in text
        await pilot.press("u")
        text = file.read_text()
        assert "My own line, written in Obsidian." in text and "According to Interfax" in text
        assert [p.name for p in vault.iterdir()] == [file.name]


async def test_a_note_edited_in_the_vault_comes_back_and_the_renamed_file_is_kept(make_app, home, tmp_path):
    vault = tmp_path / "vault"
    (home / "config.toml").write_text(f'auto_export_dir = "{vault}"\n')
    app = make_app()
    shown = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await open_putin(app, pilot)
        await pilot.press("h")
        (file,) = vault.glob("*.md")
        text = file.read_text()  # in Obsidian: a note typed under the quote as a callout, the file renamed
        quote_end = text.index("\n", text.index("According to Interfax"))
        text = text[: quote_end + 1] + "\n> [!note]\n> Check this against the BelTA wire.\n" + text[quote_end + 1 :]
        file.unlink()
        (vault / "Kennedy trust.md").write_text(text)
        await pilot.press("t")  # a tag added in reader: the export reads the vault first
        await pilot.pause()
        await pilot.press(*"arms", "enter")
        await pilot.pause()
        (highlight,) = app.services.store.highlights.all()
        assert highlight.note == "Check this against the BelTA wire." and highlight.tags == ("arms",)
        assert [p.name for p in vault.iterdir()] == ["Kennedy trust.md"]  # never written twice
        text = (vault / "Kennedy trust.md").read_text()
        assert text.count("Check this against the BelTA wire.") == 1 and "#arms" in text
        assert any("Kennedy trust.md: the note of 1 highlight came back from the vault" in n for n in shown)
        await pilot.press("A")  # the panel shows the note as it is now
        await pilot.pause()
        assert "Check this against the BelTA" in screen_text(app)


async def test_articles_annotated_before_auto_export_was_set_get_their_files(make_app, home, tmp_path):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_putin(app, pilot)
        await pilot.press("h")
        await pilot.pause()
    vault = tmp_path / "vault"
    (home / "config.toml").write_text(f'auto_export_dir = "{vault}"\n')
    app = make_app()
    shown = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        for _ in range(40):  # written a few at a time between keys
            if list(vault.glob("*.md")):
                break
            await pilot.pause(0.05)
        (file,) = vault.glob("*.md")
        assert file.name == export_name(
            SEED_000, "Putin and Lukashenko agree on supply of modern military equipment to Belarus"
        )
        assert "According to Interfax" in file.read_text()
        await pilot.pause(0.2)
        assert "Auto-export: wrote 1 file for articles annotated earlier" in shown


async def test_y_copies_the_sentence_the_selection_or_the_highlight_with_its_link(make_app, library_dir):
    (library_dir / "web.md").write_text(
        "---\ntitle: Rates hold [again]\nurl: https://example.org/rates\ndate: 2030-01-01\n---\n\n"
        "The central bank kept rates unchanged on Thursday. Markets had expected the decision and shrugged.\n"
    )
    app = make_app([library_dir])
    shown = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")  # the newest: web.md
        await settle(app, pilot)
        await pilot.press("y")
        assert app.clipboard == (
            "> The central bank kept rates unchanged on Thursday.\n\n"
            "— [Rates hold [again]](<https://example.org/rates#:~:text=The%20central%20bank%20kept%20rates%20unchanged%20on%20Thursday.>)\n"
        )
        assert shown[-1] == "Copied the sentence as a quote, with a link to it."
        await pilot.press("J", "y")  # the selection: both sentences
        assert app.clipboard.startswith("> The central bank") and "and shrugged." in app.clipboard
        assert "#:~:text=The%20central%20bank%20kept,the%20decision%20and%20shrugged." in app.clipboard  # its two ends
        assert shown[-1] == "Copied the selection as a quote, with a link to it."
        await pilot.press("escape", "j", "h", "k", "j", "y")
        assert app.clipboard.startswith("> Markets had expected") and shown[-1].startswith("Copied the highlight")
