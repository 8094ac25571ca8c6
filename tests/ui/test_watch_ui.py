"""The open app and the shell at once: a file that appears in the library folder by any
means (here: written by another process, as `reader add` in a shell writes one) is listed
within seconds, unread, in the Inbox."""

import asyncio
import os
import sys

from reader.ui.widgets.article_list import ArticleList
from tests.ui.conftest import SIZE, screen_text, settle

STORY = "---\ntitle: Written from the shell\n---\n\n" + "A paragraph from outside the app, long enough. " * 5


async def test_a_file_written_by_another_process_is_listed_within_seconds(make_app, home):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        folder = app.services.paths.library_dir / "shell"
        code = (
            "import os, pathlib, sys\n"
            "folder = pathlib.Path(sys.argv[1]); folder.mkdir(parents=True, exist_ok=True)\n"
            "(folder / '.story.md.tmp').write_text(sys.argv[2])\n"  # written aside, then renamed: as reader writes
            "os.replace(folder / '.story.md.tmp', folder / 'story.md')\n"
            "(folder / 'README.md').write_text('not an article')\n"
        )
        writer = await asyncio.create_subprocess_exec(sys.executable, "-c", code, str(folder), STORY)
        assert await asyncio.wait_for(writer.wait(), 30) == 0
        for _ in range(50):  # up to 10 s
            await pilot.pause(0.2)
            if "Written from the shell" in screen_text(app):
                break
        titles = [e.title for e in app.screen.query_one(ArticleList).entries]
        assert titles.count("Written from the shell") == 1 and len(titles) == 3
        assert not app.services.store.articles.is_read("shell/story.md")
        assert str(app.screen.query_one("#library-status").render()).startswith("Inbox · 3 articles · 3 unread")
        assert os.path.exists(folder / "README.md")  # there, but no article


async def test_a_file_deleted_or_edited_outside_the_app_leaves_or_changes_the_list(make_app, home):
    """`rm` in a shell takes the article off the list; an edit shows its new title; a file
    the reader itself moved to its trash (d) stays known, so that `u` brings it back."""
    folder = home / "library"
    folder.mkdir(exist_ok=True)
    for name in ("gone.md", "edited.md", "trashed.md"):
        (folder / name).write_text(STORY.replace("Written from the shell", name))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)

        def titles() -> list[str]:
            return sorted(e.title for e in app.screen.query_one(ArticleList).entries)

        assert {"gone.md", "edited.md", "trashed.md"} <= set(titles())
        listing = app.screen.query_one(ArticleList)
        listing.cursor = next(i for i, e in enumerate(listing.entries) if e.title == "trashed.md")
        await pilot.press("d")
        await settle(app, pilot)
        assert not (folder / "trashed.md").exists()
        code = (
            "import os, pathlib, sys\n"
            "folder = pathlib.Path(sys.argv[1])\n"
            "(folder / 'gone.md').unlink()\n"
            "(folder / '.edited.md.tmp').write_text(sys.argv[2])\n"
            "os.replace(folder / '.edited.md.tmp', folder / 'edited.md')\n"
        )
        edited = STORY.replace("Written from the shell", "A better title")
        writer = await asyncio.create_subprocess_exec(sys.executable, "-c", code, str(folder), edited)
        assert await asyncio.wait_for(writer.wait(), 30) == 0
        for _ in range(50):  # up to 10 s
            await pilot.pause(0.2)
            if "A better title" in titles() and "gone.md" not in titles():
                break
        assert "gone.md" not in titles() and "edited.md" not in titles() and "A better title" in titles()
        assert app.services.library.get("gone.md") is None
        await pilot.press("u")  # the trashed one comes back
        await settle(app, pilot)
        assert (folder / "trashed.md").exists()
        for _ in range(10):
            await pilot.pause(0.2)
        assert "trashed.md" in titles()


async def test_a_file_the_sync_and_the_watcher_both_report_is_listed_once(make_app, home):
    """A synced page is reported by the sync that wrote it and by the folder's watcher, in
    either order: one row, one article in the count."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        folder = app.services.paths.library_dir / "127.0.0.1"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "story.md"
        path.write_text(STORY)
        assert app.workspace.article_arrived(path) and app.workspace.article_arrived(path)
        await settle(app, pilot)
        titles = [e.title for e in app.screen.query_one(ArticleList).entries]
        assert titles.count("Written from the shell") == 1 and len(titles) == 3
        assert str(app.screen.query_one("#library-status").render()).startswith("Inbox · 3 articles · 3 unread")
