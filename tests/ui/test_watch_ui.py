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
        assert not app.services.store.is_read("shell/story.md")
        assert str(app.screen.query_one("#library-status").render()).startswith("Inbox · 3 articles · 3 unread")
        assert os.path.exists(folder / "README.md")  # there, but no article
