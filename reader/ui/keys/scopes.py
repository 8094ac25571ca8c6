"""Every key of the app, declared once, by scope: a scope is one class's BINDINGS (see
`registry` for what is made of them)."""

from __future__ import annotations

from reader.ui.keys.dialog_scopes import DIALOG_SCOPES
from reader.ui.keys.key import Key, Scope

HERE, THIS = "the article under the cursor", "this article"  # what a triage command acts on, for its help

# A table: one key per entry reads better than the formatter's layout.
# fmt: off
SCOPES: dict[str, Scope] = {
    "app": Scope("Everywhere", [
        Key("app.help", "question_mark", "help", "Help", "the keys of this screen, with their ids"),
    ]),
    "article_list": Scope("Library", [
        Key("library.open", "enter", "select", "Open", "the article under the cursor (marks it read)"),
        Key("library.down", "j,down", "move(1)", "Down", show=False),
        Key("library.up", "k,up", "move(-1)", "Up", show=False),
        Key("library.page_down", "pagedown,space", "page(1)", "Page down", show=False),
        Key("library.page_up", "pageup,b", "page(-1)", "Page up", show=False),
        Key("library.first", "g,home", "edge(-1)", "First", show=False),
        Key("library.last", "G,end", "edge(1)", "Last", show=False),
        Key("library.next_unread", "full_stop", "next_unread", "Next unread", "the next below (then from the top)", show=False),
    ]),
    "library": Scope("Library", [
        Key("library.quit", "q", "app.quit", "Quit"),
        Key("library.filter", "slash", "filter", "Filter",
            "by title, site, feed, author or file name, as you type (`enter` goes back to the list); `@name` keeps "
            "the articles that mention an entity (e.g. `@lukashenko`, from the entity cache: run `reader index` first)"),
        Key("library.clear_filter", "escape", "clear_filter", "Clear filter", show=False),
        Key("library.sort", "s", "sort", "Sort", "by date (newest first, undated last) or by title", show=False),
        Key("library.skipped", "w", "skipped", "Skipped files", "the files that could not be read, and why", show=False),
        Key("library.sync", "R", "sync", "Sync feeds",
            "fetch the new articles of every feed you follow (also in the command palette); progress shows in the "
            "status line, new articles appear in the list as they arrive, unread, and a summary per feed follows",
            show=False,
            palette=("Sync feeds", "Fetch the new articles of every feed you follow")),
        Key("library.search", "f", "search", "Search",
            "the text of every article (and the highlights' tags and notes), best first, as you type (keys below)",
            palette=("Search the library", "The text of every article, best first")),
        Key("library.explore", "x", "explore", "Explore",
            "who and what the library (or the filtered list) is about, from the entity cache: the entities in "
            "the most articles per label as bars; for the one under the cursor, the company it keeps and its "
            "articles month by month; `enter` lists its articles", show=False,
            palette=("Explore the library", "Its most mentioned entities, and when")),
        Key("library.notebook", "n", "notebook", "Notebook", "every highlight of the library (keys below)",
            palette=("Notebook", "Every highlight of the library")),
        Key("library.review", "r", "review", "Review",
            "today's highlights by spaced repetition (`review_per_day`, 10 by default; keys below); the command "
            "palette's \"Review the list on screen\" takes only the highlights of the view and filter shown",
            show=False,
            palette=("Review", "Today's highlights, by spaced repetition")),
        Key("library.review_shown", "", "review_shown", "Review the list on screen", show=False,
            palette=("Review the list on screen", "Its articles' highlights")),
        Key("library.add", "a", "add", "Add",
            "a web address without leaving the app: a feed is followed (a site that names one: that feed) and its articles fetched at once, an "
            "article page is saved and listed, told apart by themselves", show=False,
            palette=("Add a web address", "A feed to follow or an article to save")),
        Key("library.rules", "", "app.rules", "Rules", show=False,
            palette=("Rules", "What to do with new articles as they arrive: skip, archive, tag...")),
        Key("library.feeds", "F", "feeds", "Feeds",
            "every feed you follow, with its folder, unread count, last sync and last error (keys below)",
            show=False,
            palette=("Feeds", "Every feed you follow: folders, unread, last sync, errors")),
        Key("library.open_url", "o", "open_url", "Open in browser",
            "the article's web address (a text-mode browser such as lynx gets the terminal meanwhile; with no "
            "browser, the address goes to the clipboard)", show=False),
        Key("library.views", "v", "views", "Views",
            "Inbox, Later, Archive, Starred, All, one per feed and your saved views, each with its count and "
            "unread count; `enter` shows one (the app opens on the Inbox; `/` filters within the view)",
            palette=("Views", "Inbox, Later, Archive, Starred, feeds, your views")),
        Key("library.archive", "e", "triage('archive')", "Archive", "the article under the cursor (back to the inbox when archived)",
            palette=("Archive", f"Archive: {HERE}")),
        Key("library.later", "l", "triage('later')", "Later", "read it later (back to the inbox when it is there)", show=False,
            palette=("Read later", f"Read later: {HERE}")),
        Key("library.read", "m", "triage('toggle_read')", "Read/unread", "mark the article read, or unread again", show=False,
            palette=("Mark read/unread", f"Mark read/unread: {HERE}")),
        Key("library.star", "asterisk", "triage('star')", "Star", "star the article, or take its star off", show=False,
            palette=("Star", f"Star: {HERE}")),
        Key("library.delete", "d,delete", "triage('delete')", "Delete",
            "a file reader saved goes to `trash/` in the data folder, one in your own folders is only hidden; "
            "its highlights are kept (`u` or `reader restore ID` brings it back)", show=False,
            palette=("Delete", f"Delete: {HERE}")),
        Key("library.all_read", "A", "all('read')", "Mark all read",
            "every article of the list on screen (asks first, says how many; `u` undoes)", show=False,
            palette=("Mark all read", "Every article of the list on screen")),
        Key("library.archive_all", "E", "all('archive')", "Archive all", "every article of the list on screen (asks "
            "first, says how many; `u` undoes)", show=False, palette=("Archive all on screen", "The list on screen")),
        Key("library.article_tags", "T", "triage('article_tags')", "Article tags",
            "tags for the whole article (the highlight's tag dialog); `#tag` and `tag:` find them", show=False,
            palette=("Article tags", f"Article tags: {HERE}")),
        Key("library.article_note", "N", "triage('article_note')", "Article note", "a note on the whole article (the note editor)",
            show=False,
            palette=("Article note", f"Article note: {HERE}")),
        Key("library.hide_read", "H", "hide_read", "Hide read", "leave the read articles out of any view, or show "
            "them again (config: `hide_read`; `start_view`: the view the app opens on)", show=False,
            palette=("Hide read articles", "Or show them again")),
        Key("library.undo", "u", "triage('undo')", "Undo",
            "the last archive, later, read, star, delete, mark-all, tags or note of this session (several levels)",
            show=False,
            palette=("Undo", "The last archive, later, read, star, delete, tags or note")),
    ], live_with=("app", "article_list")),
    "article_view": Scope("Reader", [
        Key("article.next_sentence", "j,down", "move(1)", "Next sentence"),
        Key("article.previous_sentence", "k,up", "move(-1)", "Previous sentence", show=False),
        Key("article.next_paragraph", "}", "paragraph(1)", "Next paragraph", show=False),
        Key("article.previous_paragraph", "{", "paragraph(-1)", "Previous paragraph", "first to the start of this one", show=False),
        Key("article.page_down", "space,pagedown", "page(1)", "Page down", "the cursor comes along", show=False),
        Key("article.page_up", "b,pageup", "page(-1)", "Page up", show=False),
        Key("article.top", "g,home", "edge(-1)", "Top", show=False),
        Key("article.bottom", "G,end", "edge(1)", "Bottom", show=False),
        Key("article.extend_down", "shift+down,J", "extend(1)", "Select more",
            "extend a selection sentence by sentence from the cursor"),
        Key("article.extend_up", "shift+up,K", "extend(-1)", "Select less", show=False),
        Key("article.refine_right", "shift+right", "refine(1)", "Selection end: next word",
            "a highlight need not be whole sentences", show=False),
        Key("article.refine_left", "shift+left", "refine(-1)", "Selection end: previous word", show=False),
    ]),
    "article": Scope("Reader", [
        Key("article.back", "escape", "back", "Back", "clears the selection, then the find matches, then goes back (to the library, or the search or notebook it was opened from)"),
        Key("article.leave", "q", "leave", "Library",
            "back to the library at once (like `less` or newsboat; `q` there quits). Your place is kept: the "
            "article reopens at the sentence you left"),
        Key("article.find", "slash", "find", "Find", "text in the article; matches are counted from the cursor (find bar keys below)"),
        Key("article.find_next", "f", "find_step(1)", "Next match", "once the find bar is closed", show=False),
        Key("article.find_previous", "F", "find_step(-1)", "Previous match", show=False),
        Key("article.highlight", "h", "highlights('make')", "Highlight",
            "the selection, or the cursor's sentence; inside a highlight it says so, over part of one it extends "
            "it (tags and notes kept). `c` `t` `n` `x` act on the innermost highlight under the cursor"),
        Key("article.colour", "c", "highlights('colour')", "Colour",
            "cycle the colour of the highlight under the cursor (yellow, green, blue, pink, purple)", show=False),
        Key("article.tags", "t", "highlights('tags')", "Tags",
            "comma-separated, for the highlight under the cursor; `→` completes a tag you already use; shown "
            "after the highlight as `#tag` (on its last line when they fit, else below its paragraph, never "
            "splitting it)"),
        Key("article.note", "n", "highlights('note')", "Note",
            "a multi-line (Markdown) editor for the highlight under the cursor; `ctrl+s` saves, `esc` cancels "
            "(asking first if you changed it)"),
        Key("article.copy", "y", "highlights('copy')", "Copy",
            "the selection, else the highlight under the cursor, else its sentence, to the clipboard as a Markdown "
            "quote with a link to the passage (a text fragment the browser finds)", show=False,
            palette=("Copy the passage", "As a Markdown quote with its link")),
        Key("article.delete_highlight", "x", "highlights('delete')", "Delete highlight", "the one under the cursor", show=False),
        Key("article.undo", "u", "highlights('undo')", "Undo",
            "the last change to this article's highlights (create, extend, edit, delete; several levels, this "
            "session); the cursor goes to it", show=False),
        Key("article.redo", "U,ctrl+r", "highlights('redo')", "Redo", "what `u` undid, until you make a new change", show=False),
        Key("article.next_highlight", "greater_than_sign", "highlights('next', 1)", "Next highlight", show=False),
        Key("article.previous_highlight", "less_than_sign", "highlights('next', -1)", "Previous highlight", show=False),
        Key("article.annotations", "A", "annotations_panel", "Annotations",
            "the article's highlights in order (quote, tags, first line of the note), then the detached ones "
            "(panel keys below)", show=False),
        Key("article.export", "E", "highlights('export')", "Export to Markdown",
            "this article's highlights and notes, to `exports/` in the data folder (or `export_dir`); the path "
            "written is shown (also in the command palette: \"Export this article\")", show=False,
            palette=("Export this article to Markdown", "Its highlights and notes, as a .md file")),
        Key("article.open_url", "o", "open_url", "Open in browser", "the article's web address, as in the library", show=False,
            palette=("Open this article in the browser", "Its web address, in your browser")),
        Key("article.next_article", "right_square_bracket", "sibling(1)", "Next article", "in the library's current order"),
        Key("article.previous_article", "left_square_bracket", "sibling(-1)", "Previous article", show=False),
        Key("article.next_unread", "full_stop", "sibling(1, True)", "Next unread", "in the library's order", show=False),
        Key("article.archive", "a", "triage('archive')", "Archive", "this article (back to the inbox when archived)", show=False,
            palette=("Archive", f"Archive: {THIS}")),
        Key("article.later", "l", "triage('later')", "Later", "read it later", show=False,
            palette=("Read later", f"Read later: {THIS}")),
        Key("article.read", "m", "triage('toggle_read')", "Mark unread", "or read again", show=False,
            palette=("Mark read/unread", f"Mark read/unread: {THIS}")),
        Key("article.star", "asterisk", "triage('star')", "Star", "star it, or take its star off", show=False,
            palette=("Star", f"Star: {THIS}")),
        Key("article.delete", "D", "triage('delete')", "Delete article", "as `d` in the library; back to the library", show=False,
            palette=("Delete", f"Delete: {THIS}")),
        Key("article.article_tags", "T", "triage('article_tags')", "Article tags", "tags for the whole article", show=False,
            palette=("Article tags", f"Article tags: {THIS}")),
        Key("article.article_note", "N", "triage('article_note')", "Article note", "a note on the whole article", show=False,
            palette=("Article note", f"Article note: {THIS}")),
        Key("article.entities", "e", "entity_panel", "Entities", "open the entity panel (again, or `esc` in it: close it)"),
        Key("article.correct_entity", "L", "entities('correct')", "Correct entity",
            "label the selection (or the entity in the cursor's sentence, or the one just jumped to) as PERSON, "
            "ORG, GPE..., mark it \"not an entity\", or remove your correction; in every article (a rule for "
            "the text) or, after `s`, here only (this mention)", show=False),
    ], live_with=("app", "article_view")),
    "find": Scope("Find bar (`/` in the reader)", [
        Key("find.next", "down", "step(1)", "Next match", "(`enter` too)"),
        Key("find.previous", "up,shift+enter", "step(-1)", "Previous match"),
        Key("find.close", "escape", "close", "Close", "the find bar, keeping the matches (`f` `F` step through them)"),
    ]),
    "entities": Scope("Entity panel (`e` in the reader)", [
        Key("entities.next", "enter", "jump(1)", "Next mention",
            "jump to the next mention of the entity (all its mentions are marked); on a label, fold it"),
        Key("entities.previous", "shift+enter,p", "jump(-1)", "Previous mention"),
        Key("entities.toggle_label", "v", "toggle_label", "Show/hide label",
            "toggle a label's colouring (CARDINAL and ORDINAL start hidden)"),
        Key("entities.articles", "a", "articles", "Articles mentioning it",
            "every article of the library that mentions the entity (articles not yet indexed are indexed on the "
            "spot); `enter` opens one"),
        Key("entities.down", "j", "cursor_down", "Down", "(`↓` too; `k` `↑` up)", show=False),
        Key("entities.up", "k", "cursor_up", "Up", show=False),
        Key("entities.first", "g", "edge(-1)", "First", show=False),
        Key("entities.last", "G", "edge(1)", "Last", show=False),
        Key("entities.close", "escape", "close", "Close panel",
            "(`e` too). `tab` / `shift+tab` move between the article and the panel, which stays open; the "
            "article's keys (`h`, `t`, `n`, `/`...) work from the panel on the article's cursor"),
    ]),
    "annotations": Scope("Annotations panel (`A` in the reader)", [
        Key("annotations.go", "enter", "select", "Go to highlight", "detached ones say their text is gone"),
        Key("annotations.down", "j", "cursor_down", "Down", "(`↓` too; `k` `↑` up)", show=False),
        Key("annotations.up", "k", "cursor_up", "Up", show=False),
        Key("annotations.first", "g", "first", "First", show=False),
        Key("annotations.last", "G", "last", "Last", show=False),
        Key("annotations.accept", "a", "accept", "Accept new text",
            "a highlight marked `~ moved` covers text that changed since you made it; its quote stays as you "
            "highlighted it until you accept the new text"),
        Key("annotations.close", "escape", "close", "Close panel"),
    ]),
    "notebook": Scope("Notebook (`n` in the library)", [
        Key("notebook.filter", "slash", "filter", "Filter",
            "by words in the quote, note or article title, and by `#tag`; `enter` in the list opens the article "
            "at the highlight"),
        Key("notebook.back", "escape,q", "back", "Back", "clears the filter, then goes back"),
        Key("notebook.export", "E", "export", "Export to Markdown", "what the notebook shows, into one file"),
    ], live_with=("app",)),
    "review": Scope("Review (`r` in the library)", [
        Key("review.again", "1", "grade('again')", "Again", "forgotten: it comes back tomorrow"),
        Key("review.hard", "2", "grade('hard')", "Hard"),
        Key("review.good", "3,enter", "grade('good')", "Good"),
        Key("review.easy", "4", "grade('easy')", "Easy", "it comes back the latest"),
        Key("review.never", "x", "grade('never')", "Never again", "the highlight stays; it only leaves the review"),
        Key("review.open", "o", "open", "Open", "the passage in its article (`esc` comes back)"),
        Key("review.tags", "t", "tags", "Tags", "of the highlight, in place"),
        Key("review.note", "n", "note", "Note", "of the highlight, in place"),
        Key("review.back", "escape,q", "back", "Back"),
    ], live_with=("app",)),
    "search": Scope("Search (`f` in the library)", [
        Key("search.back", "escape", "back", "Back",
            "from the results to the query; clears the query; then back to the library. `enter` in the query "
            "goes to the results, `enter` on a result opens it on the first match (`f` `F` step through them)"),
    ], live_with=("app",)),
    "explore": Scope("Explore (`x` in the library)", [
        Key("explore.back", "escape,q", "back", "Back"),
    ], live_with=("app",)),
    "feeds": Scope("Feeds (`F` in the library)", [
        Key("feeds.show", "enter", "show", "Show", "the feed's articles in the library"),
        Key("feeds.add", "a", "add", "Add", "a web address: a feed, a site that names one, or an article"),
        Key("feeds.sync", "R", "sync", "Sync", "this feed only (`R` in the library syncs them all)"),
        Key("feeds.rename", "r", "rename", "Rename", "a title of your own, which syncs keep"),
        Key("feeds.move", "m", "move", "Move", "to a folder (a path such as `Reading/Deep`; blank: none)"),
        Key("feeds.remove", "d,delete", "remove", "Unfollow", "asks first; its saved articles stay in the library"),
        Key("feeds.import", "i", "import", "Import OPML", "follow the feeds of another reader's OPML export, as "
            "`reader feed import` does", palette=("Import feeds from OPML", "The feeds of another reader's export")),
        Key("feeds.account", "S", "account", "Feed server",
            "log in to a feed server (FreshRSS, Miniflux...: the Google Reader API); syncs then go through it, both ways",
            palette=("Sync through a feed server", "Log in to FreshRSS, Miniflux... (Google Reader API)")),
        Key("feeds.settings", "e", "settings", "Settings", "this feed's own: its page or its feed's text, a CSS "
            "selector for the article, minutes between the app's syncs, days its read articles are kept"),
        Key("feeds.rules", "l", "app.rules", "Rules", "what to do with new articles as they arrive (keys below)"),
        Key("feeds.back", "escape,q", "back", "Back"),
    ], live_with=("app",)),
    "rules": Scope("Rules (`l` in the feeds, or the command palette)", [
        Key("rules.add", "a", "add", "Add", "a query (as `/`) and what to do with the new articles it finds: `skip`, "
            "`read`, `archive`, `later`, `star` or `tag:NAME`; run in order on each article as it arrives"),
        Key("rules.apply", "p", "apply", "Apply now", "the rule to the library as it is (says how many first; `u` undoes)"),
        Key("rules.remove", "d,delete", "remove", "Remove", "asks first"),
        Key("rules.undo", "u", "undo", "Undo", "the last apply", show=False),
        Key("rules.back", "escape,q", "back", "Back"),
    ], live_with=("app",)),
    "views": Scope("Views (`v` in the library)", [
        Key("views.show", "enter", "drawer('choose')", "Show", "the view's articles", priority=True),
        Key("views.down", "j,down", "drawer('move', 1)", "Down", show=False, priority=True),
        Key("views.up", "k,up", "drawer('move', -1)", "Up", show=False, priority=True),
        Key("views.save", "s", "drawer('save')", "Save filter as a view",
            "the view and filter on screen, under a name you give", priority=True),
        Key("views.remove", "d", "drawer('remove')", "Remove view", "a saved one (the articles stay)", priority=True),
        Key("views.rule", "r", "drawer('rule')", "Make a rule", "of the filter on screen: what to do with the new "
            "articles it finds as they arrive (`skip`, `read`, `archive`, `later`, `star`, `tag:NAME`)", priority=True),
        Key("views.close", "escape,q", "drawer('close')", "Close", priority=True),
    ]),
    **DIALOG_SCOPES,
}
# fmt: on
