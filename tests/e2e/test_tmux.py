"""The installed `reader` command in a real terminal (tmux): open the second article, move
the cursor, go back, quit; start again and find the read state kept."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

READER = Path(sys.executable).parent / "reader"


SOCKET = f"reader-e2e-{uuid.uuid4().hex[:8]}"  # a tmux server of our own: no user config, no other sessions


def tmux(*args: str, tries: int = 1) -> str:
    """Run a tmux command on our server; `tries` > 1 retries a failure (briefly, bounded),
    for a start right after the last session closed, when the server may still be exiting."""
    command = ["tmux", "-L", SOCKET, "-f", "/dev/null", *args]
    for _ in range(tries):
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode == 0:
            return result.stdout
        time.sleep(0.3)
    raise AssertionError(f"{' '.join(args[:1])} failed ({result.returncode}): {result.stderr.strip()}")


class Terminal:
    def __init__(self, home: Path):
        self.name = f"reader-e2e-{uuid.uuid4().hex[:8]}"
        self.home = home

    def start(self) -> None:
        command = f"env -u COLUMNS -u LINES READER_HOME='{self.home}' TERM=xterm-256color '{READER}'; echo READER-EXITED $?; sleep 60"
        tmux("new-session", "-d", "-s", self.name, "-x", "110", "-y", "32", command, tries=5)
        tmux("set-option", "-t", self.name, "window-size", "manual")
        tmux("resize-window", "-t", self.name, "-x", "110", "-y", "32")

    def screen(self) -> str:
        return tmux("capture-pane", "-p", "-t", self.name)

    def keys(self, *keys: str) -> None:
        for key in keys:
            tmux("send-keys", "-t", self.name, key)
            # A lone ESC is told from an alt+key chord (ESC then the key) only by the pause
            # after it (Textual waits ESCDELAY, 100 ms): a key sent sooner would merge with it.
            time.sleep(0.4 if key == "Escape" else 0.15)

    def wait_for(self, check, what: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if check(screen):
                return screen
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for {what}; the screen shows:\n{self.screen()}")

    def wait_text(self, text: str, timeout: float = 30) -> str:
        return self.wait_for(lambda screen: text in screen, repr(text), timeout)

    def cursor_lines(self) -> str:
        return " ".join(line for line in self.screen().splitlines() if "▌ " in line)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", SOCKET, "kill-session", "-t", self.name], capture_output=True)


@pytest.fixture
def terminal(tmp_path):
    assert shutil.which("tmux"), "tmux is needed for the end-to-end test (apt-get install tmux)"
    assert READER.exists(), f"the reader command is not installed next to {sys.executable}"
    term = Terminal(tmp_path / "home")
    yield term
    term.close()


def test_read_an_article_quit_and_restart(terminal):
    terminal.start()
    terminal.wait_text("Inbox · 2 articles · 2 unread")
    terminal.keys("j", "Enter")
    terminal.wait_text("Putin and Lukashenko agree on supply of modern military")
    terminal.wait_for(lambda s: "According to Interfax" in terminal.cursor_lines(), "cursor on the first sentence")
    terminal.keys("j")
    terminal.wait_for(lambda s: "This was announced" in terminal.cursor_lines(), "cursor on the second sentence")
    terminal.keys("}", "}")
    terminal.wait_for(lambda s: '"During the conversation' in terminal.cursor_lines(), "cursor two paragraphs down")
    terminal.keys("q")  # q in an article: back to the library
    screen = terminal.wait_text("2 articles · 1 unread")
    terminal.keys("q")  # q in the library: quit
    terminal.wait_text("READER-EXITED 0")
    terminal.close()

    # Start again: the read state and the place in the article were kept on disk.
    assert (terminal.home / "reader.json").exists()
    terminal.start()
    screen = terminal.wait_text("2 articles · 1 unread")
    putin_row = next(line for line in screen.splitlines() if "Putin and Lukashenko" in line)
    leader_row = next(line for line in screen.splitlines() if "Leader says Belarus" in line)
    assert "•" not in putin_row and "%" in putin_row and "•" in leader_row
    terminal.keys("j", "Enter")
    terminal.wait_for(lambda s: '"During the conversation' in terminal.cursor_lines(), "the cursor where it was left")
    terminal.keys("q", "q")
    terminal.wait_text("READER-EXITED 0")


def test_highlight_tag_and_note_survive_a_restart(terminal):
    terminal.start()
    terminal.wait_text("Inbox · 2 articles · 2 unread")
    terminal.keys("j", "Enter")
    terminal.wait_for(lambda s: "According to Interfax" in terminal.cursor_lines(), "the article")
    terminal.keys("j", "h")  # highlight the second sentence
    terminal.keys("t")
    terminal.wait_text("Tags")
    for key in list("sanctions, press"):
        terminal.keys(key if key != " " else "Space")
    terminal.keys("Enter")
    terminal.wait_text("#sanctions #press")
    terminal.keys("n")
    terminal.wait_text("Note (Markdown)")
    for word in ("Who", "is", "the", "spokeswoman?"):
        terminal.keys(word, "Space")
    terminal.keys("C-s")
    terminal.wait_text("Note saved")
    terminal.keys("Escape")
    terminal.wait_text("2 articles · 1 unread")
    terminal.keys("q")
    terminal.wait_text("READER-EXITED 0")
    terminal.close()

    terminal.start()
    terminal.wait_text("2 articles · 1 unread")
    terminal.keys("n")  # the notebook lists the highlight with its tags and note
    screen = terminal.wait_text("This was announced by the press secretary")
    assert "#sanctions #press" in screen and "Who is the spokeswoman?" in screen
    terminal.keys("Enter")  # opens the article at the highlight
    screen = terminal.wait_text("#sanctions #press ✎")
    assert "This was announced" in terminal.cursor_lines()
    terminal.keys("Escape", "Escape", "q")
    terminal.wait_text("READER-EXITED 0")


def test_follow_a_feed_sync_in_the_reader_and_find_the_articles_after_a_restart(terminal):
    """`reader feed add` from the shell, R in the reader (against a server on 127.0.0.1),
    the new articles listed, one read; after a restart they are still there, read state kept."""
    from tests.loopback import Loopback
    from tests.webpages import serve_feed

    with Loopback() as server:
        feed = serve_feed(server, ("belarus-weapons", "budget-fr"))
        added = subprocess.run(
            [str(READER), "feed", "add", feed],
            capture_output=True,
            text=True,
            env={"READER_HOME": str(terminal.home), "PATH": "/usr/bin:/bin"},
        )
        assert added.returncode == 0, added.stderr
        terminal.start()
        terminal.wait_text("Inbox · 2 articles · 2 unread")
        terminal.keys("R")
        terminal.wait_text("4 articles · 4 unread")
        screen = terminal.wait_text("Synced 1 feed: 2 new articles")
        assert "Daily Ledger" in screen and "Le Quotidien du" in screen  # the Site column
        terminal.keys("g", "Enter")  # newest first: the French article (2023)
        terminal.wait_text("Le Quotidien du Centre · Claire Martin · 2023-09-27")
        terminal.keys("Escape")
        terminal.wait_text("4 articles · 3 unread")
        terminal.keys("q")
        terminal.wait_text("READER-EXITED 0")
        terminal.close()

    terminal.start()  # the server is gone: what was saved is read from the library folder
    screen = terminal.wait_text("4 articles · 3 unread")
    row = next(line for line in screen.splitlines() if "Le gouvernement présente" in line)
    assert "•" not in row
    terminal.keys("q")
    terminal.wait_text("READER-EXITED 0")


def test_hostile_text_in_the_database_never_reaches_the_terminal(terminal):
    """Tags and notes holding escape sequences (a title change, a clear screen, an OSC 52
    clipboard write), as a database written by another tool may: shown in the notebook, the
    annotations panel, the tag dialog and the note editor (and the entity panel beside them),
    they change neither the pane's title nor the clipboard."""
    from reader.core.library import load_article
    from reader.core.paths import seeds_dir
    from reader.core.store import Store

    article = load_article(seeds_dir() / "000_c4e3fa7496f1f1bc.txt", "000_c4e3fa7496f1f1bc.txt")
    start = article.body.index("This was announced")
    store = Store(terminal.home / "reader.json")
    store.highlights.add(article.id, article.fingerprint, article.body, start, start + 40)
    store.close()
    database = terminal.home / "reader.json"  # written by another tool: reader's own checks bypassed
    data = json.loads(database.read_text())
    [doc] = data["highlights"].values()
    doc["tags"] = ["x\x1b]0;PWNED-TAG\x07y"]
    doc["note"] = "noted\x1b]2;PWNED-NOTE\x07 \x1b[2J\x1b]52;c;UFdORUQ=\x07 here\x9b31m"
    database.write_text(json.dumps(data))
    terminal.start()
    tmux("set-option", "-g", "set-clipboard", "on")  # an OSC 52 from the app would make a buffer
    title = tmux("display-message", "-p", "-t", terminal.name, "#{pane_title}")
    terminal.wait_text("2 articles")
    terminal.keys("n")  # the notebook
    terminal.wait_text("noted")
    terminal.keys("Enter")  # the article, at the highlight
    terminal.wait_for(lambda s: "This was announced" in terminal.cursor_lines(), "the article at the highlight")
    terminal.keys("A")  # the annotations panel
    terminal.wait_text("Go to highlight")
    terminal.keys("Escape")
    terminal.wait_for(lambda s: "Go to highlight" not in s, "the annotations panel closed")
    terminal.keys("t")  # the tag dialog
    terminal.wait_text("saved as:")
    terminal.keys("Escape")
    terminal.wait_for(lambda s: "saved as:" not in s, "the tag dialog closed")
    terminal.keys("n")  # the note editor
    terminal.wait_text("Note (Markdown)")
    screen = terminal.screen()
    terminal.keys("Escape")
    terminal.wait_for(lambda s: "Note (Markdown)" not in s, "the note editor closed")
    terminal.keys("e")  # the entity panel
    screen += terminal.wait_text("Belarus ×")  # the panel is open: its most mentioned entity
    terminal.keys("Escape", "q", "q", "q")  # article, notebook, library
    terminal.wait_text("READER-EXITED 0")
    assert tmux("display-message", "-p", "-t", terminal.name, "#{pane_title}") == title
    assert "PWNED" not in screen and "noted" in screen
    assert "PWNED" not in tmux("list-buffers", "-F", "#{buffer_sample}")


def processes_of(home: Path, marker: str) -> list[int]:
    """Pids of live processes whose command line holds `marker`, started for this READER_HOME."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            environ = (proc / "environ").read_bytes().split(b"\0")
            state = (proc / "stat").read_text().split(")")[-1].split()[0]
        except OSError:
            continue
        if marker in cmdline and f"READER_HOME={home}".encode() in environ and state != "Z":
            found.append(int(proc.name))
    return found


def wait_gone(home: Path, marker: str, seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while processes_of(home, marker) and time.monotonic() < deadline:
        time.sleep(0.2)
    return processes_of(home, marker)


def test_the_entity_process_goes_with_the_reader_even_when_it_is_killed(terminal):
    """Entities are found by a child process; quitting the reader stops it, and so does
    killing the reader with SIGKILL (nothing is left running)."""
    child = "reader.core.entities.process"
    terminal.start()
    terminal.wait_text("2 articles")
    terminal.keys("Enter")  # nothing is cached yet: the model starts in its own process
    terminal.wait_text("PERSON", timeout=60)
    assert len(processes_of(terminal.home, child)) == 1
    terminal.keys("Escape", "q")
    terminal.wait_text("READER-EXITED 0")
    assert wait_gone(terminal.home, child, 5) == []
    terminal.close()

    terminal.start()
    terminal.wait_text("2 articles")
    terminal.keys("j", "Enter")  # the other seed: not cached either
    terminal.wait_text("PERSON", timeout=60)
    [reader] = processes_of(terminal.home, str(READER))
    os.kill(reader, signal.SIGKILL)
    terminal.wait_text("READER-EXITED 137")
    assert wait_gone(terminal.home, child, 5) == []


def test_archive_star_and_tag_survive_a_restart(terminal):
    terminal.start()
    terminal.wait_text("Inbox · 2 articles · 2 unread")
    terminal.keys("*")  # star the first (Leader says Belarus...)
    terminal.wait_text("Starred 1 article")
    terminal.keys("T")
    terminal.wait_text("Tags")
    for key in "arms":
        terminal.keys(key)
    terminal.keys("Enter")
    terminal.wait_text("#arms")
    terminal.keys("j", "e")  # archive the second: it leaves the Inbox
    terminal.wait_text("Inbox · 1 article · 1 unread")
    terminal.keys("q")
    terminal.wait_text("READER-EXITED 0")
    terminal.close()

    terminal.start()
    terminal.wait_text("Inbox · 1 article · 1 unread")

    def leader_row(screen: str) -> str:
        return next((line for line in screen.splitlines() if "Leader says Belarus" in line), "")

    screen = terminal.wait_for(lambda s: "★" in leader_row(s) and "#arms" in leader_row(s), "the star and the tag")
    assert "Putin and Lukashenko" not in screen
    terminal.keys("v")
    terminal.wait_text("Archive")
    terminal.keys("j", "j", "Enter")
    screen = terminal.wait_text("Archive · 1 article")
    assert "Putin and Lukashenko" in screen and "Leader says Belarus" not in screen
    terminal.keys("q")
    terminal.wait_text("READER-EXITED 0")


def test_the_shell_works_while_the_reader_is_open(terminal, tmp_path):
    """With the reader open: `reader feed add` and `reader sync` are done by it (it holds the
    database), `reader add` of a file shows in it within seconds, `reader mark` stars an
    article on its screen; after a restart all of it is still there."""
    from tests.loopback import Loopback
    from tests.webpages import serve_feed

    def shell(*argv: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "READER_HOME": str(terminal.home)}
        return subprocess.run([str(READER), *argv], capture_output=True, text=True, env=env, timeout=60)

    story = tmp_path / "harbour.txt"
    story.write_text("Harbour cranes return to the old port\n\nThe cranes came back on Monday.\n")
    with Loopback() as server:
        feed = serve_feed(server, ("belarus-weapons", "budget-fr"))
        terminal.start()
        terminal.wait_text("Inbox · 2 articles · 2 unread")
        added = shell("feed", "add", feed)
        assert added.returncode == 0 and added.stdout.startswith("following Loop News"), added.stderr
        terminal.wait_text("Following Loop News")
        synced = shell("sync")
        assert synced.returncode == 0 and "Synced 1 feed: 2 new articles" in synced.stderr, synced.stderr
        terminal.wait_text("Inbox · 4 articles · 4 unread")
    saved = shell("add", str(story))
    assert saved.returncode == 0, saved.stderr
    terminal.wait_text("Harbour cranes return", timeout=15)  # the watcher
    terminal.wait_text("Inbox · 5 articles · 5 unread")
    harbour = saved.stdout.split()[1]  # "added: ID  (title)"
    starred = shell("mark", harbour, "star")
    assert (starred.returncode, starred.stdout) == (0, "Starred 1 article\n"), starred.stderr

    def harbour_row(screen: str) -> str:
        return next((line for line in screen.splitlines() if "Harbour cranes" in line), "")

    terminal.wait_for(lambda screen: "★" in harbour_row(screen), "the star from the shell")
    terminal.keys("q")
    terminal.wait_text("READER-EXITED 0")
    terminal.close()

    terminal.start()
    screen = terminal.wait_text("Inbox · 5 articles · 5 unread")
    assert "★" in harbour_row(screen)
    terminal.keys("q")
    terminal.wait_text("READER-EXITED 0")
    listed = json.loads(shell("feed", "list", "--json").stdout)
    assert [(f["title"], f["articles"]) for f in listed] == [("Loop News", 2)]


def test_a_review_is_kept_across_a_restart(terminal):
    """Review two of three highlights, quit; at the next start the review has the third only,
    and the streak counts today."""
    from tests.cli.test_export_cli import annotate

    terminal.home.mkdir(parents=True)
    annotate(terminal.home)
    terminal.start()
    terminal.wait_text("Inbox · 2 articles · 2 unread")
    terminal.keys("r")
    terminal.wait_text("3 highlights left")
    terminal.keys("3")
    terminal.wait_text("2 highlights left")
    terminal.keys("4")
    terminal.wait_text("1 highlight left")
    terminal.keys("Escape", "q")
    terminal.wait_text("READER-EXITED 0")
    terminal.close()

    terminal.start()
    terminal.wait_text("Inbox · 2 articles · 2 unread")
    terminal.keys("r")
    screen = terminal.wait_text("1 highlight left")
    assert "Lukashenko said Wednesday" in screen and "Streak 1 day" in screen
    terminal.keys("3")
    terminal.wait_text("Done for today: 1 reviewed; tomorrow: 0")
    terminal.keys("q", "q")
    terminal.wait_text("READER-EXITED 0")
